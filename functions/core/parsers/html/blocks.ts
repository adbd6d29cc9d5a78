/**
 * toBlocks: elements → body blocks and images, in reading order.
 *
 * Block-level elements end a run of inline text; each run becomes a
 * paragraph. On top of that:
 * - `h1`–`h6` become headings, `ul`/`ol` lists (one item per `li`, nested
 *   lists flattened after their item), `blockquote` a quote, `pre` code
 *   with its white space kept;
 * - data tables become one paragraph per row, cells joined by ` | `;
 *   layout tables (cells holding paragraphs or tables) are read as
 *   containers;
 * - `<br><br>` splits a paragraph, as it does on screen;
 * - `figure` and `img` become images, with the `figcaption` as caption and
 *   its credit-classed part as credit; captions never enter the body.
 * Only text nodes reach the output, and text that reads as markup (tags a
 * page escaped twice) is removed from them; script and style content never
 * entered the tree (see `dom.ts`).
 */
import type { Block, Image } from '../../draft.ts';
import { heading, list, paragraph } from '../../draft.ts';
import { HTML_ELEMENT_NAMES } from '../../html-element-names.ts';
import { countWords } from '../../text.ts';
import { type HtmlElement, textOf } from './dom.ts';
import {
  BLOCK_TAGS,
  CAPTION_CLASS,
  CREDIT_CLASS,
  HEADING_LEVELS,
  PHOTO_CREDIT_LINE,
  STORY_CAPTION_CLASS,
} from './rules.ts';

/**
 * Stands for `<br>` in collected text until paragraphs are split; the
 * line breaks of the source are folded to spaces as text is collected.
 */
const BREAK = '\n';
const SOURCE_LINE_BREAKS = /[\n\r\f]/g;
/**
 * Marks where one inline element ends and another begins. Product cards
 * and bylines lay inline elements out as separate lines with CSS, with no
 * white space in the markup: `<span>The North Face</span><span>Wawona 6
 * Tent</span>`. Where such a seam joins a lower-case letter to a capital,
 * a space is read; otherwise the seam vanishes (`<b>W</b>ord`). A private
 * use character, so no page text can collide with it.
 */
const SEAM = '\uE000';
const CAMEL_SEAM = /(\p{Ll})\uE000+(\p{Lu})/gu;
/**
 * A tag of an HTML element (`<img src="…">`, `</div>`), a comment or a
 * doctype, as text. Element names are HTML's own, so an angle-bracketed
 * phrase is not taken for a tag.
 */
const MARKUP_AS_TEXT = new RegExp(
  `<!--[\\s\\S]*?(?:-->|$)|<!doctype[^<>]*>|</?(?:${HTML_ELEMENT_NAMES.join('|')})(?=[\\s/>])[^<>]{0,2000}>`,
  'gi'
);
/**
 * The same tag escaped twice (`&lt;img height="1" …/&gt;`), which reads as
 * `&lt;img …&gt;` once the page's own escaping is undone.
 */
const ESCAPED_MARKUP_AS_TEXT = new RegExp(
  `&lt;/?(?:${HTML_ELEMENT_NAMES.join('|')})(?=[\\s/]|&gt;)[^<>]{0,2000}?&gt;`,
  'gi'
);
/** HTML white space runs, `BREAK` included. */
const SPACE_RUN = /[ \t\n\f\r\u00a0]+/g;
/** Two or more breaks, with white space between: a paragraph break. */
const PARAGRAPH_BREAK = /\n[ \t\u00a0]*\n[\s]*/;
/** Image attributes that hold the real URL on lazy-loading pages. */
const IMAGE_SOURCES = ['src', 'data-src', 'data-lazy-src', 'data-original'];
/** Placeholder sources of lazy-loading pages, not images. */
const PLACEHOLDER_SRC = /^data:|\.gif$|blank|spacer|placeholder|pixel/i;

/** What an image-less figure may hold besides an image: read as text. */
const TEXT_FIGURE_TAGS: ReadonlySet<string> = new Set([
  'table',
  'blockquote',
  'pre',
  'p',
  'ul',
  'ol',
]);

/** What {@link toBlocks} produces. */
export interface BlockOutput {
  readonly body: Block[];
  readonly images: Image[];
}

/** Options of {@link toBlocks}. */
export interface BlockOptions {
  /** Elements to leave out, with everything inside them. */
  readonly excluded?: ReadonlySet<HtmlElement>;
  /**
   * The elements are a story's. Then short paragraphs that are nothing
   * but links are left out: such a line is the story's navigation ("Older
   * post", "Back to the overview", "Print", "Report an error", "12
   * comments"), never its text. And any block whose class names a caption
   * (`caption`, `legend`, `image-description`…) is one; on other pages
   * such classes also mark carousel slides and product card text.
   * @default false: every paragraph is kept (a fragment, a listing), and
   * only the classes of image captions mark captions
   */
  readonly story?: boolean;
}

/** Longest line of links, in words, that a story leaves out. */
const MAX_LINK_LINE_WORDS = 8;
/**
 * Mark where a link's text starts and ends in collected inline text, so
 * that a paragraph made of links alone can be told (private use
 * characters, as {@link SEAM}).
 */
const LINK_START = '\uE001';
const LINK_END = '\uE002';
const LINK_MARKS = /[\uE001\uE002]/g;
const LINKED_TEXT = /\uE001[^\uE002]*\uE002/g;
/** A letter or a digit: text that says something. */
const WORDY = /[\p{L}\p{N}]/u;

/** Longest photo credit line, in words. */
const MAX_CREDIT_LINE_WORDS = 8;

/** Whether a line credits a photo: "Foto: Jo Penrose", "Photo: AFP". */
function isCreditLine(line: string): boolean {
  return (
    PHOTO_CREDIT_LINE.test(line) && countWords(line) <= MAX_CREDIT_LINE_WORDS
  );
}

/**
 * Whether a paragraph of collected inline text is a short line of links
 * and separators only ("Print | Email", "Older post").
 */
function isLinkLine(part: string): boolean {
  if (!part.includes(LINK_START) || WORDY.test(part.replace(LINKED_TEXT, ''))) {
    return false;
  }
  return (
    countWords(collapse(part.replace(LINK_MARKS, ''))) <= MAX_LINK_LINE_WORDS
  );
}

/**
 * Converts elements (content roots, or a fragment's root) to blocks.
 *
 * @example
 * ```ts
 * toBlocks([parseDom('<h2>Hi</h2><p>One <b>two</b></p>').root]).body;
 * // [{ type: 'heading', text: 'Hi', level: 2 }, { type: 'paragraph', text: 'One two' }]
 * ```
 */
export function toBlocks(
  roots: readonly HtmlElement[],
  options: BlockOptions = {}
): BlockOutput {
  const writer = new BlockWriter(
    options.excluded ?? new Set(),
    options.story ?? false
  );
  for (const root of roots) writer.element(root);
  writer.flush();
  return { body: writer.body, images: writer.images };
}

/**
 * Walks elements in document order and writes blocks. Inline text
 * accumulates in `inline` until a block boundary flushes it as paragraphs;
 * structured elements (headings, lists, quotes, code, tables, figures)
 * flush first and then write their own block.
 */
class BlockWriter {
  public readonly body: Block[] = [];
  public readonly images: Image[] = [];
  private inline = '';
  private readonly excluded: ReadonlySet<HtmlElement>;
  private readonly story: boolean;

  public constructor(excluded: ReadonlySet<HtmlElement>, story: boolean) {
    this.excluded = excluded;
    this.story = story;
  }

  /** Ends the current run of inline text as paragraphs. */
  public flush(): void {
    const text = this.inline;
    this.inline = '';
    if (!text.trim()) return;
    for (const part of text.split(PARAGRAPH_BREAK)) {
      if (this.story && isLinkLine(part)) continue;
      const clean = collapse(part.replace(LINK_MARKS, ''));
      if (!clean) continue;
      // In a story, a line of its own that credits a photo ("Foto: Jo
      // Penrose") belongs with the images, as captions do.
      if (this.story && isCreditLine(clean)) {
        this.credit(clean);
      } else {
        this.body.push(paragraph(clean));
      }
    }
  }

  /** A credit line: the last image's credit, unless it has one already. */
  private credit(text: string): void {
    const last = this.images.length - 1;
    const image = this.images[last];
    if (image && !image.credit) this.images[last] = { ...image, credit: text };
    else this.images.push({ credit: text });
  }

  public element(element: HtmlElement): void {
    if (this.excluded.has(element)) return;
    const { tag } = element;
    if (tag === 'br') {
      this.inline += BREAK;
      return;
    }
    if (tag === 'img') {
      this.image(element, undefined);
      return;
    }
    if (isCaption(element, this.story) && !findTag(element, 'img')) {
      // A caption outside <figure> (`wp-caption-text`, `image-caption`)
      // describes an image: it goes with the images, not the body.
      this.flush();
      const credit = findCredit(element);
      const caption = collapse(withoutElement(element, credit));
      const creditText = credit ? collapse(textOf(credit)) : undefined;
      if (caption || creditText) {
        this.images.push(definedOnly({ caption, credit: creditText }));
      }
      return;
    }
    if (!BLOCK_TAGS.has(tag)) {
      const link = tag === 'a';
      this.inline += link ? `${SEAM}${LINK_START}` : SEAM;
      this.children(element);
      this.inline += link ? `${LINK_END}${SEAM}` : SEAM;
      return;
    }
    this.flush();
    const level = HEADING_LEVELS.get(tag);
    if (level !== undefined) {
      const text = collapse(this.plainText(element));
      if (text) this.body.push(heading(text, level));
    } else if (tag === 'ul' || tag === 'ol') {
      this.list(element, tag === 'ol');
    } else if (tag === 'blockquote') {
      this.quote(element);
    } else if (tag === 'pre') {
      const code = this.plainText(element)
        .replaceAll(SEAM, '')
        .replace(/^\n+|\s+$/g, '');
      if (code) this.body.push({ type: 'code', text: code });
    } else if (tag === 'figure') {
      this.figure(element);
    } else if (tag === 'table' && !isLayoutTable(element)) {
      this.table(element);
    } else {
      this.children(element);
    }
    this.flush();
  }

  private children(element: HtmlElement): void {
    for (const child of element.children) {
      if (typeof child !== 'string') this.element(child);
      else if (child.includes(BREAK)) {
        this.inline += child.replace(SOURCE_LINE_BREAKS, ' ');
      } else this.inline += child;
    }
  }

  /** The text of `element` without excluded parts, `<br>` as a newline. */
  private plainText(element: HtmlElement): string {
    let out = '';
    for (const child of element.children) {
      if (typeof child === 'string') out += child;
      else if (child.tag === 'br') out += '\n';
      else if (!this.excluded.has(child)) {
        out += `${SEAM}${this.plainText(child)}${SEAM}`;
      }
    }
    return out;
  }

  /**
   * One list block from `ul`/`ol`. Items nested in sub-lists become items
   * of their own (flattened), so every item is one line of `text`.
   */
  private list(element: HtmlElement, ordered: boolean): void {
    const items: string[] = [];
    const visitItems = (parent: HtmlElement): void => {
      for (const child of parent.children) {
        if (typeof child === 'string' || this.excluded.has(child)) continue;
        if (child.tag === 'li') this.item(child, items);
        else if (child.tag === 'ul' || child.tag === 'ol') visitItems(child);
        else if (!BLOCK_TAGS.has(child.tag) || child.tag === 'div') {
          // Some CMSs wrap items in a div or a span inside the list.
          visitItems(child);
        }
      }
    };
    visitItems(element);
    if (items.length > 0) this.body.push(list(items, ordered));
    // A list without items is a wrapper (a slider's `<ul>` of card
    // `<div>`s): its blocks are read as they stand.
    else this.children(element);
  }

  /** One `li`: its own text, then the items of lists nested in it. */
  private item(element: HtmlElement, items: string[]): void {
    let own = '';
    const nested: HtmlElement[] = [];
    const collect = (parent: HtmlElement): void => {
      for (const child of parent.children) {
        if (typeof child === 'string') own += child;
        else if (this.excluded.has(child)) continue;
        else if (child.tag === 'ul' || child.tag === 'ol') nested.push(child);
        else if (child.tag === 'br') own += ' ';
        else if (child.tag === 'img') this.image(child, undefined);
        else {
          const edge = BLOCK_TAGS.has(child.tag) ? ' ' : SEAM;
          own += edge;
          collect(child);
          own += edge;
        }
      }
    };
    collect(element);
    const text = collapse(own);
    if (text) items.push(text);
    for (const list of nested) {
      for (const child of list.children) {
        if (typeof child !== 'string' && child.tag === 'li') {
          this.item(child, items);
        }
      }
    }
  }

  /** A blockquote's paragraphs become one quote block. */
  private quote(element: HtmlElement): void {
    const text = collapse(this.plainText(element));
    if (text) this.body.push({ type: 'quote', text });
  }

  /**
   * A data table: one paragraph per row, cells joined by ` | `, which
   * keeps a row's values together when `text` is read as prose.
   */
  private table(element: HtmlElement): void {
    const rows: HtmlElement[] = [];
    const findRows = (parent: HtmlElement): void => {
      for (const child of parent.children) {
        if (typeof child === 'string' || this.excluded.has(child)) continue;
        if (child.tag === 'tr') rows.push(child);
        else if (child.tag !== 'table') findRows(child);
      }
    };
    findRows(element);
    for (const row of rows) {
      const cells = row.children
        .filter((c): c is HtmlElement => typeof c !== 'string')
        .filter((c) => !this.excluded.has(c))
        .map((cell) => collapse(this.plainText(cell)))
        .filter(Boolean);
      if (cells.length > 0) this.body.push(paragraph(cells.join(' | ')));
    }
  }

  /** A figure: its image with caption and credit, or its text. */
  private figure(element: HtmlElement): void {
    const caption = findTag(element, 'figcaption');
    let captionText: string | undefined;
    let credit: string | undefined;
    if (caption && !this.excluded.has(caption)) {
      const creditElement = findCredit(caption);
      credit = creditElement ? collapse(textOf(creditElement)) : undefined;
      captionText = collapse(withoutElement(caption, creditElement));
    }
    const img = findTag(element, 'img');
    if (img) {
      this.image(img, { caption: captionText, credit });
      return;
    }
    // A figure without an image holds a table, a pull quote or code (with
    // its caption): that is text, read in place.
    const holdsText = findFirstBelow(element, (e) =>
      TEXT_FIGURE_TAGS.has(e.tag)
    );
    if (holdsText || !captionText) {
      this.children(element);
      return;
    }
    this.images.push(definedOnly({ caption: captionText, credit }));
  }

  /** An image, with what its figure says about it; placeholders skipped. */
  private image(
    img: HtmlElement,
    about:
      | { caption: string | undefined; credit: string | undefined }
      | undefined
  ): void {
    const url = imageUrl(img);
    const alt = collapse(img.attrs.alt ?? '');
    if (!url && !about?.caption) return;
    this.images.push(
      definedOnly({
        url,
        caption: about?.caption || undefined,
        credit: about?.credit || undefined,
        alt: alt || undefined,
      })
    );
  }
}

/** Whether an element is an image caption by its class. */
function isCaption(element: HtmlElement, story: boolean): boolean {
  const names = element.attrs.class;
  if (names === undefined) return false;
  return (
    CAPTION_CLASS.test(names) || (story && STORY_CAPTION_CLASS.test(names))
  );
}

/**
 * Collapses white space and trims; element seams become a space where
 * a lower-case letter meets a capital (see {@link SEAM}), else nothing.
 */
function collapse(text: string): string {
  const seamed = text.includes(SEAM)
    ? text.replace(CAMEL_SEAM, '$1 $2').replaceAll(SEAM, '')
    : text;
  const plain =
    seamed.includes('<') || seamed.includes('&lt;')
      ? withoutMarkup(seamed)
      : seamed;
  return plain.replace(SPACE_RUN, ' ').trim();
}

/**
 * Text without what reads as markup: tags of HTML elements, comments and
 * doctypes. Such text is markup a page escaped once too often (a tracking
 * pixel's `&lt;img height="1" …&gt;` in a `<noscript>`, or twice), never prose;
 * `<when the tide turned>` is not a tag, and stays. Code blocks keep it.
 */
function withoutMarkup(text: string): string {
  return text.replace(MARKUP_AS_TEXT, ' ').replace(ESCAPED_MARKUP_AS_TEXT, ' ');
}

/** A table that lays out the page rather than holding data. */
function isLayoutTable(table: HtmlElement): boolean {
  const layout = findFirstBelow(
    table,
    (e) =>
      e.tag === 'table' || e.tag === 'p' || e.tag === 'div' || e.tag === 'ul'
  );
  return layout !== undefined;
}

/** The first descendant (not `element` itself) that passes `test`. */
function findFirstBelow(
  element: HtmlElement,
  test: (e: HtmlElement) => boolean
): HtmlElement | undefined {
  for (const child of element.children) {
    if (typeof child === 'string') continue;
    if (test(child)) return child;
    const found = findFirstBelow(child, test);
    if (found) return found;
  }
  return undefined;
}

/** The first descendant with `tag`. */
function findTag(element: HtmlElement, tag: string): HtmlElement | undefined {
  return findFirstBelow(element, (e) => e.tag === tag);
}

/** The credit-classed part of a caption (`<span class="credit">`). */
function findCredit(caption: HtmlElement): HtmlElement | undefined {
  return findFirstBelow(caption, (e) =>
    CREDIT_CLASS.test(`${e.attrs.class ?? ''} ${e.attrs.itemprop ?? ''}`)
  );
}

/** The text of `element` without the text of `left`. */
function withoutElement(
  element: HtmlElement,
  left: HtmlElement | undefined
): string {
  let out = '';
  for (const child of element.children) {
    if (typeof child === 'string') out += child;
    else if (child !== left) out += ` ${withoutElement(child, left)} `;
  }
  return out;
}

/**
 * The real URL of an image: lazy-loading pages put a placeholder in `src`
 * and the image in a `data-*` attribute.
 */
function imageUrl(img: HtmlElement): string | undefined {
  for (const name of IMAGE_SOURCES) {
    const value = img.attrs[name]?.trim();
    if (value && !PLACEHOLDER_SRC.test(value)) return value;
  }
  return undefined;
}

/** An image without its empty fields (the schema wants them absent). */
function definedOnly(image: Record<string, string | undefined>): Image {
  return Object.fromEntries(
    Object.entries(image).filter(([, v]) => v !== undefined && v !== '')
  ) as Image;
}
