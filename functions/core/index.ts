/**
 * Dropwire's pure core: bytes of a file → clean, structured articles.
 *
 * No AWS, no I/O, no environment: everything comes in as arguments. The
 * ingest Lambda, the local server and the CLI all call {@link parseFile}.
 *
 * The functions' code outside the pipeline (config, store, API, the
 * ingest handler's shell) imports the core's modules themselves, not this
 * index: the bundles are split into chunks, and an index imported both by
 * the entry and by a lazily imported chunk would pull into the entry
 * everything the lazy chunk takes from it (esbuild places the index, and
 * what it re-exports to either, in a chunk both load).
 *
 * @example
 * ```ts
 * import { parseFile } from './functions/core/index.ts';
 * const result = parseFile(bytes, { key: 'world/putin-kim.txt' });
 * ```
 */
export {
  type Article,
  ArticleSchema,
  type ArticleSummary,
  ArticleSummarySchema,
  BlockSchema,
  type FileFormat,
  FORMATS,
  type Format,
  ImageSchema,
  type Origin,
  OriginSchema,
  renderText,
  SUMMARY_FIELDS,
} from './article.ts';
export {
  type Block,
  type BlockType,
  type Image,
  PAGE_TYPES,
  type PageType,
} from './draft.ts';
export {
  DropwireError,
  InputRejectedError,
  InvalidArticleError,
  REJECTION_CODES,
  type Rejection,
  type RejectionCode,
} from './errors.ts';
export { STREAMED_FORMATS } from './formats/index.ts';
export {
  DEFAULT_LIMITS,
  DEFAULT_MAX_DECOMPRESSED_BYTES,
  DEFAULT_MAX_INPUT_BYTES,
  DEFAULT_MAX_STREAM_BYTES,
  DEFAULT_MAX_TEXT_CHARS,
  DEFAULT_MIN_ARTICLE_WORDS,
  type ParseLimits,
} from './limits.ts';
export { renderMarkdown } from './markdown.ts';
export { PARSER_VERSION } from './parser-version.ts';
export { parseFile } from './pipeline.ts';
export { FileParser } from './read/file-parser.ts';
export type {
  ByteResumePoint,
  EntryProblem,
  FileMeta,
  FileParserOptions,
  ParseEnd,
  ParseOptions,
  ParseProgress,
  ParseResult,
  ResumePoint,
} from './types.ts';
