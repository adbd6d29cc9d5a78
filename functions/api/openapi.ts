/**
 * The OpenAPI 3.1 document of the read API, generated from the zod schemas
 * the handler validates with (`schemas.ts`) and the core's Article schemas.
 *
 * OpenAPI 3.1 uses JSON Schema 2020-12, which is what `z.toJSONSchema`
 * writes; the schemas go into `components.schemas` and refer to each other
 * with `$ref`. Query parameters are documented by their parsed type
 * (`limit` as an integer from 1 to 100), which is what a client sends
 * written out. The document is built on first request and kept.
 */
import * as z from 'zod/mini';
import { ArticleSchema, ArticleSummarySchema } from '../core/index.ts';
import { MAX_FILES_EXAMINED_PER_PAGE } from '../store/file-listing.ts';
import { INTERNAL_ERROR_BODY } from './errors.ts';
import { ARTICLE_MEDIA_TYPES } from './routes/get-article.ts';
import {
  ArticleIdSchema,
  ArticleListSchema,
  ErrorSchema,
  FileListSchema,
  FileRecordSchema,
  FileSummarySchema,
  LIMITS,
  ListArticlesQuerySchema,
  ListFilesQuerySchema,
  ObjectKeySchema,
  PARAMETER_DOCS,
} from './schemas.ts';

/** The API's version, as the document states it. */
export const API_VERSION = '1.0.0';

type JsonObject = Record<string, unknown>;

/** Named component schemas, in the order the document lists them. */
const COMPONENTS = {
  Article: ArticleSchema,
  ArticleSummary: ArticleSummarySchema,
  ArticleList: ArticleListSchema,
  FileRecord: FileRecordSchema,
  FileSummary: FileSummarySchema,
  FileList: FileListSchema,
  Error: ErrorSchema,
} as const;

const ref = (name: keyof typeof COMPONENTS) => ({
  $ref: `#/components/schemas/${name}`,
});

/** A schema as an embeddable JSON Schema (no `$schema` of its own). */
function jsonSchema(schema: z.ZodMiniType): JsonObject {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, {
    io: 'output',
  }) as JsonObject;
  return rest;
}

function componentSchemas(): JsonObject {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) {
    registry.add(schema, { id });
  }
  const { schemas } = z.toJSONSchema(registry, {
    io: 'output',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonObject> };
  // `$id`s that are bare fragments are not valid in JSON Schema 2020-12;
  // OpenAPI names components by their key instead.
  return Object.fromEntries(
    Object.entries(schemas).map(
      ([name, { $schema: _s, $id: _id, ...rest }]) => [name, rest]
    )
  );
}

/** The query parameters of a listing, from its query schema. */
function listParameters(
  schema: typeof ListArticlesQuerySchema | typeof ListFilesQuerySchema
): JsonObject[] {
  return Object.entries(schema.def.shape).map(([name, field]) => {
    const docs = PARAMETER_DOCS[name as keyof typeof PARAMETER_DOCS];
    const schema = jsonSchema(field.def.innerType);
    return {
      name,
      in: 'query',
      required: false,
      description: docs.description,
      schema:
        name === 'limit' ? { ...schema, default: LIMITS.default } : schema,
    };
  });
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

const COMMON_RESPONSES = {
  '400': errorResponse(
    'A parameter is malformed, unknown, repeated or out of range (`invalid-parameter`), or the cursor is not one of this listing (`invalid-cursor`).'
  ),
  '500': errorResponse(
    `Dropwire failed (\`internal-error\`); the body is always ${JSON.stringify(INTERNAL_ERROR_BODY)}.`
  ),
};

const cacheControl = (description: string) => ({
  description,
  schema: { type: 'string' },
});

function buildDocument(): JsonObject {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Dropwire read API',
      version: API_VERSION,
      description:
        'Clean, structured articles ingested from files dropped in S3. Every error is `{ "error": { "code", "message" } }`; any method but GET (and CORS preflight OPTIONS) on a route is a 405 with `Allow: GET`.',
    },
    paths: {
      '/articles': {
        get: {
          operationId: 'listArticles',
          summary: 'Article summaries, newest first',
          description:
            'Newest first by `publishedAt`, or `ingestedAt` for articles without a date. Follow `nextCursor` with the same filters until it is null.',
          parameters: listParameters(ListArticlesQuerySchema),
          responses: {
            '200': {
              description: 'A page of summaries.',
              headers: { 'Cache-Control': cacheControl('`no-cache`') },
              content: { 'application/json': { schema: ref('ArticleList') } },
            },
            ...COMMON_RESPONSES,
          },
        },
      },
      '/articles/{id}': {
        get: {
          operationId: 'getArticle',
          summary: 'One whole article',
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              description: PARAMETER_DOCS.id.description,
              schema: jsonSchema(ArticleIdSchema),
            },
            {
              name: 'If-None-Match',
              in: 'header',
              required: false,
              description: 'ETags the client holds; a match answers 304.',
              schema: { type: 'string' },
            },
          ],
          responses: {
            '200': {
              description: `The article in the media type \`Accept\` prefers: ${ARTICLE_MEDIA_TYPES.join(', ')} (the default).`,
              headers: {
                ETag: {
                  description: 'Strong ETag of this representation.',
                  schema: { type: 'string' },
                },
                'Cache-Control': cacheControl('`max-age=<seconds>`'),
                Vary: { schema: { type: 'string', const: 'Accept' } },
              },
              content: {
                'application/json': { schema: ref('Article') },
                'text/plain': {
                  schema: {
                    type: 'string',
                    description: 'Standfirst and body, blank-line separated.',
                  },
                },
                'text/markdown': {
                  schema: {
                    type: 'string',
                    description: 'Title, standfirst, byline, body, images.',
                  },
                },
              },
            },
            '304': {
              description:
                '`If-None-Match` matched: the client copy is current.',
            },
            '404': errorResponse('No article has this id (`not-found`).'),
            '406': errorResponse(
              'No acceptable media type (`not-acceptable`).'
            ),
            ...COMMON_RESPONSES,
          },
        },
      },
      '/files': {
        get: {
          operationId: 'listFiles',
          summary: 'File records of the drop bucket, newest upload first',
          description: `Newest first by upload time (the S3 event time, else the processing time). Rows leave out \`articleIds\` and \`problems\`: \`GET /files/{key}\` has them. With \`status\` or \`prefix\`, a page examines at most ${MAX_FILES_EXAMINED_PER_PAGE.toLocaleString('en')} records, so it may hold fewer than \`limit\` (even none) while more follow: follow \`nextCursor\` with the same filters until it is null.`,
          parameters: listParameters(ListFilesQuerySchema),
          responses: {
            '200': {
              description: 'A page of file records.',
              headers: { 'Cache-Control': cacheControl('`no-cache`') },
              content: { 'application/json': { schema: ref('FileList') } },
            },
            ...COMMON_RESPONSES,
          },
        },
      },
      '/files/{key}': {
        get: {
          operationId: 'getFile',
          summary: 'What became of an uploaded object',
          parameters: [
            {
              name: 'key',
              in: 'path',
              required: true,
              description: PARAMETER_DOCS.key.description,
              schema: jsonSchema(ObjectKeySchema),
            },
          ],
          responses: {
            '200': {
              description: 'The object’s file record.',
              content: { 'application/json': { schema: ref('FileRecord') } },
            },
            '404': errorResponse(
              'No object with this key was processed (`not-found`).'
            ),
            ...COMMON_RESPONSES,
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'This document',
          responses: {
            '200': {
              description: 'The OpenAPI 3.1 document.',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
            ...COMMON_RESPONSES,
          },
        },
      },
    },
    components: { schemas: componentSchemas() },
  };
}

let document: JsonObject | undefined;

/** The OpenAPI document (built once, on first use). */
export function openApiDocument(): JsonObject {
  document ??= buildDocument();
  return document;
}
