/**
 * The OpenAPI 3.1 document of the read API, generated from the zod schemas
 * of the parameters (`schemas.ts`, which the handler's readers are held
 * to) and the core's Article schemas.
 *
 * OpenAPI 3.1 uses JSON Schema 2020-12, which is what `z.toJSONSchema`
 * writes; the schemas go into `components.schemas` and refer to each other
 * with `$ref`. Query parameters are documented by their parsed type
 * (`limit` as an integer from 1 to 100), which is what a client sends
 * written out. Paths and parameters come from the route manifest
 * (`route-manifest.ts`), the one the handler routes by. The document is
 * built on first request and kept.
 */
import * as z from 'zod/mini';
import { ArticleSchema, ArticleSummarySchema } from '../core/article.ts';
import { MAX_FILES_EXAMINED_PER_PAGE } from '../store/file-listing.ts';
import { INTERNAL_ERROR_BODY } from './errors.ts';
import { DEFAULT_CACHE_CONTROL, RESPONSE_HEADERS } from './http.ts';
import {
  LIMITS,
  PARAMETER_DOCS,
  type ParameterName,
  type PathParameterName,
} from './parameters.ts';
import {
  ArticleListSchema,
  ErrorSchema,
  FileListSchema,
  FileRecordSchema,
  FileSummarySchema,
} from './response-schemas.ts';
import {
  API_ENDPOINTS,
  openApiPath,
  pathParameters,
  queryParameters,
  ROUTE_NAMES,
  ROUTES,
  type RouteName,
  type RouteSpec,
  SERVED_METHOD,
  SERVED_METHODS,
} from './route-manifest.ts';
import {
  ARTICLE_MEDIA_TYPES,
  DEFAULT_ARTICLE_MEDIA_TYPE,
} from './routes/get-article.ts';
import {
  PATH_PARAMETER_SCHEMAS,
  QUERY_PARAMETER_SCHEMAS,
  type QueryParameterName,
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

/** A route's path and query parameters, from the manifest. */
function parametersOf(route: RouteSpec): JsonObject[] {
  const path = pathParameters(route).map(({ name }) => ({
    name,
    in: 'path',
    required: true,
    description: PARAMETER_DOCS[name as ParameterName].description,
    schema: jsonSchema(PATH_PARAMETER_SCHEMAS[name as PathParameterName]),
  }));
  const query = queryParameters(route).map((name) => {
    const schema = jsonSchema(
      QUERY_PARAMETER_SCHEMAS[name as QueryParameterName]
    );
    return {
      name,
      in: 'query',
      required: false,
      description: PARAMETER_DOCS[name as ParameterName].description,
      schema:
        name === 'limit' ? { ...schema, default: LIMITS.default } : schema,
    };
  });
  return [...path, ...query];
}

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ref('Error') } },
});

/**
 * The 400 of a route that validates its parameters: what it checks, and
 * `invalid-cursor` only where there is a cursor to check.
 */
function badRequest(route: RouteSpec): JsonObject | undefined {
  if (!route.query && pathParameters(route).length === 0) return undefined;
  const query = queryParameters(route);
  const checks = [
    ...pathParameters(route).map(
      ({ name }) =>
        `\`${name}\` is not ${PARAMETER_DOCS[name as ParameterName].expected}`
    ),
    query.length > 0
      ? 'a query parameter is malformed, unknown, repeated or out of range'
      : 'a query parameter was given, and this route takes none',
  ];
  const cursor = query.includes('cursor')
    ? ', or the cursor is not one of this listing (`invalid-cursor`)'
    : '';
  const text = `${checks.join(', or ')} (\`invalid-parameter\`)${cursor}.`;
  return errorResponse(`${text[0]?.toUpperCase()}${text.slice(1)}`);
}

/**
 * Methods an OpenAPI path item can hold that reach the handler (API
 * Gateway passes any method) and are not served: each answers 405.
 * `options` is CORS preflight, answered with a 204.
 */
const NOT_SERVED_METHODS = ['put', 'post', 'delete', 'patch'] as const;

/** The `Allow` header of a 405. */
const ALLOWED = SERVED_METHODS.join(', ');

/** The 405 every route answers for a method it does not serve. */
const METHOD_NOT_ALLOWED = {
  description: `Only ${ALLOWED} are served (and CORS preflight OPTIONS): any other method answers 405 (\`method-not-allowed\`) with \`Allow: ${ALLOWED}\`.`,
  headers: {
    Allow: {
      description: 'The methods served.',
      schema: { type: 'string', const: ALLOWED },
    },
  },
  content: { 'application/json': { schema: ref('Error') } },
};

const cacheControl = (description: string) => ({
  description,
  schema: { type: 'string' },
});

/** What the document says of each route beyond its path and parameters. */
interface OperationDocs {
  readonly summary: string;
  readonly description?: string;
  /** Parameters that are not the route's path or query (headers). */
  readonly headers?: readonly JsonObject[];
  /** Its own responses; 400 and 500 are added from the route. */
  readonly responses: JsonObject;
}

const OPERATIONS: Readonly<Record<RouteName, OperationDocs>> = {
  listArticles: {
    summary: 'Article summaries, newest first',
    description:
      'Newest first by `publishedAt`, or `ingestedAt` for articles without a date. Follow `nextCursor` with the same filters until it is null.',
    responses: {
      '200': {
        description: 'A page of summaries.',
        headers: { 'Cache-Control': cacheControl('`no-cache`') },
        content: { 'application/json': { schema: ref('ArticleList') } },
      },
    },
  },
  getArticle: {
    summary: 'One whole article',
    headers: [
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
        description: `The article in the media type \`Accept\` prefers, of ${ARTICLE_MEDIA_TYPES.join(', ')}; \`${DEFAULT_ARTICLE_MEDIA_TYPE}\` is the default.`,
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
        description: '`If-None-Match` matched: the client copy is current.',
      },
      '404': errorResponse('No article has this id (`not-found`).'),
      '410': errorResponse(
        'The article was removed: its object was deleted, or a newer version no longer yields it (`deleted`). Answered while its tombstone is kept (30 days by default), then 404.'
      ),
      '406': errorResponse('No acceptable media type (`not-acceptable`).'),
    },
  },
  listFiles: {
    summary: 'File records of the drop bucket, newest upload first',
    description: `Newest first by upload time (the S3 event time, else the processing time). Rows leave out \`articleIds\` and \`problems\`: \`GET /files/{key}\` has them. With \`status\` or \`prefix\`, a page examines at most ${MAX_FILES_EXAMINED_PER_PAGE.toLocaleString('en')} records, so it may hold fewer than \`limit\` (even none) while more follow: follow \`nextCursor\` with the same filters until it is null.`,
    responses: {
      '200': {
        description: 'A page of file records.',
        headers: { 'Cache-Control': cacheControl('`no-cache`') },
        content: { 'application/json': { schema: ref('FileList') } },
      },
    },
  },
  getFile: {
    summary: 'What became of an uploaded object',
    responses: {
      '200': {
        description: 'The object’s file record.',
        content: { 'application/json': { schema: ref('FileRecord') } },
      },
      '404': errorResponse(
        'No object with this key was processed (`not-found`).'
      ),
    },
  },
  getOpenApi: {
    summary: 'This document',
    responses: {
      '200': {
        description: 'The OpenAPI 3.1 document.',
        content: { 'application/json': { schema: { type: 'object' } } },
      },
    },
  },
};

const INTERNAL_ERROR = errorResponse(
  `Dropwire failed (\`internal-error\`); the body is always ${JSON.stringify(INTERNAL_ERROR_BODY)}.`
);

/**
 * Headers every response carries (`api-handler.ts`, `responseHeaders`):
 * `nosniff` fixed, `Cache-Control` where the route documents none.
 */
function withResponseHeaders(response: JsonObject): JsonObject {
  const headers = (response.headers ?? {}) as JsonObject;
  return {
    ...response,
    headers: {
      'X-Content-Type-Options': {
        description: 'Browsers must not sniff the content type.',
        schema: {
          type: 'string',
          const: RESPONSE_HEADERS['X-Content-Type-Options'],
        },
      },
      'Cache-Control': cacheControl(`\`${DEFAULT_CACHE_CONTROL}\``),
      ...headers,
    },
  };
}

/** The same response to a HEAD: its status and headers, no body. */
function withoutBody(response: JsonObject): JsonObject {
  const { content: _content, ...rest } = response;
  return rest;
}

/** The path item of a route: its GET and HEAD, and the 405 of the rest. */
function pathItem(name: RouteName): JsonObject {
  const route: RouteSpec = ROUTES[name];
  const docs = OPERATIONS[name];
  const parameters = [...parametersOf(route), ...(docs.headers ?? [])];
  const notServed = { $ref: '#/components/responses/MethodNotAllowed' };
  const responses: Record<string, JsonObject> = Object.fromEntries(
    Object.entries({
      ...docs.responses,
      ...(badRequest(route) ? { '400': badRequest(route) } : {}),
      '500': INTERNAL_ERROR,
    }).map(([status, response]) => [
      status,
      withResponseHeaders(response as JsonObject),
    ])
  );
  const operation = {
    summary: docs.summary,
    ...(docs.description ? { description: docs.description } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
  };
  return {
    [SERVED_METHOD.toLowerCase()]: {
      operationId: name,
      ...operation,
      responses,
    },
    head: {
      ...operation,
      summary: `${docs.summary}: the GET's status and headers, without the body`,
      responses: Object.fromEntries(
        Object.entries(responses).map(([status, response]) => [
          status,
          withoutBody(response),
        ])
      ),
    },
    ...Object.fromEntries(
      NOT_SERVED_METHODS.map((method) => [
        method,
        {
          summary: `Not served: only ${ALLOWED}`,
          responses: { '405': notServed },
        },
      ])
    ),
  };
}

/** Where the API is, deployed and in local mode. */
const SERVERS = [
  {
    url: `https://{restApiId}.execute-api.{region}.amazonaws.com/${API_ENDPOINTS.stageName}`,
    description: 'A deployed stack: its `ApiUrl` output.',
    variables: {
      restApiId: {
        default: 'abc123',
        description: 'The REST API’s id, the first label of `ApiUrl`.',
      },
      region: {
        default: 'eu-west-1',
        description: 'The region the stack is deployed in.',
      },
    },
  },
  {
    url: `http://127.0.0.1:${API_ENDPOINTS.localPort}`,
    description: 'Local mode (`npm start`) on its default port.',
  },
];

function buildDocument(): JsonObject {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Dropwire read API',
      version: API_VERSION,
      description: `Clean, structured articles ingested from files dropped in S3. Every error is \`{ "error": { "code", "message" } }\`; any method but ${ALLOWED} (and CORS preflight OPTIONS) on a route is a 405 with \`Allow: ${ALLOWED}\`. Every response carries \`X-Content-Type-Options: nosniff\` and \`Cache-Control\`; the deployed API also \`Strict-Transport-Security\`.`,
    },
    servers: SERVERS,
    paths: Object.fromEntries(
      ROUTE_NAMES.map((name) => [openApiPath(ROUTES[name]), pathItem(name)])
    ),
    components: {
      schemas: componentSchemas(),
      responses: { MethodNotAllowed: withResponseHeaders(METHOD_NOT_ALLOWED) },
    },
  };
}

let document: JsonObject | undefined;

/** The OpenAPI document (built once, on first use). */
export function openApiDocument(): JsonObject {
  document ??= buildDocument();
  return document;
}
