/**
 * The read API's request parameters: what each means, what a valid value
 * looks like, and the readers the handler checks them with.
 *
 * A reader is a plain function, not a zod schema: every request checks its
 * parameters, so whatever checks them loads at each cold start, and zod in
 * the read function's static imports costs it ~55 KB of parsed code and
 * ~10 ms of schemas built at module load (esbuild splits code by file, so
 * every zod module the OpenAPI document's chunk uses would load with it).
 * The zod schemas the OpenAPI document is generated from (`schemas.ts`)
 * are loaded with the document only; `tests/unit/api/parameters.test.ts`
 * holds each reader to its documented schema, value by value, so the two
 * cannot drift.
 */
import { FILE_STATUSES, type FileStatus } from '../store/file-record.ts';
import { MAX_CURSOR_CHARS } from './cursor.ts';

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

/** What each parameter means, and what a valid value looks like. */
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

/**
 * Reads one parameter's value as it arrived (a string, from API Gateway):
 * `{ value }` with the value the route uses, or `undefined` if it is not
 * valid.
 */
export type ParameterReader<T = unknown> = (
  value: unknown
) => { readonly value: T } | undefined;

/** The value a reader yields. */
export type ReadValue<R> = R extends ParameterReader<infer T> ? T : never;

/**
 * The query parameters a route accepts, by name, in the order they are
 * documented and checked; any other is refused.
 */
export type QuerySpec = Readonly<Record<string, ParameterReader>>;

/** A query as the route sees it: each parameter read, or absent. */
export type QueryValues<Q extends QuerySpec> = {
  readonly [K in keyof Q]?: ReadValue<Q[K]>;
};

/**
 * ISO 8601 calendar dates, leap days included (RFC 3339 `full-date`): the
 * pattern of zod's `z.iso.date()`, which documents the parameter.
 */
const DATE_SOURCE =
  '(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))';

/** A calendar date, `2023-09-14`. */
const ISO_DATE = new RegExp(`^${DATE_SOURCE}$`, 'u');

/**
 * A date-time with seconds and a zone, `Z` or an offset: the pattern of
 * zod's `z.iso.datetime({ offset: true })`.
 */
const ISO_DATE_TIME = new RegExp(
  `^${DATE_SOURCE}T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|(?:[+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$`,
  'u'
);

/** `limit` as API Gateway passes it: up to three digits. */
const LIMIT_DIGITS = /^\d{1,3}$/u;

/** An article id. */
const ARTICLE_ID = /^[0-9a-f]{32}$/u;

const accept = <T>(value: T) => ({ value });

const isString = (value: unknown): value is string => typeof value === 'string';

/**
 * Characters of a text as the documented schemas count them: code points,
 * so an emoji is one, and so is a lone surrogate.
 */
function charCount(text: string): number {
  let count = 0;
  for (const _char of text) count++;
  return count;
}

/** Whether `text` has `min` to `max` characters ({@link charCount}). */
function hasChars(text: string, min: number, max = Number.POSITIVE_INFINITY) {
  // A character is one or two UTF-16 units: only in between do the
  // characters need counting.
  if (text.length < min || text.length > 2 * max) return false;
  if (text.length >= 2 * min && text.length <= max) return true;
  const count = charCount(text);
  return count >= min && count <= max;
}

const fitsObjectKeyBytes = (text: string) =>
  Buffer.byteLength(text, 'utf8') <= MAX_OBJECT_KEY_BYTES;

/** `limit` of a listing: an integer from 1 to 100, written in digits. */
export const readLimit: ParameterReader<number> = (value) => {
  if (!isString(value) || !LIMIT_DIGITS.test(value)) return undefined;
  const limit = Number(value);
  return limit >= LIMITS.min && limit <= LIMITS.max ? accept(limit) : undefined;
};

/**
 * `cursor` of a listing. Only its length here: whether a cursor is one of
 * ours is the cursor codec's question, answered with `invalid-cursor`.
 */
export const readCursor: ParameterReader<string> = (value) =>
  isString(value) && hasChars(value, 0, MAX_CURSOR_CHARS)
    ? accept(value)
    : undefined;

/** `publisher`: white space around it dropped, then 1 to 8,192 characters. */
export const readPublisher: ParameterReader<string> = (value) => {
  if (!isString(value)) return undefined;
  const publisher = value.trim();
  return hasChars(publisher, 1, MAX_PUBLISHER_CHARS)
    ? accept(publisher)
    : undefined;
};

/** `from` and `to`: an ISO 8601 date, or a date-time with seconds and a zone. */
export const readIsoDate: ParameterReader<string> = (value) =>
  isString(value) && (ISO_DATE.test(value) || ISO_DATE_TIME.test(value))
    ? accept(value)
    : undefined;

/**
 * An object key: `{key}` of `GET /files/{key}` (decoded) and `file` of
 * `GET /articles`; 1 to 1,024 characters and at most 1,024 bytes of UTF-8.
 */
export const readObjectKey: ParameterReader<string> = (value) =>
  isString(value) &&
  hasChars(value, 1, MAX_OBJECT_KEY_BYTES) &&
  fitsObjectKeyBytes(value)
    ? accept(value)
    : undefined;

/** `status` of `GET /files`: one of the file statuses. */
export const readFileStatus: ParameterReader<FileStatus> = (value) =>
  (FILE_STATUSES as readonly unknown[]).includes(value)
    ? accept(value as FileStatus)
    : undefined;

/** `prefix` of `GET /files`: a key prefix of 1 to 1,024 bytes. */
export const readKeyPrefix: ParameterReader<string> = (value) =>
  isString(value) && hasChars(value, 1) && fitsObjectKeyBytes(value)
    ? accept(value)
    : undefined;

/** `{id}` of `GET /articles/{id}`: 32 lower-case hex digits. */
export const readArticleId: ParameterReader<string> = (value) =>
  isString(value) && ARTICLE_ID.test(value) ? accept(value) : undefined;

/** Query of `GET /articles`. */
export const LIST_ARTICLES_QUERY = {
  limit: readLimit,
  cursor: readCursor,
  publisher: readPublisher,
  from: readIsoDate,
  to: readIsoDate,
  file: readObjectKey,
} as const satisfies QuerySpec;

/** Query of `GET /files`. */
export const LIST_FILES_QUERY = {
  limit: readLimit,
  cursor: readCursor,
  status: readFileStatus,
  prefix: readKeyPrefix,
} as const satisfies QuerySpec;

/** Query of the other routes: none. */
export const NO_QUERY = {} as const satisfies QuerySpec;

/** The reader of each path parameter the routes have, by name. */
export const PATH_PARAMETER_READERS = {
  id: readArticleId,
  key: readObjectKey,
} as const satisfies Readonly<Record<string, ParameterReader<string>>>;

/** The name of a path parameter. */
export type PathParameterName = keyof typeof PATH_PARAMETER_READERS;
