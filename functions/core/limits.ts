/**
 * Size limits of the core, as named constants with their reasons.
 *
 * Every limit can be overridden per call through {@link ParseLimits}; the
 * defaults are what the ingest Lambda and the CLI use.
 */

const MIB = 1024 * 1024;

/**
 * Largest input file accepted, in bytes, before any decompression: 50 MiB.
 *
 * A single article is at most a few hundred kilobytes of text; 50 MiB leaves
 * room for saved web pages with inline assets and for multi-article files,
 * while a Lambda with the default memory can still hold it twice.
 */
export const DEFAULT_MAX_INPUT_BYTES = 50 * MIB;

/**
 * Largest decompressed size of a gzip file, in bytes: 100 MiB.
 *
 * Decompression stops at this size, so a gzip bomb is refused as `too-large`
 * instead of exhausting memory.
 */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 100 * MIB;

/**
 * Largest decoded text of one file handed to a parser, in characters: 50 Mi.
 */
export const DEFAULT_MAX_TEXT_CHARS = 50 * MIB;

/**
 * Fewest words a body must have to count as an article: 20.
 *
 * Below this a file is a fragment (a headline, a stray line, a caption), and
 * is rejected as `not-an-article`.
 */
export const DEFAULT_MIN_ARTICLE_WORDS = 20;

/**
 * Most elements kept from one HTML page: 200,000.
 *
 * Real pages hold a few hundred to ten thousand elements (the 1,497 pages
 * of the WCXB dev set: median 870, largest 9,982). Past this the tree
 * builder stops and the page is read up to there, so a 50 MB page of
 * generated markup parses in under 2 s and 512 MB (see the `extract`
 * bench's hostile table).
 */
export const DEFAULT_MAX_HTML_ELEMENTS = 200_000;

/**
 * Deepest element nesting kept: 200.
 *
 * Real pages nest 10–60 deep (WCXB dev set: median 19, largest 56).
 * Deeper elements are flattened into their ancestor at this depth (their
 * text is kept), so recursive tree walks are bounded and 20,000-deep
 * hostile nesting cannot overflow the stack.
 */
export const DEFAULT_MAX_HTML_DEPTH = 200;

/**
 * Most text kept from one HTML page, in characters: 8 Mi.
 *
 * The wordiest page of the WCXB dev set has ~110 K characters of text; a
 * page with more than 8 Mi is a dump, and is read up to there.
 */
export const DEFAULT_MAX_HTML_TEXT_CHARS = 8 * MIB;

/**
 * Longest attribute value kept, in characters: 4 KiB.
 *
 * Longer values are inline data URIs or serialized state, never metadata;
 * a 20 MB attribute is dropped as it is read.
 */
export const MAX_HTML_ATTRIBUTE_CHARS = 4096;

/**
 * Most tags open at once (unclosed or nested) before an HTML page stops
 * being read: 25,000.
 *
 * htmlparser2 pays the depth of its open-tag stack for every new tag, so
 * 240,000 unclosed tags (1 MB of `<b><i>…`) would take minutes; 25,000
 * bounds that at ~0.5 s and still reads a page with 20,000-deep nesting
 * to its end. Real pages stay under a few hundred.
 */
export const MAX_HTML_OPEN_TAGS = 25_000;

/** Limits applied by `parseFile`. Every field is optional. */
export interface ParseLimits {
  /**
   * Largest input accepted, in bytes.
   * @default 50 MiB ({@link DEFAULT_MAX_INPUT_BYTES})
   */
  readonly maxInputBytes?: number;
  /**
   * Largest decompressed size of a gzip input, in bytes.
   * @default 100 MiB ({@link DEFAULT_MAX_DECOMPRESSED_BYTES})
   */
  readonly maxDecompressedBytes?: number;
  /**
   * Largest decoded text, in UTF-16 code units.
   * @default 50 Mi ({@link DEFAULT_MAX_TEXT_CHARS})
   */
  readonly maxTextChars?: number;
  /**
   * Fewest words in an article's body and standfirst.
   * @default 20 ({@link DEFAULT_MIN_ARTICLE_WORDS})
   */
  readonly minArticleWords?: number;
  /**
   * Most elements kept from an HTML page; the rest of the page is ignored.
   * @default 200,000 ({@link DEFAULT_MAX_HTML_ELEMENTS})
   */
  readonly maxHtmlElements?: number;
  /**
   * Deepest HTML nesting kept; deeper elements are flattened.
   * @default 200 ({@link DEFAULT_MAX_HTML_DEPTH})
   */
  readonly maxHtmlDepth?: number;
}

/** {@link ParseLimits} with every default filled in. */
export type ResolvedLimits = Required<ParseLimits>;

/** The default limits, in one place. */
export const DEFAULT_LIMITS: ResolvedLimits = {
  maxInputBytes: DEFAULT_MAX_INPUT_BYTES,
  maxDecompressedBytes: DEFAULT_MAX_DECOMPRESSED_BYTES,
  maxTextChars: DEFAULT_MAX_TEXT_CHARS,
  minArticleWords: DEFAULT_MIN_ARTICLE_WORDS,
  maxHtmlElements: DEFAULT_MAX_HTML_ELEMENTS,
  maxHtmlDepth: DEFAULT_MAX_HTML_DEPTH,
};

/** Fills in the defaults of `limits`. */
export function resolveLimits(limits: ParseLimits = {}): ResolvedLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}
