/**
 * Small text helpers shared by parsers and clean steps.
 */

/**
 * A word: a run of letters or digits, with inner apostrophes, hyphens or
 * dots (`don’t`, `Jong-un`, `3.5`). Punctuation and markers never count.
 */
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’.\-‐][\p{L}\p{N}\p{M}]+)*/gu;

/** Sentence-final punctuation, possibly followed by closing quotes/brackets. */
const SENTENCE_END = /[.!?…]["'”’»)\]]*$/u;

/** Words in `text`, in order. */
export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Number of words in `text`. */
export function countWords(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(WORD)) n++;
  return n;
}

/** Whether `text` ends like a sentence (`.`, `!`, `?`, `…`, then quotes). */
export function endsLikeSentence(text: string): boolean {
  return SENTENCE_END.test(text);
}

/**
 * A comparison key for `text`: lower case, letters and digits only, single
 * spaces. Two blocks with the same key say the same thing.
 */
export function comparisonKey(text: string): string {
  return words(text.normalize('NFKC').toLowerCase()).join(' ');
}
