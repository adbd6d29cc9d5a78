/**
 * Helpers for the short "meta" lines around an article: bylines, dates,
 * reading times. Shared by `extractByline` and `extractDates`.
 *
 * Scrapers print them as their own lines between the title and the first
 * paragraph, often several in one line ("By Jane Smith | 14 September 2023
 * • 4:17pm"), and sometimes as a credit line at the end ("Reporting by …;
 * Editing by …"). The steps only look there, so a paragraph that happens to
 * start with "By" in the middle of the story is never taken.
 */
import type { Block, Draft } from '../draft.ts';
import { countWords, endsLikeSentence } from '../text.ts';

/** Separators between the parts of a meta line. */
const PART_SEPARATOR = /\s+[|•·]\s+|\s+[|•·]$|^[|•·]\s+/u;
/** A part that is only a time of day, split off its date by a bullet. */
const TIME_ONLY =
  /^\d{1,2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,5})?$/iu;
/** Prose starts here: a sentence of at least this many words. */
const MIN_PROSE_WORDS = 12;
/** The meta region ends at this prose paragraph (the standfirst is the first). */
const MAX_LEADING_PROSE = 2;
/** Longest block, in characters, read as meta lines (three bylines and a date). */
const MAX_META_LINE_CHARS = 250;
/** Most words a meta line has; longer blocks are prose. */
const MAX_META_LINE_WORDS = 30;
/** A separator character of a meta line, as `PART_SEPARATOR` splits on. */
const SEPARATOR_CHAR = /[|•·]/;
/** How many blocks at the end of the body may hold credit lines. */
const TRAILING_META_BLOCKS = 3;

/** Splits a meta line into parts, keeping a time with its date. */
export function metaParts(text: string): string[] {
  // Most lines have no separator at all.
  if (!SEPARATOR_CHAR.test(text)) return [text.trim()];
  const parts: string[] = [];
  for (const raw of text.split(PART_SEPARATOR)) {
    const part = raw.trim();
    if (!part) continue;
    if (TIME_ONLY.test(part) && parts.length > 0) {
      parts[parts.length - 1] = `${parts.at(-1)} • ${part}`;
    } else {
      parts.push(part);
    }
  }
  return parts;
}

function isProse(block: Block): boolean {
  return (
    block.type === 'paragraph' &&
    countWords(block.text) >= MIN_PROSE_WORDS &&
    endsLikeSentence(block.text)
  );
}

/**
 * Indexes of the blocks where meta lines may be: the top of the body up to
 * its second prose paragraph (bylines often sit under the standfirst, which
 * is prose), and the last few blocks.
 */
export function metaIndexes(body: readonly Block[]): Set<number> {
  const indexes = new Set<number>();
  let prose = 0;
  for (let i = 0; i < body.length; i++) {
    if (isProse(body[i] as Block) && ++prose === MAX_LEADING_PROSE) break;
    indexes.add(i);
  }
  for (
    let i = Math.max(0, body.length - TRAILING_META_BLOCKS);
    i < body.length;
    i++
  ) {
    indexes.add(i);
  }
  return indexes;
}

/**
 * Runs `take` on each part of each meta line; parts it accepts (returns
 * true for) are removed, and a line with no parts left is dropped.
 */
export function takeMetaParts(
  draft: Draft,
  take: (part: string) => boolean
): Draft {
  const where = metaIndexes(draft.body);
  const body: Block[] = [];
  draft.body.forEach((block, i) => {
    if (block.type !== 'paragraph' || !where.has(i)) {
      body.push(block);
      return;
    }
    // Meta lines are short; a long block is prose, whatever it contains.
    if (
      block.text.length > MAX_META_LINE_CHARS ||
      countWords(block.text) > MAX_META_LINE_WORDS
    ) {
      body.push(block);
      return;
    }
    const parts = metaParts(block.text);
    const rest = parts.filter((part) => !take(part));
    if (rest.length === parts.length) body.push(block);
    else if (rest.length > 0) body.push({ ...block, text: rest.join(' | ') });
  });
  return { ...draft, body };
}
