/**
 * The read API's request parameters as zod/mini schemas, for the OpenAPI
 * document (`openapi.ts`), which is generated from them.
 *
 * The handler does not parse with these: it checks each parameter with
 * its reader in `parameters.ts`, plain functions that keep zod out of the
 * cold start. `tests/unit/api/parameters.test.ts` holds every reader to
 * its schema here, so what is documented is what is accepted. Response
 * shapes are in `response-schemas.ts`.
 */
import * as z from 'zod/mini';
import { FILE_STATUSES } from '../store/file-record.ts';
import { MAX_CURSOR_CHARS } from './cursor.ts';
import {
  LIMITS,
  MAX_OBJECT_KEY_BYTES,
  MAX_PUBLISHER_CHARS,
  type PathParameterName,
} from './parameters.ts';

/** An ISO 8601 calendar date, or a date-time with seconds and a zone. */
const IsoDateSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** `limit` of a listing, as API Gateway passes it: a string. */
const LimitSchema = z.pipe(
  z.string().check(z.regex(/^\d{1,3}$/u)),
  z.pipe(
    z.transform((value: string) => Number(value)),
    z.int().check(z.gte(LIMITS.min), z.lte(LIMITS.max))
  )
);

/** Path parameter of `GET /files/{key}`, decoded; `file` of `GET /articles`. */
const ObjectKeySchema = z.string().check(
  z.minLength(1),
  z.maxLength(MAX_OBJECT_KEY_BYTES),
  z.refine(
    (key) => Buffer.byteLength(key, 'utf8') <= MAX_OBJECT_KEY_BYTES,
    'longer than 1,024 bytes of UTF-8'
  )
);

/**
 * The schema of each query parameter, by name: a parameter means the same
 * on every route that takes it. A route's own list is its query in the
 * route manifest.
 */
export const QUERY_PARAMETER_SCHEMAS = {
  limit: LimitSchema,
  // Only its length here: whether a cursor is one of ours is the cursor
  // codec's question, answered with `invalid-cursor`.
  cursor: z.string().check(z.maxLength(MAX_CURSOR_CHARS)),
  publisher: z
    .string()
    .check(z.trim(), z.minLength(1), z.maxLength(MAX_PUBLISHER_CHARS)),
  from: IsoDateSchema,
  to: IsoDateSchema,
  file: ObjectKeySchema,
  status: z.enum(FILE_STATUSES),
  prefix: z.string().check(
    z.minLength(1),
    z.refine(
      (prefix) => Buffer.byteLength(prefix, 'utf8') <= MAX_OBJECT_KEY_BYTES,
      'longer than 1,024 bytes of UTF-8'
    )
  ),
} as const;

/** The name of a query parameter. */
export type QueryParameterName = keyof typeof QUERY_PARAMETER_SCHEMAS;

/** Path parameter of `GET /articles/{id}`; the ids a file record lists. */
export const ArticleIdSchema = z.string().check(z.regex(/^[0-9a-f]{32}$/u));

/** The schema of each path parameter the routes have, by name. */
export const PATH_PARAMETER_SCHEMAS = {
  id: ArticleIdSchema,
  key: ObjectKeySchema,
} as const satisfies Readonly<Record<PathParameterName, z.ZodMiniType>>;
