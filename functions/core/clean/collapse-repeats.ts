/**
 * collapseRepeats: one copy of each paragraph; no repeated module headings.
 *
 * Scrapers duplicate text: a pull quote printed twice, a paragraph from a
 * carousel, the standfirst repeated as the first paragraph. A repeated
 * paragraph keeps its first copy. A repeated *heading-like* line (short, no
 * full stop) is a module title printed by a widget, such as "Best quotes
 * from Kim Jong-un and Putin" twice in a row: every copy goes, because an
 * article's own subheadings are not printed twice.
 */
import type { Block, CleanStep } from '../draft.ts';
import { comparisonKey, isShortUnfinished } from '../text.ts';

/** Longest line, in words, treated as a heading when repeated. */
const MAX_REPEATED_HEADING_WORDS = 15;

/** How close two copies of a heading-like line must be, in blocks. */
const HEADING_REPEAT_WINDOW = 3;

function isHeadingLike(block: Block): boolean {
  return (
    (block.type === 'paragraph' || block.type === 'heading') &&
    isShortUnfinished(block.text, MAX_REPEATED_HEADING_WORDS)
  );
}

/** Clean step: drop repeated paragraphs and repeated module headings. */
export const collapseRepeats: CleanStep = (draft) => {
  const keys = draft.body.map((block) => comparisonKey(block.text));
  const repeatedHeadings = new Set<string>();
  draft.body.forEach((block, i) => {
    const key = keys[i] as string;
    if (!key || !isHeadingLike(block)) return;
    const window = keys.slice(i + 1, i + 1 + HEADING_REPEAT_WINDOW);
    if (window.includes(key)) repeatedHeadings.add(key);
  });

  // The title and standfirst count as already seen: scrapers often print
  // the headline or the dek again as the first body line.
  const seen = new Set<string>();
  for (const field of [draft.title, draft.standfirst]) {
    if (field) seen.add(comparisonKey(field));
  }
  const body = draft.body.filter((_, i) => {
    const key = keys[i] as string;
    if (!key) return true;
    if (repeatedHeadings.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { ...draft, body };
};
