/**
 * The read API's response shapes, as zod/mini schemas, for the OpenAPI
 * document (`openapi.ts`) and the tests that hold responses to it.
 *
 * No request needs them, nor the parameter schemas (`schemas.ts`): with
 * the core's `ArticleSummarySchema` (and so the whole `ArticleSchema`)
 * they are built only when `GET /openapi.json` first loads `openapi.ts`,
 * not at a cold start (bench:bundles).
 */
import * as z from 'zod/mini';
import { ArticleSummarySchema } from '../core/article.ts';
import { REJECTION_CODES } from '../core/errors.ts';
import { FILE_REASON_CODES, FILE_STATUSES } from '../store/file-record.ts';
import { API_ERROR_CODES } from './errors.ts';
import { ArticleIdSchema } from './schemas.ts';

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
