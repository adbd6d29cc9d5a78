/**
 * classifyHeadings: subheadings among the paragraphs of plain text.
 *
 * Plain text has no markup, so a subheading is a paragraph that looks like
 * one: a single short line, capitalised, with no sentence punctuation at the
 * end, followed by prose. Two such lines in a row are more likely a list of
 * links or a verse than headings, so neither is taken. Runs after
 * `liftImages`, since a bare caption is also a short line without a full
 * stop.
 */
import type { Block, CleanStep } from '../draft.ts';
import { heading } from '../draft.ts';
import { countWords } from '../text.ts';

const MAX_HEADING_WORDS = 12;
const MAX_HEADING_CHARS = 100;
/**
 * Headings end in a letter, digit or closing bracket: not in `.` or `,`, and
 * not in `:`, which introduces a list or a quote ("The bill includes:").
 */
const NO_SENTENCE_END = /[\p{L}\p{N})]$/u;
const STARTS_CAPITALISED = /^["“‘']?[\p{Lu}\p{N}]/u;

/** Whether a paragraph looks like a subheading on its own. */
export function looksLikeHeading(block: Block): boolean {
  return (
    block.type === 'paragraph' &&
    block.text.length <= MAX_HEADING_CHARS &&
    countWords(block.text) <= MAX_HEADING_WORDS &&
    STARTS_CAPITALISED.test(block.text) &&
    NO_SENTENCE_END.test(block.text) &&
    !block.text.endsWith('?')
  );
}

/** Clean step: turn subheading-like paragraphs into heading blocks. */
export const classifyHeadings: CleanStep = (draft) => {
  const { body } = draft;
  const out = body.map((block, i) => {
    const before = body[i - 1];
    const after = body[i + 1];
    const isHeading =
      looksLikeHeading(block) &&
      after !== undefined &&
      after.type !== 'heading' &&
      !looksLikeHeading(after) &&
      !(before && looksLikeHeading(before));
    return isHeading ? heading(block.text) : block;
  });
  return { ...draft, body: out };
};
