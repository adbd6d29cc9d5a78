/**
 * The Article: the stored and served shape, and how a draft becomes one.
 *
 * {@link ArticleSchema} is the single source of truth for the shape: the
 * store validates what it writes with it, the read API what it serves, and
 * the OpenAPI document is generated from it. Field names are public API.
 */
import * as z from 'zod/mini';
import { renderText, SUMMARY_FIELDS, type TextParts } from './article-text.ts';
import { BLOCK_TYPES, type Draft, PAGE_TYPES } from './draft.ts';
import { InvalidArticleError } from './errors.ts';
import { articleId, contentHashOf } from './ids.ts';
import { PARSER_VERSION } from './parser-version.ts';
import { countWords } from './text.ts';

export { renderText, SUMMARY_FIELDS, type TextParts } from './article-text.ts';

/** Formats `parseFile` recognises, as recorded in `origin.format`. */
export const FORMATS = [
  'text',
  'html',
  'markdown',
  'json',
  'jsonl',
  'rss',
  'atom',
] as const;

/** One of {@link FORMATS}. */
export type Format = (typeof FORMATS)[number];

/**
 * What a whole file can be: an article format, or a zip archive of files
 * (each entry's articles record their own format). Gzip is transparent
 * and never a format of its own.
 */
export type FileFormat = Format | 'zip';

/** Reading speed used for `readingTimeMinutes`, in words per minute. */
export const WORDS_PER_MINUTE = 230;

/** ISO 8601: a calendar date, or a date-time with a zone. */
const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/u;

const nonEmpty = () => z.string().check(z.minLength(1));
const isoDate = () => z.string().check(z.regex(ISO_DATE));

/** A body block. */
export const BlockSchema = z.object({
  type: z.enum(BLOCK_TYPES),
  text: nonEmpty(),
  level: z.optional(z.int().check(z.gte(1), z.lte(6))),
  items: z.optional(z.array(nonEmpty())),
  ordered: z.optional(z.boolean()),
});

/** An image with what the source says about it. */
export const ImageSchema = z.object({
  url: z.optional(nonEmpty()),
  caption: z.optional(nonEmpty()),
  credit: z.optional(nonEmpty()),
  alt: z.optional(nonEmpty()),
});

/** The file an article came from. */
export const OriginSchema = z.object({
  bucket: z.optional(nonEmpty()),
  key: z.optional(nonEmpty()),
  etag: z.optional(nonEmpty()),
  versionId: z.optional(nonEmpty()),
  format: z.enum(FORMATS),
  /** The path inside a zip archive, for articles from an archive entry. */
  entry: z.optional(nonEmpty()),
});

/** Article ids: 32 lower-case hex digits, URL-safe by construction. */
export const ARTICLE_ID = /^[0-9a-f]{32}$/u;

/**
 * The Article shape: what is stored and served. Its field names are public
 * API (the README's "The Article shape" describes each).
 */
export const ArticleSchema = z.object({
  id: z.string().check(z.regex(ARTICLE_ID)),
  title: nonEmpty(),
  standfirst: z.optional(nonEmpty()),
  authors: z.array(nonEmpty()),
  publisher: z.optional(nonEmpty()),
  url: z.optional(z.url()),
  language: z.optional(z.string().check(z.regex(/^[a-z]{2}$/u))),
  publishedAt: z.optional(isoDate()),
  modifiedAt: z.optional(isoDate()),
  body: z.array(BlockSchema),
  text: nonEmpty(),
  images: z.array(ImageSchema),
  /** Topics the source tags the article with (feed categories, front matter). */
  tags: z.optional(z.array(nonEmpty())),
  /**
   * Present (and `true`) when the source carried only a short description
   * of the article, not its text: a feed item without full content. `text`
   * is then that description.
   */
  isSummary: z.optional(z.literal(true)),
  /**
   * What kind of web page the article was read from: `article` for a
   * story, else the kind of page whose main content it is (a product
   * page, a listing, a forum thread…). Present for HTML pages only.
   */
  pageType: z.optional(z.enum(PAGE_TYPES)),
  wordCount: z.int().check(z.nonnegative()),
  readingTimeMinutes: z.int().check(z.nonnegative()),
  contentHash: z.string().check(z.regex(/^[0-9a-f]{64}$/u)),
  /**
   * The version of the parsers and clean steps that made the article
   * (`PARSER_VERSION`, bumped whenever their output changes).
   */
  parserVersion: z.int().check(z.positive()),
  origin: OriginSchema,
  ingestedAt: isoDate(),
});

/** A stored, served article. */
export type Article = z.infer<typeof ArticleSchema>;

/** An article in a listing: {@link SUMMARY_FIELDS} of {@link ArticleSchema}. */
export const ArticleSummarySchema = z.pick(
  ArticleSchema,
  Object.fromEntries(SUMMARY_FIELDS.map((field) => [field, true])) as {
    [K in (typeof SUMMARY_FIELDS)[number]]: true;
  }
);

/** An article in a listing. */
export type ArticleSummary = z.infer<typeof ArticleSummarySchema>;
/** The file an article came from. */
export type Origin = z.infer<typeof OriginSchema>;

/** What `finalizeArticle` needs besides the draft. */
export interface FinalizeContext {
  readonly origin: Origin;
  /** Position of the article in its file, 0 for single-article files. */
  readonly index: number;
  readonly ingestedAt: string;
}

/**
 * Words in the standfirst and body: the word count of `renderText(draft)`,
 * summed block by block (the counts are memoised per block).
 */
export function countDraftWords(draft: TextParts): number {
  let total = draft.standfirst ? countWords(draft.standfirst) : 0;
  for (const block of draft.body) total += countWords(block.text);
  return total;
}

/**
 * Derives the computed fields and validates the result.
 *
 * @throws InvalidArticleError if the draft breaks the schema (a bug in a
 * parser or clean step: the schema describes what they must produce)
 */
export function finalizeArticle(
  draft: Draft,
  context: FinalizeContext
): Article {
  const text = renderText(draft);
  const wordCount = countDraftWords(draft);
  const hash = contentHashOf([
    draft.standfirst ?? '',
    ...draft.body.map((block) => block.text),
  ]);
  const candidate = {
    id: articleId({
      url: draft.url,
      origin: context.origin,
      index: context.index,
      contentHash: hash,
    }),
    title: draft.title,
    standfirst: draft.standfirst,
    authors: draft.authors,
    publisher: draft.publisher,
    url: draft.url,
    language: draft.language,
    publishedAt: draft.publishedAt,
    modifiedAt: draft.modifiedAt,
    body: draft.body,
    text,
    images: draft.images,
    tags: draft.tags && draft.tags.length > 0 ? draft.tags : undefined,
    isSummary: draft.isSummary ? true : undefined,
    pageType: draft.pageType,
    wordCount,
    readingTimeMinutes: Math.max(1, Math.round(wordCount / WORDS_PER_MINUTE)),
    contentHash: hash,
    parserVersion: PARSER_VERSION,
    origin: context.origin,
    ingestedAt: context.ingestedAt,
  };
  const result = ArticleSchema.safeParse(dropUndefined(candidate));
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`)
      .join('; ');
    throw new InvalidArticleError(
      `cleaned article breaks the Article schema (${problems})`,
      { cause: result.error }
    );
  }
  return result.data;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined)
  ) as T;
}
