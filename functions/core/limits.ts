/**
 * Size limits of the core, as named constants with their reasons.
 *
 * Every limit can be overridden per call through {@link ParseLimits}; the
 * defaults are what the ingest Lambda and the CLI use.
 */

const MIB = 1024 * 1024;

/**
 * Largest file parsed whole, in bytes, before any decompression: 50 MiB.
 * Streamed formats (JSON Lines, feeds, zip) are bounded by
 * {@link DEFAULT_MAX_STREAM_BYTES} instead.
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

/**
 * Largest file read as a stream, in bytes: 1 GiB, counted both as
 * uploaded and after gzip is undone.
 *
 * JSON Lines files, feeds and zip archives are parsed entry by entry
 * as their bytes arrive, so their size does not set the memory they need
 * (a 200 MB JSON Lines file of 100,000 articles peaks under 512 MB RSS,
 * see the `streaming` bench). This bounds the work one file can make:
 * past it the rest of the file is refused as `too-large`.
 */
export const DEFAULT_MAX_STREAM_BYTES = 1024 * MIB;

/**
 * Longest entry of a streamed file, in characters: 8 Mi (a JSON Lines
 * line, a feed item's text).
 *
 * An entry holds one article, and an article is at most a few hundred
 * kilobytes; a longer line is recorded as a `too-large` problem and
 * skipped without being held in memory.
 */
export const DEFAULT_MAX_ENTRY_CHARS = 8 * MIB;

/**
 * Most entries read from one zip archive: 10,000.
 *
 * Each entry is a file of its own; an archive of more is refused from
 * there on (`too-large`), so a zip of millions of empty entries cannot
 * keep a function busy.
 */
export const DEFAULT_MAX_ZIP_ENTRIES = 10_000;

/**
 * Most bytes all entries of one zip archive may inflate to: 1 GiB.
 *
 * Counted as entries are inflated; the archive stops there (`too-large`),
 * so a zip bomb costs at most this much inflating, never memory.
 */
export const DEFAULT_MAX_ZIP_TOTAL_BYTES = 1024 * MIB;

/**
 * Largest inflated-to-compressed ratio of one zip entry: 100.
 *
 * Text compresses 3–10 times, JSON Lines with repetitive keys up to ~20;
 * deflate's ceiling is ~1,032, which only padding reaches. A bomb entry
 * is refused as soon as its output passes the ratio, and the archive
 * stops there. Entries under {@link ZIP_RATIO_MIN_BYTES} are exempt: a
 * small file of blank lines may legitimately compress better.
 */
export const DEFAULT_MAX_ZIP_RATIO = 100;

/** Inflated size under which a zip entry's ratio is not checked: 1 MiB. */
export const ZIP_RATIO_MIN_BYTES = MIB;

/**
 * Deepest nesting of archives: 2 (a zip holding gzip files or zips).
 *
 * An archive inside an archive inside an archive is refused as a problem
 * of that entry: recursion is how small files become bombs.
 */
export const DEFAULT_MAX_ARCHIVE_DEPTH = 2;

/**
 * Deepest element nesting in a feed: 64.
 *
 * RSS and Atom nest 4–6 deep, XHTML content a few dozen more. Deeper XML
 * is hostile (10,000-deep nesting): the feed stops being read there, and
 * the items read so far are kept.
 */
export const DEFAULT_MAX_XML_DEPTH = 64;

/**
 * Largest YAML front matter of a Markdown file, in characters: 64 Ki.
 *
 * Real front matter is a few hundred bytes; YAML is expensive to parse
 * and allows aliases, so more is refused as `malformed`.
 */
export const MAX_FRONT_MATTER_CHARS = 64 * 1024;

/**
 * Most YAML aliases (`*name`) in front matter: 50. Aliases are kept as
 * references and only flat fields are read, so alias bombs ("billion
 * laughs" in YAML) never expand; this bounds the parser's work too.
 */
export const MAX_FRONT_MATTER_ALIASES = 50;

/**
 * Most words of a feed item or JSON entry that carries only a description
 * (no full content) for it to be stored as a summary: 150.
 *
 * Feeds often put the whole article in `<description>`; a longer
 * description is taken as the article's text. A shorter one is stored
 * with `isSummary: true`, and needs only {@link MIN_SUMMARY_WORDS} words.
 */
export const DEFAULT_MAX_SUMMARY_WORDS = 150;

/** Fewest words a summary must have to be stored: 5. */
export const MIN_SUMMARY_WORDS = 5;

/**
 * Most entries one file may hold: 200,000 (JSON Lines lines, feed items,
 * JSON list items, zip members' entries, counted together).
 *
 * A real export holds a few thousand articles; the `streaming` bench's
 * 200 MB file holds 100,000. Past this the file is read no further
 * (`too-large`), so a file of a million `{}` lines costs a bounded
 * amount of work, whatever each line costs.
 */
export const DEFAULT_MAX_FILE_ENTRIES = 200_000;

/**
 * Most problems of one file handed out in full (location, code,
 * message): 100. Later ones are only counted (`ParseProgress.
 * unlistedProblems`), so a file of 200,000 bad lines does not make
 * 200,000 messages.
 */
export const DEFAULT_MAX_PROBLEMS = 100;

/**
 * Most bytes one zip entry may inflate to, whatever its ratio: 256 MiB.
 *
 * An archive member holds a page or an export; the ratio check
 * ({@link DEFAULT_MAX_ZIP_RATIO}) catches bombs early, and this bounds an
 * entry that compresses just under it.
 */
export const DEFAULT_MAX_ZIP_ENTRY_BYTES = 256 * MIB;

/**
 * Most characters of article text one file may yield: 256 Mi.
 *
 * The `streaming` bench's 200 MB of JSON Lines yields ~190 Mi. Past
 * this the file is read no further (`too-large`): output is bounded even
 * when a small file inflates to many large articles.
 */
export const DEFAULT_MAX_OUTPUT_CHARS = 256 * MIB;

/**
 * Deepest nesting of Markdown block quotes and lists handed to the
 * Markdown renderer: 8.
 *
 * marked recurses once per level, so 50,000 `>` overflow the stack, and
 * its time grows with depth (2,000 indented levels: 84 s). Real articles
 * nest two or three deep. Deeper markers are dropped (the text is kept,
 * at this depth), and runs of more than 8 emphasis marks (`*`, `_`) are
 * read as literal characters, before marked sees the text.
 */
export const DEFAULT_MAX_MARKDOWN_NESTING = 8;

/**
 * Most time one step of reading a file (one `FileParser.push` or `end`,
 * so one `parseFile` call) may take, in milliseconds: 10 s. Checked
 * between entries: past it the file is read no further (`too-complex`),
 * what was read is kept. Every other limit bounds the work already; this
 * one keeps a step of the ingest function well inside its 30 s timeout
 * whatever a file holds.
 */
export const DEFAULT_MAX_STEP_MS = 10_000;

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
  /**
   * Largest streamed file (JSON Lines, feeds, zip), in bytes, as uploaded
   * and inflated.
   * @default 1 GiB ({@link DEFAULT_MAX_STREAM_BYTES})
   */
  readonly maxStreamBytes?: number;
  /**
   * Longest entry (JSON Lines line, feed item text), in characters.
   * @default 8 Mi ({@link DEFAULT_MAX_ENTRY_CHARS})
   */
  readonly maxEntryChars?: number;
  /**
   * Most entries read from a zip archive.
   * @default 10,000 ({@link DEFAULT_MAX_ZIP_ENTRIES})
   */
  readonly maxZipEntries?: number;
  /**
   * Most bytes a zip archive's entries may inflate to, together.
   * @default 1 GiB ({@link DEFAULT_MAX_ZIP_TOTAL_BYTES})
   */
  readonly maxZipTotalBytes?: number;
  /**
   * Largest inflated-to-compressed ratio of a zip entry over 1 MiB.
   * @default 100 ({@link DEFAULT_MAX_ZIP_RATIO})
   */
  readonly maxZipRatio?: number;
  /**
   * Deepest nesting of archives (zip or gzip inside a zip).
   * @default 2 ({@link DEFAULT_MAX_ARCHIVE_DEPTH})
   */
  readonly maxArchiveDepth?: number;
  /**
   * Deepest element nesting of a feed.
   * @default 64 ({@link DEFAULT_MAX_XML_DEPTH})
   */
  readonly maxXmlDepth?: number;
  /**
   * Most words of a description-only entry stored as a summary.
   * @default 150 ({@link DEFAULT_MAX_SUMMARY_WORDS})
   */
  readonly maxSummaryWords?: number;
  /**
   * Most entries of one file; the rest is not read.
   * @default 200,000 ({@link DEFAULT_MAX_FILE_ENTRIES})
   */
  readonly maxFileEntries?: number;
  /**
   * Most problems of one file handed out in full; later ones are counted.
   * @default 100 ({@link DEFAULT_MAX_PROBLEMS})
   */
  readonly maxProblems?: number;
  /**
   * Most bytes one zip entry may inflate to.
   * @default 256 MiB ({@link DEFAULT_MAX_ZIP_ENTRY_BYTES})
   */
  readonly maxZipEntryBytes?: number;
  /**
   * Most characters of article text one file may yield.
   * @default 256 Mi ({@link DEFAULT_MAX_OUTPUT_CHARS})
   */
  readonly maxOutputChars?: number;
  /**
   * Deepest Markdown quote and list nesting handed to the renderer.
   * @default 8 ({@link DEFAULT_MAX_MARKDOWN_NESTING})
   */
  readonly maxMarkdownNesting?: number;
  /**
   * Most milliseconds one `push` or `end` may take, checked between
   * entries.
   * @default 10,000 ({@link DEFAULT_MAX_STEP_MS})
   */
  readonly maxStepMs?: number;
}

/**
 * {@link ParseLimits} with every default filled in: the one limits object
 * that flows through every stage. A stage that needs only some limits
 * takes a `Pick` of it (below), so it can be handed the whole object.
 */
export type ResolvedLimits = Required<ParseLimits>;

/** The limits of the HTML tree builder: whole pages and HTML fragments. */
export type HtmlLimits = Pick<
  ResolvedLimits,
  'maxHtmlElements' | 'maxHtmlDepth'
>;

/**
 * The limits an entry's draft is built with: its HTML, the summary cut,
 * Markdown nesting and length.
 */
export type DraftLimits = HtmlLimits &
  Pick<
    ResolvedLimits,
    'maxSummaryWords' | 'maxMarkdownNesting' | 'maxEntryChars'
  >;

/** The limits of the feed reader: XML nesting, and one item's size. */
export type FeedLimits = Pick<ResolvedLimits, 'maxXmlDepth' | 'maxEntryChars'>;

/** The default limits, in one place. */
export const DEFAULT_LIMITS: ResolvedLimits = {
  maxInputBytes: DEFAULT_MAX_INPUT_BYTES,
  maxDecompressedBytes: DEFAULT_MAX_DECOMPRESSED_BYTES,
  maxTextChars: DEFAULT_MAX_TEXT_CHARS,
  minArticleWords: DEFAULT_MIN_ARTICLE_WORDS,
  maxHtmlElements: DEFAULT_MAX_HTML_ELEMENTS,
  maxHtmlDepth: DEFAULT_MAX_HTML_DEPTH,
  maxStreamBytes: DEFAULT_MAX_STREAM_BYTES,
  maxEntryChars: DEFAULT_MAX_ENTRY_CHARS,
  maxZipEntries: DEFAULT_MAX_ZIP_ENTRIES,
  maxZipTotalBytes: DEFAULT_MAX_ZIP_TOTAL_BYTES,
  maxZipRatio: DEFAULT_MAX_ZIP_RATIO,
  maxArchiveDepth: DEFAULT_MAX_ARCHIVE_DEPTH,
  maxXmlDepth: DEFAULT_MAX_XML_DEPTH,
  maxSummaryWords: DEFAULT_MAX_SUMMARY_WORDS,
  maxFileEntries: DEFAULT_MAX_FILE_ENTRIES,
  maxProblems: DEFAULT_MAX_PROBLEMS,
  maxZipEntryBytes: DEFAULT_MAX_ZIP_ENTRY_BYTES,
  maxOutputChars: DEFAULT_MAX_OUTPUT_CHARS,
  maxMarkdownNesting: DEFAULT_MAX_MARKDOWN_NESTING,
  maxStepMs: DEFAULT_MAX_STEP_MS,
};

/** Fills in the defaults of `limits`. */
export function resolveLimits(limits: ParseLimits = {}): ResolvedLimits {
  return { ...DEFAULT_LIMITS, ...limits };
}
