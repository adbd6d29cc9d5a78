/**
 * The read API's request and response shapes, as zod/mini schemas.
 *
 * The handler validates parameters with these schemas, and the OpenAPI
 * document (`openapi.ts`) is generated from them, so the two cannot drift.
 * Response shapes reuse the core's `ArticleSchema` and `ArticleSummarySchema`,
 * the single source of truth for what an article looks like.
 */
import * as z from 'zod/mini';
import { ArticleSummarySchema, REJECTION_CODES } from '../core/index.ts';
import { FILE_REASON_CODES, FILE_STATUSES } from '../store/file-record.ts';
import { MAX_CURSOR_CHARS } from './cursor.ts';
import { API_ERROR_CODES } from './errors.ts';

/** Page size bounds and default of `GET /articles`. */
export const LIMITS = { default: 20, min: 1, max: 100 } as const;

/**
 * Longest accepted publisher filter, in characters. The store keeps a
 * publisher of any length and lists it under a key built from the whole
 * name (`publisherBucket`: its first bytes, then a hash of all of it), so a
 * filter must carry the whole name; this is what fits in a request's URL
 * (API Gateway: 8,192 characters of URL for an edge-optimized API, 10,240
 * bytes of request line and headers).
 */
export const MAX_PUBLISHER_CHARS = 8192;

/** S3 object keys are at most 1,024 bytes of UTF-8. */
export const MAX_OBJECT_KEY_BYTES = 1024;

/** An ISO 8601 calendar date, or a date-time with seconds and a zone. */
const IsoDateSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** What each query parameter means, and what a valid value looks like. */
export const PARAMETER_DOCS = {
  limit: {
    description: `Most items on the page, ${LIMITS.min}–${LIMITS.max}; default ${LIMITS.default}.`,
    expected: `an integer from ${LIMITS.min} to ${LIMITS.max}`,
  },
  cursor: {
    description:
      'Where the page starts: the `nextCursor` of the previous page, sent with the same filters.',
    expected:
      'the nextCursor of a previous page of this listing, unchanged, with the same filters',
  },
  publisher: {
    description:
      'Only articles of this publisher (e.g. `The Telegraph`); case does not matter.',
    expected: `a publisher name of 1 to ${MAX_PUBLISHER_CHARS} characters`,
  },
  from: {
    description:
      'Only articles dated at or after this: an ISO 8601 date or date-time with a zone. Articles without a date are dated by when they were ingested.',
    expected:
      'an ISO 8601 date (2023-09-14) or date-time with seconds and a zone (2023-09-14T09:17:00Z)',
  },
  to: {
    description:
      'Only articles dated at or before this: an ISO 8601 date (the whole day) or date-time with a zone.',
    expected:
      'an ISO 8601 date (2023-09-14) or date-time with seconds and a zone (2023-09-14T09:17:00Z)',
  },
  id: {
    description: 'An article id: 32 lower-case hex digits.',
    expected: '32 lower-case hex digits',
  },
  key: {
    description:
      'The object key in the drop bucket, as uploaded; slashes may be sent as they are or as %2F.',
    expected: `an object key of 1 to ${MAX_OBJECT_KEY_BYTES} bytes`,
  },
  file: {
    description:
      'Only the articles this object of the drop bucket produced (its key, as uploaded), in file order instead of newest first: each article once, at its first line; a line that duplicates an article of another file lists that article. Not combined with `publisher`, `from` or `to`. A key never processed lists nothing.',
    expected: `an object key of 1 to ${MAX_OBJECT_KEY_BYTES} bytes, without publisher, from or to`,
  },
  status: {
    description: `Only files with this status: ${FILE_STATUSES.join(', ')}.`,
    expected: `one of ${FILE_STATUSES.join(', ')}`,
  },
  prefix: {
    description:
      'Only files whose key starts with this (e.g. `scrapes/2026-11/`); case matters, as in S3.',
    expected: `a key prefix of 1 to ${MAX_OBJECT_KEY_BYTES} bytes`,
  },
} as const;

/** Names of documented parameters. */
export type ParameterName = keyof typeof PARAMETER_DOCS;

/** `limit` of a listing, as API Gateway passes it: a string. */
const LimitSchema = z.optional(
  z.pipe(
    z.string().check(z.regex(/^\d{1,3}$/u)),
    z.pipe(
      z.transform((value: string) => Number(value)),
      z.int().check(z.gte(LIMITS.min), z.lte(LIMITS.max))
    )
  )
);

/**
 * `cursor` of a listing. Only its length here: whether a cursor is one of
 * ours is the cursor codec's question, answered with `invalid-cursor`.
 */
const CursorSchema = z.optional(
  z.string().check(z.maxLength(MAX_CURSOR_CHARS))
);

/** Path parameter of `GET /files/{key}`, decoded; `file` of `GET /articles`. */
export const ObjectKeySchema = z.string().check(
  z.minLength(1),
  z.maxLength(MAX_OBJECT_KEY_BYTES),
  z.refine(
    (key) => Buffer.byteLength(key, 'utf8') <= MAX_OBJECT_KEY_BYTES,
    'longer than 1,024 bytes of UTF-8'
  )
);

/** Query of `GET /articles`: every value as API Gateway passes it, a string. */
export const ListArticlesQuerySchema = z.strictObject({
  limit: LimitSchema,
  cursor: CursorSchema,
  publisher: z.optional(
    z.string().check(z.trim(), z.minLength(1), z.maxLength(MAX_PUBLISHER_CHARS))
  ),
  from: z.optional(IsoDateSchema),
  to: z.optional(IsoDateSchema),
  file: z.optional(ObjectKeySchema),
});

/** Query of `GET /files`. */
export const ListFilesQuerySchema = z.strictObject({
  limit: LimitSchema,
  cursor: CursorSchema,
  status: z.optional(z.enum(FILE_STATUSES)),
  prefix: z.optional(
    z.string().check(
      z.minLength(1),
      z.refine(
        (prefix) => Buffer.byteLength(prefix, 'utf8') <= MAX_OBJECT_KEY_BYTES,
        'longer than 1,024 bytes of UTF-8'
      )
    )
  ),
});

/** Query of the other routes: none. */
export const NoQuerySchema = z.strictObject({});

/** Path parameter of `GET /articles/{id}`. */
export const ArticleIdSchema = z.string().check(z.regex(/^[0-9a-f]{32}$/u));

/** The schema of each path parameter the routes have, by name. */
export const PATH_PARAMETER_SCHEMAS = {
  id: ArticleIdSchema,
  key: ObjectKeySchema,
} as const;

/** The name of a path parameter. */
export type PathParameterName = keyof typeof PATH_PARAMETER_SCHEMAS;

/** `GET /articles` → 200. */
export const ArticleListSchema = z.object({
  items: z.array(ArticleSummarySchema),
  /** Absent more pages, null. */
  nextCursor: z.nullable(z.string()),
});

/** A count of entries, described for the OpenAPI document. */
function count(description: string) {
  return z.int().check(z.nonnegative(), z.describe(description));
}

/** A reason code of a file record. */
const FileReasonCodeSchema = z.enum(FILE_REASON_CODES);

/** `GET /files/{key}` → 200: what became of an uploaded object. */
export const FileRecordSchema = z.object({
  bucket: z.string(),
  key: z.string(),
  status: z.enum(FILE_STATUSES),
  reason: z.optional(
    z.object({ code: FileReasonCodeSchema, message: z.string() })
  ),
  articleIds: z.array(ArticleIdSchema),
  counts: z
    .object({
      found: count(
        'Entries read (JSON Lines lines, feed items, list elements, zip members; a file read or refused as a whole is one): stored + duplicate + unchanged + rejected.'
      ),
      stored: count('Entries written as articles, new or updated.'),
      duplicate: count('Entries whose text was already stored.'),
      unchanged: z.optional(
        count(
          'Entries of a version read again whose article was stored as they would write it (same text, parserVersion, version and place): nothing was written. Absent when none.'
        )
      ),
      rejected: count(
        'Entries that could not become articles; `problems` lists the first.'
      ),
    })
    .check(z.describe('What the entries of the file came to.')),
  problems: z.array(
    z.object({
      location: z.string(),
      code: z.enum(REJECTION_CODES),
      message: z.string(),
    })
  ),
  omittedProblems: z.optional(
    count(
      'Problems left out of `problems` to keep the record within its size limit.'
    )
  ),
  omittedArticleIds: z.optional(
    count(
      'Article ids left out of `articleIds` to keep the record within its size limit.'
    )
  ),
  format: z.optional(z.string()),
  sizeBytes: z.optional(z.int().check(z.nonnegative())),
  etag: z.optional(z.string()),
  versionId: z.optional(z.string()),
  uploadedAt: z.optional(z.string()),
  processedAt: z
    .string()
    .check(
      z.describe(
        'When the record was written; while processing, when the reading last reported progress (its start and each continuation).'
      )
    ),
  startedAt: z.optional(
    z
      .string()
      .check(
        z.describe(
          'When reading this version began; processing and dead-letter records.'
        )
      )
  ),
  progress: z.optional(
    z
      .object({
        entries: count('Entries handled so far.'),
        invocations: count('Invocations the file has had so far.'),
      })
      .check(z.describe('How far a file being read has come (processing).'))
  ),
  /** When the object was deleted (status `deleted`). */
  deletedAt: z.optional(z.string()),
});

/** A served file record. */
export type FileRecordView = z.infer<typeof FileRecordSchema>;

/** A row of `GET /files`: a file record without article ids and problems. */
export const FileSummarySchema = z.omit(FileRecordSchema, {
  articleIds: true,
  problems: true,
  omittedProblems: true,
  omittedArticleIds: true,
  etag: true,
  versionId: true,
});

/** `GET /files` → 200. */
export const FileListSchema = z.object({
  items: z.array(FileSummarySchema),
  /** Absent more pages, null. */
  nextCursor: z.nullable(z.string()),
});

/** Every error response. */
export const ErrorSchema = z.object({
  error: z.object({ code: z.enum(API_ERROR_CODES), message: z.string() }),
});
