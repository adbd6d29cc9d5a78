/**
 * Safe fields: the rule every article passes after its format's parser
 * and the clean steps, whatever the format, so that no field of a stored
 * article can carry markup, a script URL or a control character, and a
 * new format cannot forget to check.
 *
 * - URL fields (`url`, `images[].url`) are absolute `http:` or `https:`
 *   URLs, or they are dropped: `javascript:`, `data:`, `vbscript:` and
 *   relative URLs never reach a consumer that renders them. A relative
 *   image URL is resolved against the article's own URL when it has one.
 * - Text fields (title, standfirst, body text and list items, captions,
 *   credits, alt texts, authors, publisher, tags) are plain text: what
 *   reads as an HTML tag (an HTML element's name, a comment, a doctype, a
 *   tag with an `on…=` event-handler attribute, or the start of a
 *   `<script`, `<iframe>` or another element that runs or embeds content)
 *   is removed. Code blocks keep tags printed as code (an HTML sample is
 *   their point) except the dangerous ones.
 * - Control characters other than newline and tab (C0, DEL, C1) are
 *   removed from every string, `origin.entry` and problem messages
 *   included (`safeText`), so nothing written to a terminal can drive it.
 *
 * Words such as "javascript:" in prose are text, and stay.
 */
import { type Block, type Draft, type Image, list } from './draft.ts';
import { HTML_ELEMENT_NAMES } from './html-element-names.ts';

/** Control characters (C0, DEL, C1) other than tab and newline. */
const CONTROL_CHARS = /(?![\t\n])\p{Cc}/gu;

/**
 * Elements that run or embed content: their opening is removed even
 * without a closing `>`, so that no `<script` survives in any text.
 */
const ACTIVE_ELEMENTS = [
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'svg',
  'math',
  'noembed',
  'noframes',
  'xmp',
  'plaintext',
  'template',
  'base',
  'link',
  'meta',
  'form',
] as const;

/** The start of an active element, closed or not (`<script`, `</iframe`). */
const ACTIVE_TAG = new RegExp(
  `<\\s*/?\\s*(?:${ACTIVE_ELEMENTS.join('|')})[^<>]{0,2000}>?`,
  'giu'
);

/** Any tag with an event-handler attribute (`<x onload=…`), closed or not. */
const EVENT_HANDLER_TAG =
  /<\s*\/?[a-z][^<>]{0,2000}?\bon[a-z]+\s*=[^<>]{0,2000}>?/giu;

/** Markup printed as text: an HTML element's tag, a comment, a doctype. */
const MARKUP_TAG = new RegExp(
  `<!--[\\s\\S]*?(?:-->|$)|<!\\[CDATA\\[|\\]\\]>|<!doctype[^<>]*>|</?(?:${HTML_ELEMENT_NAMES.join('|')})(?=[\\s/>])[^<>]{0,2000}>`,
  'giu'
);

/** Runs of spaces a removed tag leaves, and spaces at line ends. */
const SPACE_RUN = /[ \t]{2,}/gu;
const LINE_EDGE_SPACE = /[ \t]*\n[ \t]*/gu;

/** URL schemes a stored URL may have. */
const SAFE_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:']);

/**
 * `text` without control characters (other than newline and tab): for
 * every string Dropwire stores or prints that came from a file.
 */
export function withoutControls(text: string): string {
  return text.replace(/\r\n?/gu, '\n').replace(CONTROL_CHARS, '');
}

/**
 * `text` as plain text: no control characters, and nothing that reads as
 * an HTML tag. Tags are replaced by a space, so the words on either side
 * stay apart (and no new tag can form from the pieces).
 *
 * @example
 * ```ts
 * safeText('Hi <script>alert(1)</script> there'); // 'Hi alert(1) there'
 * ```
 */
export function safeText(text: string, code = false): string {
  let out = withoutControls(text);
  if (!out.includes('<') && !out.includes(']]>')) return out;
  const rules = code
    ? [ACTIVE_TAG, EVENT_HANDLER_TAG]
    : [ACTIVE_TAG, EVENT_HANDLER_TAG, MARKUP_TAG];
  // Removing one tag can join the text around it into another: repeat
  // until nothing changes (a few passes at most, each shortening it).
  for (let changed = true; changed; ) {
    changed = false;
    for (const rule of rules) {
      const next = out.replace(rule, ' ');
      if (next !== out) changed = true;
      out = next;
    }
  }
  if (code) return out;
  return out.replace(SPACE_RUN, ' ').replace(LINE_EDGE_SPACE, '\n').trim();
}

/**
 * `url` as an absolute http(s) URL, resolved against `base` when it is
 * relative; undefined for any other scheme, or a URL that does not parse.
 */
export function safeUrl(url: string, base?: string): string | undefined {
  const trimmed = withoutControls(url).trim();
  if (!trimmed) return undefined;
  let parsed: URL;
  try {
    parsed = base ? new URL(trimmed, base) : new URL(trimmed);
  } catch {
    return undefined;
  }
  return SAFE_SCHEMES.has(parsed.protocol) ? parsed.toString() : undefined;
}

/**
 * The draft with every field made safe (see the module doc). Fields that
 * nothing is left of are dropped, as are images with nothing left.
 */
export function safeDraft(draft: Draft): Draft {
  const url = draft.url === undefined ? undefined : safeUrl(draft.url);
  const out: Record<string, unknown> = { ...draft };
  for (const key of [
    'title',
    'standfirst',
    'publisher',
    'language',
    'publishedAt',
    'modifiedAt',
  ] as const) {
    const value = draft[key];
    if (value === undefined) continue;
    const safe = safeText(value);
    if (safe) out[key] = safe;
    else delete out[key];
  }
  if (url) out.url = url;
  else delete out.url;
  out.authors = safeList(draft.authors);
  if (draft.tags) out.tags = safeList(draft.tags);
  out.body = draft.body.flatMap((block) => safeBlock(block));
  out.images = draft.images.flatMap((image) => safeImage(image, url));
  return out as unknown as Draft;
}

/** Each string made safe; those nothing is left of are dropped. */
function safeList(values: readonly string[]): string[] {
  return values.map((value) => safeText(value)).filter(Boolean);
}

/** A block with safe text (and items); none when nothing is left. */
function safeBlock(block: Block): Block[] {
  const code = block.type === 'code';
  const text = safeText(block.text, code);
  if (!text.trim()) return [];
  if (!block.items) return text === block.text ? [block] : [{ ...block, text }];
  const items = safeList(block.items);
  if (items.length === 0) return [];
  // A list's text is its items with their markers: rebuilt from the safe
  // items, so the two cannot disagree.
  return [{ ...block, ...list(items, block.ordered ?? false) }];
}

/** An image with a safe URL and safe texts; none when nothing is left. */
function safeImage(image: Image, base: string | undefined): Image[] {
  const out: Record<string, string> = {};
  if (image.url) {
    const url = safeUrl(image.url, base);
    if (url) out.url = url;
  }
  for (const key of ['caption', 'credit', 'alt'] as const) {
    const value = image[key];
    const safe = value === undefined ? '' : safeText(value);
    if (safe) out[key] = safe;
  }
  return Object.keys(out).length > 0 ? [out as Image] : [];
}
