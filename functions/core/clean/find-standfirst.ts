/**
 * findStandfirst: the paragraph under the title that sums the story up.
 *
 * The first body paragraph is the standfirst when it reads like one: a
 * whole sentence or two (between {@link MIN_STANDFIRST_WORDS} and
 * {@link MAX_STANDFIRST_WORDS} words) with more story after it. Wire copy
 * opens with a dateline lede ("LONDON (Reuters) - …"), which is the first
 * paragraph of the story, not a summary above it, so it stays in the body.
 * Runs after bylines and dates have left the body, so "first" means the
 * first paragraph of the story.
 */
import type { CleanStep } from '../draft.ts';
import { withField } from '../draft.ts';
import { countWords, endsLikeSentence } from '../text.ts';

const MIN_STANDFIRST_WORDS = 8;
const MAX_STANDFIRST_WORDS = 80;
const MIN_UNPUNCTUATED_WORDS = 14;
/** Paragraphs that must follow for the first one to be a standfirst. */
const MIN_PARAGRAPHS_AFTER = 2;
/** "LONDON (Reuters) -", "KYIV, Ukraine (AP) —", "PARIS, Sept 14 -". */
const DATELINE =
  /^[\p{Lu}][\p{Lu}\p{M} .'’-]{1,40}(?:,[^–—()]{1,40})?\s*(?:\([\p{L} .&-]{1,30}\))?\s*[-–—]\s/u;

/** Clean step: move the first paragraph to `standfirst` when it is one. */
export const findStandfirst: CleanStep = (draft) => {
  if (draft.standfirst) return draft;
  const [first, ...rest] = draft.body;
  if (first?.type !== 'paragraph') return draft;
  const wordCount = countWords(first.text);
  const isStandfirst =
    wordCount >= MIN_STANDFIRST_WORDS &&
    wordCount <= MAX_STANDFIRST_WORDS &&
    // Many outlets print the standfirst without a full stop; without one it
    // must be long enough not to be a heading.
    (endsLikeSentence(first.text) || wordCount >= MIN_UNPUNCTUATED_WORDS) &&
    !DATELINE.test(first.text) &&
    rest.filter((b) => b.type === 'paragraph').length >= MIN_PARAGRAPHS_AFTER;
  if (!isStandfirst) return draft;
  return { ...withField(draft, 'standfirst', first.text), body: rest };
};
