/**
 * parseDom: HTML text → a small, bounded element tree.
 *
 * Built on htmlparser2's streaming `Parser` with our own tree builder
 * instead of `domhandler`, because the extractor needs far less than a DOM
 * and the builder is where hostile input is tamed:
 * - content that is never article text is not stored at all: scripts,
 *   styles, SVG, templates, frames, raw-text elements (`xmp`, `noembed`,
 *   `noframes`, `plaintext`), form controls. JSON-LD scripts are the one
 *   exception: their text is kept aside for the metadata reader.
 *   `<noscript>` is kept: some sites serve their whole content there for
 *   crawlers; the content search treats it as chrome otherwise;
 * - nesting deeper than `maxHtmlDepth` is flattened into the deepest
 *   element kept, so no later walk can overflow the stack;
 * - after `maxHtmlElements` elements, or {@link DEFAULT_MAX_HTML_TEXT_CHARS}
 *   characters of text, or
 *   with {@link MAX_HTML_OPEN_TAGS} tags open at once, the builder stops
 *   reading: the page is kept up to there and flagged `truncated`
 *   (article text sits near the top of every real page);
 * - attribute values longer than `maxAttributeChars` are dropped (inline
 *   data URIs, serialized state), so they cost nothing downstream.
 * Text keeps its white space as written; the block converter collapses it.
 */
import { Parser } from 'htmlparser2';
import {
  DEFAULT_LIMITS,
  DEFAULT_MAX_HTML_TEXT_CHARS,
  type HtmlLimits,
  MAX_HTML_ATTRIBUTE_CHARS,
  MAX_HTML_OPEN_TAGS,
} from '../../limits.ts';

/** An element of the page, with its children in document order. */
export interface HtmlElement {
  /** Lower-case tag name; `#root` for the document itself. */
  readonly tag: string;
  /** Attributes, lower-case names; over-long values are dropped. */
  readonly attrs: Readonly<Record<string, string>>;
  /** Child elements and text, in document order. */
  readonly children: HtmlNode[];
  /** The parent element; undefined for the root. */
  readonly parent: HtmlElement | undefined;
}

/** A node of the tree: an element, or a run of text. */
export type HtmlNode = HtmlElement | string;

/** A parsed page. */
export interface HtmlDocument {
  /** The synthetic root; `<html>` (when present) is among its children. */
  readonly root: HtmlElement;
  /** The text of the first `<title>`, as written. */
  readonly title: string;
  /** Texts of `<script type="application/ld+json">` elements. */
  readonly jsonLd: readonly string[];
  /**
   * Ids of the menus the page's controls open: the `aria-controls` of
   * every element with `aria-haspopup="true"` or `"menu"` (a "Shop by
   * category" button and its flyout, an account menu), skipped
   * `<button>`s included. Not a combobox's `listbox`: its options can be
   * the page's own offer.
   */
  readonly popups: ReadonlySet<string>;
  /** Whether a size limit stopped the builder before the end of the page. */
  readonly truncated: boolean;
  /** Elements kept in the tree. */
  readonly elementCount: number;
}

/**
 * Elements whose content is never article text. Their whole subtree is
 * skipped while parsing. `button`, `select` and friends hold UI labels
 * ("Share", "Menu", country lists) that would read as prose. `noembed`,
 * `noframes`, `xmp` and `plaintext` hold raw text, which is markup as
 * often as not (a fallback page, a code sample printed verbatim).
 */
const SKIPPED_TAGS: ReadonlySet<string> = new Set([
  'script',
  'style',
  'template',
  'noembed',
  'noframes',
  'xmp',
  'plaintext',
  'svg',
  'math',
  'canvas',
  'iframe',
  'object',
  'embed',
  'select',
  'option',
  'datalist',
  'textarea',
  'button',
  'dialog',
]);

/**
 * Ruby annotations: the reading printed over a word (furigana) and the
 * parentheses around it for browsers without ruby. Skipped inside a
 * `<ruby>` only: the text is the word itself, and its reading beside it
 * would print every word twice. A stray `<rt>` elsewhere is kept, so that
 * an unclosed one cannot swallow the rest of the page.
 */
const RUBY_ANNOTATION_TAGS: ReadonlySet<string> = new Set(['rt', 'rp']);

/** Elements a document has once. */
const SINGLETON_TAGS: ReadonlySet<string> = new Set(['html', 'head', 'body']);

/** JSON-LD script types (the only script content that is read). */
const JSON_LD_TYPE = /^\s*application\/ld\+json\s*$/i;

/** Largest JSON-LD script kept, in characters; real ones are a few KB. */
const MAX_JSON_LD_CHARS = 512 * 1024;

const CDATA_OPEN = '<![CDATA[';
const CDATA_AS_COMMENT = '<!--[CDATA[-->';

/**
 * A self-closed start tag (`<iframe src="…" />`) of an element htmlparser2
 * reads as raw text up to its end tag.
 */
const SELF_CLOSED_RAW_TEXT = /<(iframe|noembed|xmp)(\s[^<>]*?)?\/>/gi;

/** Input is fed to the parser in slices this long, to stop early. */
const CHUNK_CHARS = 64 * 1024;

/** A run of white space, as HTML defines it. */
const HTML_SPACE_RUN = /[ \t\n\f\r]+/;

/** White space only, as HTML defines it. */
const HTML_SPACE = /^[ \t\n\f\r]*$/;

/**
 * Parses `html` into a bounded {@link HtmlDocument}.
 *
 * Never throws on malformed markup: htmlparser2 recovers from anything, as
 * browsers do (unclosed tags are closed, stray end tags ignored).
 *
 * @example
 * ```ts
 * const doc = parseDom('<p>Hello <b>world</b></p>');
 * doc.root.children[0]; // { tag: 'p', children: ['Hello ', { tag: 'b', … }] }
 * ```
 */
export function parseDom(
  html: string,
  limits: HtmlLimits = DEFAULT_LIMITS
): HtmlDocument {
  const maxElements = limits.maxHtmlElements;
  const maxDepth = limits.maxHtmlDepth;
  const maxTextChars = DEFAULT_MAX_HTML_TEXT_CHARS;

  const root: HtmlElement = {
    tag: '#root',
    attrs: {},
    children: [],
    parent: undefined,
  };
  let current = root;
  let depth = 0;
  // One entry per open tag, in htmlparser2's order: true for an element in
  // the tree, false for a tag left out of it (past maxDepth or the limits,
  // or a second <body>), whose children go to the element around it.
  const open: boolean[] = [];
  // Depth inside a skipped subtree (script, svg, …); 0 when not skipping.
  let skipDepth = 0;
  let inJsonLd = false;
  let jsonLdText = '';
  let inTitle = false;
  let title = '';
  let sawTitle = false;
  let elementCount = 0;
  let textChars = 0;
  let truncated = false;
  const jsonLd: string[] = [];
  const seenSingletons = new Set<string>();
  const popups = new Set<string>();

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (skipDepth > 0) {
          skipDepth++;
          return;
        }
        const { 'aria-haspopup': popup, 'aria-controls': controls } = attribs;
        if (controls && (popup === 'true' || popup === 'menu')) {
          for (const id of controls.split(HTML_SPACE_RUN))
            if (id) popups.add(id);
        }
        if (
          SKIPPED_TAGS.has(name) ||
          (RUBY_ANNOTATION_TAGS.has(name) && isInRuby(current))
        ) {
          skipDepth = 1;
          inJsonLd = name === 'script' && JSON_LD_TYPE.test(attribs.type ?? '');
          jsonLdText = '';
          return;
        }
        if (name === 'title' && !sawTitle) {
          inTitle = true;
          sawTitle = true;
        }
        // A second <html>, <head> or <body> (a page pasted into a page)
        // is ignored, as browsers do, so that one body holds the content.
        const isSingleton = SINGLETON_TAGS.has(name);
        if (elementCount >= maxElements) truncated = true;
        if (open.length >= MAX_HTML_OPEN_TAGS) {
          // htmlparser2 keeps its open-tag stack in an array it unshifts:
          // each open tag costs the stack's depth, so thousands of unclosed
          // tags are quadratic. Stop reading here (see the limit's doc).
          truncated = true;
          parser.pause();
          return;
        }
        if (
          truncated ||
          depth >= maxDepth ||
          (isSingleton && seenSingletons.has(name))
        ) {
          open.push(false);
          return;
        }
        if (isSingleton) seenSingletons.add(name);
        const element: HtmlElement = {
          tag: name,
          attrs: boundedAttributes(attribs),
          children: [],
          parent: current,
        };
        elementCount++;
        current.children.push(element);
        current = element;
        depth++;
        open.push(true);
      },
      onclosetag() {
        if (skipDepth > 0) {
          skipDepth--;
          if (skipDepth === 0 && inJsonLd) {
            if (jsonLdText.length <= MAX_JSON_LD_CHARS) jsonLd.push(jsonLdText);
            inJsonLd = false;
          }
          return;
        }
        inTitle = false;
        if (open.pop() && current.parent) {
          current = current.parent;
          depth--;
        }
      },
      ontext(text) {
        if (skipDepth > 0) {
          if (inJsonLd && jsonLdText.length <= MAX_JSON_LD_CHARS) {
            jsonLdText += text;
          }
          return;
        }
        if (inTitle) {
          title += text;
          return;
        }
        if (truncated) return;
        textChars += text.length;
        if (textChars > maxTextChars) {
          truncated = true;
          return;
        }
        appendText(current, text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }
  );
  // htmlparser2 reads `<![CDATA[` as a CDATA section up to `]]>`, which
  // HTML has only inside SVG and MathML; browsers read it as a comment
  // ending at the next `>`. Pages that print it in the body would lose
  // everything after it, so it is closed at once. Inside scripts the
  // change is harmless: script text is raw and dropped.
  const uncdata = html.includes(CDATA_OPEN)
    ? html.replaceAll(CDATA_OPEN, CDATA_AS_COMMENT)
    : html;
  // htmlparser2 reads an `<iframe>` as raw text up to `</iframe>`, and so
  // reads `<iframe … />` (a tag manager's tracking frame in `<noscript>`)
  // as the start of an iframe that never ends: everything after it is
  // lost. A browser running scripts reads the `<noscript>` as text and
  // shows the rest of the page; the tag is closed where it is written.
  const source = uncdata.replace(SELF_CLOSED_RAW_TEXT, '<$1$2></$1>');
  // Feed the page in slices so that a page past the limits stops being
  // tokenized as soon as the builder has all it will keep.
  for (let at = 0; at < source.length && !truncated; at += CHUNK_CHARS) {
    parser.write(source.slice(at, at + CHUNK_CHARS));
  }
  // A paused parser has stopped for good: the tree is complete as it is.
  if (open.length < MAX_HTML_OPEN_TAGS) parser.end();
  return { root, title, jsonLd, popups, truncated, elementCount };
}

/** Appends text to `parent`, merging with a text child before it. */
function appendText(parent: HtmlElement, text: string): void {
  const { children } = parent;
  const last = children.length - 1;
  const previous = children[last];
  if (typeof previous === 'string') {
    // htmlparser2 hands text over in pieces (one at each entity, one at
    // each input slice): a piece of white space only still belongs to
    // the text before it, so "Fish &amp; <i>chips</i>" keeps its space.
    children[last] = previous + text;
    return;
  }
  // White space between elements matters only as a word separator.
  children.push(HTML_SPACE.test(text) ? ' ' : text);
}

/** The attributes with over-long values dropped. */
function boundedAttributes(
  attribs: Record<string, string>
): Record<string, string> {
  for (const name in attribs) {
    if ((attribs[name] as string).length > MAX_HTML_ATTRIBUTE_CHARS) {
      delete attribs[name];
    }
  }
  return attribs;
}

/** The text content of `node`, as written (white space not collapsed). */
export function textOf(node: HtmlNode): string {
  if (typeof node === 'string') return node;
  let out = '';
  for (const child of node.children) out += textOf(child);
  return out;
}

/**
 * The text content of `node` with a space around child elements, for
 * short fields (headings, bylines) whose parts are laid out as blocks:
 * `<div>Jane Smith</div><div>Editor</div>` reads "Jane Smith Editor", not
 * "Jane SmithEditor". With `only`, just those tags get spaces (so that
 * `<em>` inside a headline does not). White space is not collapsed.
 */
export function spacedTextOf(
  node: HtmlNode,
  only?: ReadonlySet<string>
): string {
  if (typeof node === 'string') return node;
  let out = '';
  for (const child of node.children) {
    if (typeof child === 'string') out += child;
    else if (only && !only.has(child.tag)) out += spacedTextOf(child, only);
    else out += ` ${spacedTextOf(child, only)} `;
  }
  return out;
}

/** The first element in `node`'s subtree (itself included) that passes `test`. */
export function findFirst(
  node: HtmlElement,
  test: (element: HtmlElement) => boolean
): HtmlElement | undefined {
  if (test(node)) return node;
  for (const child of node.children) {
    if (typeof child === 'string') continue;
    const found = findFirst(child, test);
    if (found) return found;
  }
  return undefined;
}

/** Every element in `node`'s subtree (itself included) that passes `test`. */
export function findAll(
  node: HtmlElement,
  test: (element: HtmlElement) => boolean,
  out: HtmlElement[] = []
): HtmlElement[] {
  if (test(node)) out.push(node);
  for (const child of node.children) {
    if (typeof child !== 'string') findAll(child, test, out);
  }
  return out;
}

/** Whether an element is a `<ruby>` or inside one. */
function isInRuby(element: HtmlElement): boolean {
  for (let e: HtmlElement | undefined = element; e; e = e.parent) {
    if (e.tag === 'ruby') return true;
  }
  return false;
}
