/**
 * Small text helpers shared by parsers and clean steps.
 *
 * `countWords` and `comparisonKey` run on every block in several steps, so
 * they are written for speed: character loops with ASCII fast paths instead
 * of regexes with `\p{…}` classes (which V8 runs several times slower). Their
 * behaviour, and `endsLikeSentence`'s, is pinned by property tests against
 * the plain regex definitions in their docs.
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

/** Sentence-final punctuation: `.`, `!`, `?`, `…`. */
const SENTENCE_FINAL = new Set([0x2e, 0x21, 0x3f, 0x2026]);
/** What may follow it: closing quotes and brackets, `"'”’»)]`. */
const CLOSERS = new Set([0x22, 0x27, 0x201d, 0x2019, 0xbb, 0x29, 0x5d]);

/**
 * Whether the UTF-16 code unit belongs in a comparison key: a-z, 0-9, and
 * everything from U+00C0 up but General Punctuation (curly quotes, dashes)
 * and the symbol blocks up to U+2BFF. Everything else (ASCII punctuation
 * and symbols, Latin-1 punctuation, white space) separates.
 */
function isKeyUnit(code: number): boolean {
  return code < 0x80
    ? (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39)
    : (code >= 0xc0 && code <= 0x1fff) || code >= 0x2c00;
}

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
 * Memoises a string function: up to {@link MEMO_SIZE} distinct inputs are
 * remembered, and all are forgotten at once when the cache is full (no
 * per-hit bookkeeping, as an LRU would need). Clean steps ask for the word
 * count and comparison key of the same block several times; V8 caches a
 * string's hash, so a lookup costs far less than recounting.
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
 * Empties the memo caches. Each `FileParser` calls it when it starts
 * (`parseFile` builds one per call).
 *
 * The memoised functions are pure, so a hit is right whichever file put it
 * there; the reset is not for correctness. It lets one file's strings be
 * collected once the file is done, and makes a benchmark that parses the
 * same file again count real work. Parsers that run interleaved (the
 * ingest function reads a batch's objects in parallel, one `FileParser`
 * each, fed in turns as their bytes arrive) reset each other's caches,
 * which costs only recomputation.
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

/**
 * Whether `text` ends like a sentence (`.`, `!`, `?`, `…`, then quotes);
 * as a regex, `/[.!?…]["'”’»)\]]*$/u`, but read from the end (V8 would try
 * the regex at every full stop in the text).
 */
export function endsLikeSentence(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && CLOSERS.has(text.charCodeAt(i))) i--;
  return i >= 0 && SENTENCE_FINAL.has(text.charCodeAt(i));
}

/**
 * Whether `text` is a short line that is not a sentence: a heading, a
 * headline, a module title. The sentence test runs first, as most
 * paragraphs end like one.
 */
export function isShortUnfinished(text: string, maxWords: number): boolean {
  return !endsLikeSentence(text) && countWords(text) <= maxWords;
}

/**
 * A comparison key for `text`: lower case, punctuation and white space
 * folded to single spaces. Two blocks with the same key say the same thing.
 */
export const comparisonKey = memoise(comparisonKeyOnce);

/**
 * As `text.toLowerCase().replace(/[^a-z0-9\u00C0-\u1FFF\u2C00-\uFFFF]+/g,
 * ' ').trim()`, in one pass that copies only where a run of separators is
 * not already a single space (most are: the spaces between words).
 */
function comparisonKeyOnce(text: string): string {
  const lower = text.toLowerCase();
  const n = lower.length;
  let out = '';
  /** Start of the stretch of `lower` not yet copied to `out`. */
  let copied = 0;
  let i = 0;
  while (i < n) {
    if (isKeyUnit(lower.charCodeAt(i))) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < n && !isKeyUnit(lower.charCodeAt(end))) end++;
    const atEdge = i === 0 || end === n;
    if (atEdge || end > i + 1 || lower.charCodeAt(i) !== 0x20) {
      out += lower.slice(copied, i) + (atEdge ? '' : ' ');
      copied = end;
    }
    i = end;
  }
  // trim() as the regex form does: it also drops white space that counts
  // as a key character (U+3000, U+FEFF) at the ends.
  return (copied === 0 ? lower : out + lower.slice(copied)).trim();
}
