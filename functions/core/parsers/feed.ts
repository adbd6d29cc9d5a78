/**
 * Feed reader: RSS 2.0, RSS 1.0 (RDF) and Atom → one entry per item,
 * read as the text arrives.
 *
 * ```
 * text chunks → htmlparser2 (XML mode) → item elements → FeedItem → onItem
 * ```
 * The XML is read with htmlparser2's tokenizer in XML mode, which is also
 * what makes it safe: it decodes the five predefined entities and
 * character references only, and never reads a DTD, so an `<!ENTITY>`
 * declaration defines nothing. "Billion laughs" stays a few literal
 * `&lol9;` characters, and an external entity (XXE) is never fetched.
 * Nesting deeper than `maxXmlDepth` stops the feed (the items read so far
 * are kept). It is lenient as feed readers are: a feed with an unescaped
 * `&` or an unclosed tag is read, not refused.
 *
 * Each item's elements are collected with their attributes and text
 * (Atom `type="xhtml"` content as markup), then mapped to entry fields:
 * `content:encoded`/Atom `content` is the full text, `description`/
 * `summary` the teaser, `dc:creator`/`author`, `pubDate`/`published`,
 * `media:content`/`media:thumbnail`/image enclosures, `category`. The
 * channel's title and language are every item's publisher and language.
 */
import { Parser } from 'htmlparser2';
import type { Image } from '../draft.ts';
import { InputRejectedError } from '../errors.ts';
import type { FeedLimits } from '../limits.ts';
import {
  type EntryFields,
  entryDate,
  entryUrl,
  languageCode,
  plainText,
  splitAuthors,
} from './entry-fields.ts';

/** The kinds of feed, by root element. */
export type FeedKind = 'rss' | 'atom';

/** One item of a feed, or why it could not be read. */
export type FeedItem =
  | { readonly index: number; readonly fields: EntryFields }
  | { readonly index: number; readonly error: InputRejectedError };

/** An element inside an item: where, its attributes, its text. */
interface ItemElement {
  /** Element names from the item down, lower case, joined by `/`. */
  readonly path: string;
  readonly attrs: Readonly<Record<string, string>>;
  text: string;
}

/** Roots of each kind of feed. */
const ROOTS: ReadonlyMap<string, FeedKind> = new Map([
  ['rss', 'rss'],
  ['rdf:rdf', 'rss'],
  ['feed', 'atom'],
]);
const ITEM_ELEMENTS = new Set(['item', 'entry']);
/** Channel-level elements: `rss/channel/title`, `feed/title`, … */
const CHANNEL_TITLE = new Set([
  'rss/channel/title',
  'rdf:rdf/channel/title',
  'feed/title',
]);
const CHANNEL_LANGUAGE = new Set([
  'rss/channel/language',
  'rss/channel/dc:language',
  'rdf:rdf/channel/dc:language',
]);
/** Characters that must be escaped when markup is re-serialised. */
const MARKUP_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};
const MARKUP_SPECIAL = /[&<>"]/gu;
/** Images by media type or file extension. */
const IMAGE_TYPE = /^image\//iu;
const IMAGE_EXTENSION = /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/iu;
/** Elements that never hold content (for re-serialising XHTML). */
const VOID_ELEMENTS = new Set(['br', 'hr', 'img', 'source', 'wbr']);

/**
 * Reads a feed as its text arrives.
 *
 * @example
 * ```ts
 * const reader = new FeedReader(DEFAULT_LIMITS, (item) => items.push(item));
 * reader.write(chunk); // any number of times
 * reader.end(); // 'rss' | 'atom'
 * ```
 */
export class FeedReader {
  readonly #limits: FeedLimits;
  readonly #onItem: (item: FeedItem) => void;
  readonly #parser: Parser;
  readonly #stack: string[] = [];
  #kind: FeedKind | undefined;
  #channelTitle = '';
  #channelLanguage: string | undefined;
  /** Depth of the open item element, or -1 outside items. */
  #itemDepth = -1;
  #itemElements: ItemElement[] = [];
  /** Elements of the item that are open, innermost last. */
  #openElements: ItemElement[] = [];
  /** Depth of an XHTML content element whose markup is being copied. */
  #markupDepth = -1;
  #itemChars = 0;
  #itemTooLarge = false;
  #items = 0;
  #error: InputRejectedError | undefined;

  /**
   * @param limits - `maxXmlDepth`, the deepest element nesting read, and
   * `maxEntryChars`, the most characters of text and attributes one item
   * may hold
   * @param onItem - called with each item, in order, as soon as its end
   * tag is read
   */
  public constructor(limits: FeedLimits, onItem: (item: FeedItem) => void) {
    this.#limits = limits;
    this.#onItem = onItem;
    this.#parser = new Parser(
      {
        onopentag: (name, attrs) => this.#open(name.toLowerCase(), attrs),
        ontext: (text) => this.#text(text),
        onclosetag: (name) => this.#close(name.toLowerCase()),
      },
      { xmlMode: true, decodeEntities: true }
    );
  }

  /** The kind of feed, once its root element was read. */
  public get kind(): FeedKind | undefined {
    return this.#kind;
  }

  /** Number of items read so far. */
  public get items(): number {
    return this.#items;
  }

  /**
   * Reads more of the feed.
   *
   * @throws InputRejectedError past the depth limit, or for XML that is
   * no feed (found at its root element)
   */
  public write(text: string): void {
    this.#throwIfFailed();
    this.#parser.write(text);
    this.#throwIfFailed();
  }

  /**
   * Finishes the feed.
   *
   * @returns the kind of feed
   * @throws InputRejectedError as {@link write} does, and for text that
   * had no root element at all
   */
  public end(): FeedKind {
    this.#throwIfFailed();
    this.#parser.end();
    this.#throwIfFailed();
    if (!this.#kind) {
      throw new InputRejectedError(
        'malformed',
        'content looks like XML but has no root element'
      );
    }
    return this.#kind;
  }

  #throwIfFailed(): void {
    if (this.#error) throw this.#error;
  }

  /** Errors are raised after the parser returns, never inside its callbacks. */
  #fail(error: InputRejectedError): void {
    this.#error ??= error;
    this.#parser.pause();
  }

  #open(name: string, attrs: Record<string, string>): void {
    if (this.#error) return;
    this.#stack.push(name);
    const depth = this.#stack.length;
    if (depth > this.#limits.maxXmlDepth) {
      this.#fail(
        new InputRejectedError(
          'malformed',
          `XML nests deeper than ${this.#limits.maxXmlDepth} elements (at <${name}>); feeds nest a few levels, so the rest of the file is not read`
        )
      );
      return;
    }
    if (depth === 1) {
      this.#kind = ROOTS.get(name);
      if (!this.#kind) {
        this.#fail(
          new InputRejectedError(
            'unsupported-format',
            `XML document with root element <${name}> is neither an RSS nor an Atom feed`
          )
        );
        return;
      }
      const lang = attrs['xml:lang'];
      if (lang) this.#channelLanguage = languageCode(lang);
      return;
    }
    if (this.#markupDepth !== -1) {
      this.#appendMarkup(`<${name}${serialiseAttrs(attrs)}>`);
      return;
    }
    if (this.#itemDepth === -1) {
      if (ITEM_ELEMENTS.has(name)) this.#startItem(depth);
      return;
    }
    const path = this.#stack.slice(this.#itemDepth).join('/');
    const element: ItemElement = { path, attrs, text: '' };
    this.#count(path.length + JSON.stringify(attrs).length);
    if (!this.#itemTooLarge) this.#itemElements.push(element);
    this.#openElements.push(element);
    if (path === 'content' && attrs.type === 'xhtml') this.#markupDepth = depth;
  }

  #text(text: string): void {
    if (this.#error) return;
    if (this.#itemDepth === -1) {
      const path = this.#stack.join('/');
      if (CHANNEL_TITLE.has(path)) this.#channelTitle += text;
      else if (CHANNEL_LANGUAGE.has(path)) {
        this.#channelLanguage = languageCode(text) ?? this.#channelLanguage;
      }
      return;
    }
    if (this.#markupDepth !== -1) {
      this.#appendMarkup(text.replace(MARKUP_SPECIAL, escapeChar));
      return;
    }
    const element = this.#openElements.at(-1);
    if (!element) return;
    this.#count(text.length);
    if (!this.#itemTooLarge) element.text += text;
  }

  #close(name: string): void {
    if (this.#error) return;
    const depth = this.#stack.length;
    this.#stack.pop();
    if (this.#markupDepth !== -1 && depth > this.#markupDepth) {
      if (!VOID_ELEMENTS.has(name)) this.#appendMarkup(`</${name}>`);
      return;
    }
    if (depth === this.#markupDepth) this.#markupDepth = -1;
    if (this.#itemDepth === -1) return;
    if (depth === this.#itemDepth) {
      this.#endItem();
      return;
    }
    this.#openElements.pop();
  }

  #appendMarkup(markup: string): void {
    const content = this.#openElements.at(-1);
    this.#count(markup.length);
    if (content && !this.#itemTooLarge) content.text += markup;
  }

  #count(chars: number): void {
    this.#itemChars += chars;
    if (this.#itemChars > this.#limits.maxEntryChars && !this.#itemTooLarge) {
      // Stop keeping the item's text: memory stays bounded, and the item
      // is reported when it ends.
      this.#itemTooLarge = true;
      this.#itemElements = [];
      for (const element of this.#openElements) element.text = '';
    }
  }

  #startItem(depth: number): void {
    this.#itemDepth = depth;
    this.#itemElements = [];
    this.#openElements = [];
    this.#itemChars = 0;
    this.#itemTooLarge = false;
  }

  #endItem(): void {
    const index = this.#items++;
    const elements = this.#itemElements;
    const tooLarge = this.#itemTooLarge;
    this.#itemDepth = -1;
    this.#itemElements = [];
    this.#openElements = [];
    if (tooLarge) {
      this.#onItem({
        index,
        error: new InputRejectedError(
          'too-large',
          `item holds more than ${this.#limits.maxEntryChars} characters, the limit for one entry`
        ),
      });
      return;
    }
    const channel = {
      publisher: this.#channelTitle.trim() || undefined,
      language: this.#channelLanguage,
    };
    this.#onItem({ index, fields: itemFields(elements, channel) });
  }
}

/** Entry fields of an item, from its elements. */
function itemFields(
  elements: readonly ItemElement[],
  channel: { publisher: string | undefined; language: string | undefined }
): EntryFields {
  const all = (...paths: string[]) =>
    elements.filter((e) => paths.includes(e.path));
  const text = (...paths: string[]) => {
    for (const path of paths) {
      const found = elements.find((e) => e.path === path && e.text.trim());
      if (found) return found.text.trim();
    }
    return undefined;
  };
  const published = text('pubdate', 'published', 'dc:date', 'issued');
  const updated = text('updated', 'atom:updated', 'dcterms:modified');
  const content = elements.find(
    (e) =>
      (e.path === 'content:encoded' ||
        (e.path === 'content' && !e.attrs.src)) &&
      e.text.trim()
  );
  return {
    title: text('title'),
    url: itemUrl(elements),
    authors: [
      ...all('dc:creator', 'author', 'itunes:author').flatMap((e) =>
        splitAuthors(e.text)
      ),
      ...all('author/name').map((e) => plainText(e.text)),
    ].filter(Boolean),
    publishedAt: date(published ?? updated),
    modifiedAt: published ? date(updated) : undefined,
    content: content?.text,
    description: text('description', 'summary'),
    publisher: text('source') ?? channel.publisher,
    language: channel.language,
    images: itemImages(elements),
    tags: all('category', 'dc:subject')
      .map((e) => (e.attrs.term ?? e.attrs.label ?? e.text).trim())
      .filter(Boolean),
  };
}

/** `link` (RSS text, or Atom's alternate `href`), else a permalink guid. */
function itemUrl(elements: readonly ItemElement[]): string | undefined {
  for (const e of elements) {
    if (e.path !== 'link' && e.path !== 'atom:link') continue;
    const rel = e.attrs.rel ?? 'alternate';
    const href = e.attrs.href ?? e.text;
    if (rel === 'alternate' && href.trim()) {
      const url = entryUrl(href);
      if (url) return url;
    }
  }
  for (const e of elements) {
    // A guid is the item's URL unless it says it is not a permalink.
    const permalink =
      e.path === 'guid' &&
      (e.attrs.isPermaLink ?? e.attrs.ispermalink) !== 'false';
    if (permalink || e.path === 'id') {
      const url = entryUrl(e.text);
      if (url) return url;
    }
  }
  return undefined;
}

/**
 * Images of an item: `media:content` and `media:thumbnail` (in or out of
 * a `media:group`), image enclosures; caption and credit from the media
 * element's own `media:description`/`media:credit`, else the item's.
 */
function itemImages(elements: readonly ItemElement[]): Image[] {
  const images: Image[] = [];
  const seen = new Set<string>();
  const itemCaption = elements.find((e) => e.path === 'media:description');
  const itemCredit = elements.find((e) => e.path === 'media:credit');
  for (const e of elements) {
    const leaf = e.path.split('/').at(-1);
    const isMedia = leaf === 'media:content' || leaf === 'media:thumbnail';
    const isEnclosure =
      (e.path === 'enclosure' ||
        (e.path === 'link' && e.attrs.rel === 'enclosure')) &&
      IMAGE_TYPE.test(e.attrs.type ?? '');
    if (!isMedia && !isEnclosure) continue;
    const raw = e.attrs.url ?? e.attrs.href ?? '';
    const isImage =
      e.attrs.medium === 'image' ||
      IMAGE_TYPE.test(e.attrs.type ?? '') ||
      (!e.attrs.medium && !e.attrs.type && IMAGE_EXTENSION.test(raw)) ||
      leaf === 'media:thumbnail';
    const url = isImage ? entryUrl(raw) : undefined;
    if (!url || seen.has(url)) continue;
    seen.add(url);
    const caption =
      childText(elements, e, 'media:description') ??
      childText(elements, e, 'media:title') ??
      (images.length === 0 ? itemCaption?.text.trim() : undefined);
    const credit =
      childText(elements, e, 'media:credit') ??
      (images.length === 0 ? itemCredit?.text.trim() : undefined);
    images.push({
      url,
      ...(caption ? { caption: plainText(caption) } : {}),
      ...(credit ? { credit: plainText(credit) } : {}),
    });
  }
  return images;
}

/** Text of a child element of `parent` (e.g. its `media:credit`). */
function childText(
  elements: readonly ItemElement[],
  parent: ItemElement,
  name: string
): string | undefined {
  const path = `${parent.path}/${name}`;
  return elements.find((e) => e.path === path && e.text.trim())?.text.trim();
}

function date(value: string | undefined): string | undefined {
  return value ? entryDate(value) : undefined;
}

function serialiseAttrs(attrs: Readonly<Record<string, string>>): string {
  return Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${v.replace(MARKUP_SPECIAL, escapeChar)}"`)
    .join('');
}

function escapeChar(char: string): string {
  return MARKUP_ESCAPES[char] ?? char;
}
