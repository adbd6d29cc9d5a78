/**
 * An article as Markdown (CommonMark, with the GFM strikethrough character
 * escaped too): what `GET /articles/{id}` serves for `Accept: text/markdown`.
 *
 * The layout, in order: the title as the only level-1 heading; the
 * standfirst in italics; a line with the byline, publisher and date; a link
 * to the original; the body blocks; then the images with their captions and
 * credits (an article's images have no position in the body, so they come
 * last rather than in a guessed place).
 *
 * Article text is plain text, not Markdown: every character that Markdown
 * would read as syntax is backslash-escaped (CommonMark lets any ASCII
 * punctuation be escaped, so over-escaping never changes what a reader
 * sees), and so are line starts that would begin a heading, list, quote,
 * thematic break or code block.
 */
import type { Article } from './article.ts';
import { safeUrl } from './safe-fields.ts';

type Block = Article['body'][number];
type Image = Article['images'][number];

/** Inline characters with a meaning in Markdown (and `<` for raw HTML). */
const INLINE_SYNTAX = /[\\`*_[\]<>~|]/gu;
/** `&` that would start an entity reference such as `&amp;` or `&#38;`. */
const ENTITY_START = /&(?=#?[0-9a-z]+;)/giu;
/** Line starts that open a block: ATX heading, list item, setext/thematic line. */
const HEADING_START = /^(#{1,6})(?=\s|$)/u;
const BULLET_START = /^([-+])(?=\s|$)/u;
const ORDERED_START = /^(\d{1,9})([.)])(?=\s|$)/u;
const RULE_LINE = /^([=-])(?=[\s=-]*$)/u;
/** Four leading spaces would make an indented code block. */
const LEADING_SPACE = /^[ \t]+/u;
/** Body heading levels: level 1 is the title's. */
const MIN_BODY_HEADING = 2;
const MAX_HEADING = 6;

/**
 * Renders an article as Markdown.
 *
 * @example
 * ```ts
 * renderMarkdown(article);
 * // '# Putin gives Kim Jong-un parting gifts…\n\n*Vladimir Putin gifted…*\n…'
 * ```
 */
export function renderMarkdown(article: Article): string {
  const parts: string[] = [`# ${escapeLine(article.title)}`];
  if (article.standfirst) parts.push(`*${escapeLine(article.standfirst)}*`);
  const meta = metaLine(article);
  if (meta) parts.push(meta);
  const url = article.url && safeUrl(article.url);
  if (url) parts.push(`[Original article](${linkTarget(url)})`);
  for (const block of article.body) parts.push(renderBlock(block));
  for (const image of article.images) {
    const rendered = renderImage(image);
    if (rendered) parts.push(rendered);
  }
  return `${parts.join('\n\n')}\n`;
}

function metaLine(article: Article): string | undefined {
  const parts = [
    article.authors.length > 0 ? `By ${joinNames(article.authors)}` : '',
    article.publisher ?? '',
    article.publishedAt ? `Published ${article.publishedAt}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? escapeLine(parts.join(' · ')) : undefined;
}

function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function renderBlock(block: Block): string {
  switch (block.type) {
    case 'heading': {
      const level = Math.min(
        MAX_HEADING,
        Math.max(MIN_BODY_HEADING, block.level ?? MIN_BODY_HEADING)
      );
      return `${'#'.repeat(level)} ${escapeLine(block.text)}`;
    }
    case 'quote':
      return escapeText(block.text)
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    case 'list': {
      const items = block.items ?? block.text.split('\n');
      return items
        .map((item, i) => {
          const marker = block.ordered ? `${i + 1}.` : '-';
          // Continuation lines of an item are indented under its marker.
          const indent = ' '.repeat(marker.length + 1);
          return `${marker} ${escapeText(item).split('\n').join(`\n${indent}`)}`;
        })
        .join('\n');
    }
    case 'code': {
      // A fence longer than any run of backticks inside cannot be closed early.
      // (A loop, not a spread: a block may hold any number of runs.)
      let longest = 0;
      for (const [run] of block.text.matchAll(/`+/gu)) {
        longest = Math.max(longest, run.length);
      }
      const fence = '`'.repeat(Math.max(3, longest + 1));
      return `${fence}\n${block.text}\n${fence}`;
    }
    default:
      return escapeText(block.text);
  }
}

function renderImage(image: Image): string | undefined {
  const label = [image.caption, image.credit].filter(Boolean).join(' — ');
  const lines: string[] = [];
  // Only http(s) links are printed, whatever an older stored article
  // holds: a `javascript:` image would run when the Markdown is rendered.
  const url = image.url && safeUrl(image.url);
  if (url) {
    const alt = escapeLine(image.alt ?? image.caption ?? '');
    lines.push(`![${alt}](${linkTarget(url)})`);
  }
  if (label) lines.push(`*${escapeLine(label)}*`);
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** A link destination in angle brackets, which may hold spaces and `()`. */
function linkTarget(url: string): string {
  return `<${url.replace(/[<>\s\\]/gu, (c) => encodeURIComponent(c))}>`;
}

/** Escapes a multi-line text: every line on its own. */
function escapeText(text: string): string {
  return text.split('\n').map(escapeLine).join('\n');
}

/** Escapes one line so that Markdown shows exactly its characters. */
function escapeLine(line: string): string {
  const escaped = line
    .replace(LEADING_SPACE, '')
    .replace(INLINE_SYNTAX, '\\$&')
    .replace(ENTITY_START, '&amp;');
  return escaped
    .replace(HEADING_START, '\\$1')
    .replace(BULLET_START, '\\$1')
    .replace(ORDERED_START, '$1\\$2')
    .replace(RULE_LINE, '\\$1');
}
