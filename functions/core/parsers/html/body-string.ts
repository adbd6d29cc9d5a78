/**
 * Body strings: an article's text given as one string, HTML or plain
 * text (a JSON entry's `body`, a feed's content, a page's JSON-LD
 * `articleBody`), as body blocks.
 */
import { type Block, type Image, paragraph } from '../../draft.ts';
import { HTML_ELEMENT_NAMES } from '../../html-element-names.ts';
import { DEFAULT_LIMITS, type HtmlLimits } from '../../limits.ts';
import { toBlocks } from './blocks.ts';
import { parseDom } from './dom.ts';

/**
 * Markup that makes a string HTML rather than text with a stray `<`: any
 * HTML element's tag (`<p>`, but also `<script>`, `<svg onload=…>` or
 * `<iframe>`, whose content the HTML parser then skips instead of it
 * being kept as text), or an entity.
 */
const HTML_MARKUP = new RegExp(
  `</?(?:${HTML_ELEMENT_NAMES.join('|')})(?=[\\s/>])[^>]*>|&(?:#\\d+|#x[\\da-f]+|[a-z]+);`,
  'iu'
);
/** Blank lines separate paragraphs of plain-text bodies. */
const BLANK_LINES = /\r?\n[ \t]*\r?\n/u;
const LINE_BREAK = /\r?\n/u;

/** Whether `text` is HTML (has structuring markup or entities). */
export function looksLikeHtml(text: string): boolean {
  return HTML_MARKUP.test(text);
}

/** Body blocks and images of a body given as HTML or plain text. */
export interface ContentBlocks {
  readonly body: Block[];
  readonly images: Image[];
  /** Whether the body came from markup (the HTML clean steps apply). */
  readonly html: boolean;
}

/** Blocks of a body string: HTML through the HTML block builder, else paragraphs. */
export function contentBlocks(
  content: string,
  limits: HtmlLimits = DEFAULT_LIMITS
): ContentBlocks {
  if (looksLikeHtml(content)) {
    const { body, images } = toBlocks([parseDom(content, limits).root]);
    return { body, images, html: true };
  }
  // Plain text: a paragraph per blank-line group, or per line when the
  // text has no blank lines (scrapers join paragraphs with one newline).
  const groups = BLANK_LINES.test(content)
    ? content.split(BLANK_LINES)
    : content.split(LINE_BREAK);
  const body = groups
    .map((group) => group.replace(/\s+/gu, ' ').trim())
    .filter(Boolean)
    .map(paragraph);
  return { body, images: [], html: false };
}
