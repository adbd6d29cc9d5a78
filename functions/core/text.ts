/**
 * Small text helpers shared by parsers and clean steps.
 *
 * `countWords` and `comparisonKey` run on every block in several steps, so
 * they are written for speed: a character loop with an ASCII fast path, and
 * a non-Unicode regex, instead of `\p{…}` classes (which V8 runs several
 * times slower). Their behaviour is pinned by unit tests against the plain
 * regex definitions in their docs.
 */

/**
 * A word: a run of letters, digits or combining marks, with inner
 * apostrophes, hyphens or dots (`don’t`, `Jong-un`, `3.5`); as a regex,
 * `/[\p{L}\p{N}\p{M}]+(?:['’.\-‐][\p{L}\p{N}\p{M}]+)*\/gu`.
 */
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’.\-‐][\p{L}\p{N}\p{M}]+)*/gu;
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
/** Characters that join two word characters into one word. */
const JOINERS = new Set([0x27, 0x2019, 0x2e, 0x2d, 0x2010]);

/** Sentence-final punctuation, possibly followed by closing quotes/brackets. */
const SENTENCE_END = /[.!?…]["'”’»)\]]*$/u;

/**
 * Everything that is not a letter or digit, for comparison keys: ASCII
 * punctuation and symbols, Latin-1 punctuation, General Punctuation (curly
 * quotes, dashes) and the symbol blocks up to U+2BFF.
 */
const NOT_KEY_CHARS = /[^a-z0-9\u00C0-\u1FFF\u2C00-\uFFFF]+/g;

/** Whether the code point is a letter, digit or combining mark. */
function isWordCode(code: number): boolean {
  if (code < 0x80) {
    const lower = code | 0x20;
    return (code >= 0x30 && code <= 0x39) || (lower >= 0x61 && lower <= 0x7a);
  }
  // Fast answers for the commonest non-ASCII in news text: accented Latin
  // letters (but × and ÷), and General Punctuation (curly quotes, dashes).
  if (code >= 0xc0 && code <= 0x24f) return code !== 0xd7 && code !== 0xf7;
  if (code >= 0x2000 && code <= 0x206f) return false;
  return WORD_CHAR.test(String.fromCodePoint(code));
}

/**
 * Memoises a string function over the most recent {@link MEMO_SIZE}
 * distinct inputs. Clean steps ask for the word count and comparison key of
 * the same block several times; V8 caches a string's hash, so a lookup costs
 * far less than recounting.
 */
function memoise<T>(fn: (text: string) => T): (text: string) => T {
  const cache = new Map<string, T>();
  MEMO_CACHES.push(cache);
  return (text) => {
    // Hashing a long string to look it up costs as much as the work.
    if (text.length > MEMO_MAX_CHARS) return fn(text);
    const hit = cache.get(text);
    if (hit !== undefined) return hit;
    const value = fn(text);
    if (cache.size >= MEMO_SIZE) cache.clear();
    cache.set(text, value);
    return value;
  };
}

const MEMO_SIZE = 2048;
const MEMO_MAX_CHARS = 2000;
const MEMO_CACHES: Map<string, unknown>[] = [];

/**
 * Empties the memo caches. `parseFile` calls it first, so that what one
 * file computed never serves another (and benchmarks measure real work).
 */
export function resetTextMemo(): void {
  for (const cache of MEMO_CACHES) cache.clear();
}

/** Words in `text`, in order. */
export function words(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Number of words in `text`, as `words(text).length`, without the array. */
export const countWords = memoise(countWordsOnce);

function countWordsOnce(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i) as number;
    if (code > 0xffff) i++; // the low half of a surrogate pair
    if (isWordCode(code)) {
      if (!inWord) count++;
      inWord = true;
    } else if (
      inWord &&
      JOINERS.has(code) &&
      isWordCode(text.codePointAt(i + 1) ?? 0)
    ) {
      // "Jong-un", "don’t": stay in the word.
    } else {
      inWord = false;
    }
  }
  return count;
}

/** Whether `text` ends like a sentence (`.`, `!`, `?`, `…`, then quotes). */
export function endsLikeSentence(text: string): boolean {
  return SENTENCE_END.test(text);
}

/**
 * A comparison key for `text`: lower case, punctuation and white space
 * folded to single spaces. Two blocks with the same key say the same thing.
 */
export const comparisonKey = memoise((text: string) =>
  text.toLowerCase().replace(NOT_KEY_CHARS, ' ').trim()
);
