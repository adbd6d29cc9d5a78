/**
 * Plain-text parser: scraped article text → {@link Draft}.
 *
 * Scraped text comes in two layouts, and the parser tells them apart first:
 * - one paragraph per line, usually with blank lines between (the seed's
 *   layout, and what most scrapers write): every line is a block;
 * - hard-wrapped prose (e-mail and wire copy at 60–80 columns): lines are
 *   joined into paragraphs at blank lines.
 * Within either layout, runs of bullet lines become lists, `>` lines quotes,
 * fenced lines code and `#` lines headings; an e-mail signature (after a
 * `-- ` line) is dropped. The first line is the title when
 * it looks like one. Everything else is left to the clean steps, which know
 * about bylines, captions and boilerplate.
 */
import {
  type Block,
  type Draft,
  EMPTY_DRAFT,
  heading,
  list,
  paragraph,
} from '../draft.ts';
import { countWords, endsLikeSentence } from '../text.ts';

/** A blank line: nothing but white space, including NBSP and zero-widths. */
const BLANK = /^[\s\u200B-\u200D\u2060\uFEFF]*$/u;
const BULLET = /^\s*(?:[-*•·▪◦‣–]|\d{1,3}[.)])\s+(\S.*)$/u;
const ORDERED_BULLET = /^\s*\d{1,3}[.)]\s/u;
const QUOTE_LINE = /^\s*>\s?(.*)$/u;
const FENCE = /^\s*(?:```|~~~)/u;
const SIGNATURE = /^-- ?$/u;
const ATX_HEADING = /^\s*(#{1,6})\s+(\S.*?)\s*#*\s*$/u;

/**
 * Lines at least this long are prose; a file whose multi-line paragraphs are
 * mostly made of such lines, all shorter than {@link MAX_WRAP_COLUMNS}, is
 * hard-wrapped.
 */
const MIN_WRAPPED_LINE_CHARS = 40;
const MAX_WRAP_COLUMNS = 100;

/** A first line longer than this is prose, not a title. */
const MAX_TITLE_WORDS = 30;
const MAX_TITLE_CHARS = 250;
/** Fallback title from the first sentence: cut at a word under this. */
const FALLBACK_TITLE_CHARS = 120;

/**
 * Parses plain text into a draft article.
 *
 * @example
 * ```ts
 * const draft = parseText('Headline\n\nFirst paragraph.\n\nSecond.');
 * draft.title; // 'Headline'
 * ```
 */
export function parseText(text: string): Draft {
  const lines = withoutSignature(text.split(/\r\n|\r|\n/u));
  const groups = splitAtBlankLines(lines);
  const wrapped = isHardWrapped(groups);
  const blocks = groups.flatMap((group) => groupToBlocks(group, wrapped));
  return withTitle(blocks);
}

/**
 * Drops an e-mail signature: everything after a `-- ` line (RFC 3676's
 * signature separator) in the second half of the text, where newsletters
 * put their unsubscribe notes.
 */
function withoutSignature(lines: readonly string[]): readonly string[] {
  const at = lines.findLastIndex((line) => SIGNATURE.test(line));
  return at >= lines.length / 2 ? lines.slice(0, at) : lines;
}

function splitAtBlankLines(lines: readonly string[]): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  let inFence = false;
  for (const line of lines) {
    // A fenced code block keeps its blank lines.
    if (FENCE.test(line)) inFence = !inFence;
    if (!inFence && BLANK.test(line)) {
      if (current.length > 0) groups.push(current);
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

function isHardWrapped(groups: readonly string[][]): boolean {
  let wrappedLines = 0;
  let continuationLines = 0;
  for (const group of groups) {
    if (group.length < 2 || group.some((l) => BULLET.test(l))) continue;
    for (const line of group.slice(0, -1)) {
      continuationLines++;
      const length = line.trim().length;
      if (length >= MIN_WRAPPED_LINE_CHARS && length <= MAX_WRAP_COLUMNS) {
        wrappedLines++;
      }
    }
  }
  return continuationLines > 0 && wrappedLines / continuationLines >= 0.8;
}

function groupToBlocks(group: readonly string[], wrapped: boolean): Block[] {
  const first = group[0] ?? '';
  if (FENCE.test(first)) {
    const body = group.slice(
      1,
      FENCE.test(group.at(-1) ?? '') ? -1 : undefined
    );
    const code = body.join('\n').trimEnd();
    return code ? [{ type: 'code', text: code }] : [];
  }
  if (group.every((line) => QUOTE_LINE.test(line))) {
    const quoted = group.map((line) => line.replace(QUOTE_LINE, '$1').trim());
    return [{ type: 'quote', text: quoted.filter(Boolean).join(' ') }];
  }
  const blocks: Block[] = [];
  let items: string[] = [];
  let ordered = false;
  let prose: string[] = [];
  const flushList = () => {
    if (items.length > 0) blocks.push(list(items, ordered));
    items = [];
  };
  const flushProse = () => {
    if (prose.length > 0) blocks.push(paragraph(prose.join(' ')));
    prose = [];
  };
  for (const raw of group) {
    const line = raw.trim();
    const bullet = line.match(BULLET);
    const atx = line.match(ATX_HEADING);
    if (bullet?.[1]) {
      flushProse();
      if (items.length === 0) ordered = ORDERED_BULLET.test(line);
      items.push(bullet[1].trim());
    } else if (atx?.[1] && atx[2]) {
      flushList();
      flushProse();
      blocks.push(heading(atx[2], atx[1].length));
    } else if (wrapped) {
      flushList();
      prose.push(line);
    } else {
      flushList();
      blocks.push(paragraph(line));
    }
  }
  flushList();
  flushProse();
  return blocks;
}

/**
 * Takes the first block as the title when it is one short line; otherwise
 * the first sentence stands in, and the paragraph stays in the body.
 */
function withTitle(blocks: readonly Block[]): Draft {
  const [first, ...rest] = blocks;
  if (!first) return EMPTY_DRAFT;
  if (isTitleLike(first)) {
    return { ...EMPTY_DRAFT, title: first.text, body: rest };
  }
  const fallback = fallbackTitle(first.text);
  return fallback
    ? { ...EMPTY_DRAFT, title: fallback, body: blocks }
    : { ...EMPTY_DRAFT, body: blocks };
}

function isTitleLike(block: Block): boolean {
  if (block.type !== 'paragraph' && block.type !== 'heading') return false;
  const text = block.text;
  return (
    text.length <= MAX_TITLE_CHARS &&
    countWords(text) <= MAX_TITLE_WORDS &&
    // A title may end in ? or !, rarely in a full stop after many words.
    !(text.endsWith('.') && countWords(text) > 15)
  );
}

function fallbackTitle(text: string): string | undefined {
  const sentence = text.match(/^.+?[.!?](?=\s|$)/u)?.[0] ?? text;
  if (sentence.length <= FALLBACK_TITLE_CHARS) {
    return endsLikeSentence(sentence) && sentence.endsWith('.')
      ? sentence.slice(0, -1)
      : sentence;
  }
  const cut = sentence.slice(0, FALLBACK_TITLE_CHARS);
  const atWord = cut.slice(0, cut.lastIndexOf(' '));
  return atWord ? `${atWord}…` : undefined;
}
