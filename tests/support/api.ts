/**
 * Helpers for tests of the read API: a handler over a store, calls through
 * proxy events, and a checker that holds every response to the OpenAPI
 * document (status documented for the operation, media type documented,
 * body valid against the documented JSON Schema, with ajv).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { APIGatewayProxyResult } from 'aws-lambda';
import {
  type ApiHandler,
  createApiHandler,
} from '../../functions/api/api-handler.ts';
import {
  type ProxyRequest,
  proxyEvent,
} from '../../functions/api/proxy-event.ts';
import { createLogger } from '../../functions/shared/observability.ts';
import type { ArticleStore } from '../../functions/store/article-store.ts';
import { SYNTHETIC_BUCKET } from './articles.ts';
import { lambdaContext } from './aws.ts';

/** A cursor secret for tests (any 32+ characters). */
export const TEST_CURSOR_SECRET = 'test-cursor-secret-0123456789abcdef';

/** The drop bucket name tests use for file records. */
export const TEST_DROP_BUCKET = SYNTHETIC_BUCKET;

/** A read handler over `store`. */
export function testApiHandler(
  store: Pick<
    ArticleStore,
    'getArticle' | 'getFileRecord' | 'listArticles' | 'listFiles'
  >,
  logger: Logger = createLogger('api')
): ApiHandler {
  return createApiHandler({
    store,
    dropBucketName: TEST_DROP_BUCKET,
    cursorSecret: TEST_CURSOR_SECRET,
    logger,
  });
}

/** A handler response with its JSON body parsed (when it is JSON). */
export interface ApiResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly json: unknown;
}

type JsonObject = Record<string, unknown>;

// ajv-formats is CommonJS; its default export sits on `default` under Node.
const addFormats = ((addFormatsModule as unknown as { default?: unknown })
  .default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/** The document's base URI inside ajv. */
const DOC_ID = 'https://dropwire.invalid/openapi.json';

/**
 * Checks responses against an OpenAPI document.
 *
 * The document itself is added to ajv as a schema (its top-level OpenAPI
 * keywords declared as annotations), so each documented response schema is
 * compiled by its JSON Pointer and its `$ref`s resolve inside the document.
 */
export class OpenApiChecker {
  readonly #doc: JsonObject;
  readonly #ajv: Ajv2020;

  public constructor(doc: JsonObject) {
    this.#doc = doc;
    this.#ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(this.#ajv);
    this.#ajv.addVocabulary(['openapi', 'info', 'paths', 'components']);
    this.#ajv.addSchema({ ...doc, $id: DOC_ID });
  }

  /**
   * Throws unless `response` is what the document promises for `method` on
   * `operation` (a path of the document, e.g. `/articles/{id}`):
   * - GET on a documented path: a documented status, media type and body;
   * - a CORS preflight (`OPTIONS`): 204 without a body;
   * - any other method on a documented path: a 405 error body;
   * - anything on an undocumented path: a 404 error body.
   */
  public check(method: string, operation: string, response: ApiResponse): void {
    const where = `${response.statusCode} of ${method} ${operation}`;
    const paths = this.#doc.paths as Record<
      string,
      { get?: { responses?: JsonObject } }
    >;
    if (method === 'OPTIONS') {
      if (response.statusCode !== 204 || response.body !== '') {
        throw new Error(`${where}: expected a 204 preflight answer`);
      }
      return;
    }
    if (method !== 'GET' || !(operation in paths)) {
      const status = operation in paths ? 405 : 404;
      if (response.statusCode !== status) {
        throw new Error(`${where}: expected ${status}`);
      }
      this.#validate('#/components/schemas/Error', response.json, where);
      return;
    }
    const responses = (paths[operation]?.get?.responses ?? {}) as Record<
      string,
      { content?: JsonObject }
    >;
    const documented = responses[String(response.statusCode)];
    if (!documented) {
      throw new Error(
        `${where} is not documented: ${response.body.slice(0, 300)}`
      );
    }
    if (!documented.content) {
      if (response.body !== '') throw new Error(`${where} must have no body`);
      return;
    }
    const mediaType = (response.headers['Content-Type'] ?? '')
      .split(';')[0]
      ?.trim() as string;
    if (!(mediaType in documented.content)) {
      throw new Error(`${where} has undocumented media type "${mediaType}"`);
    }
    const pointer = [
      'paths',
      operation,
      'get',
      'responses',
      String(response.statusCode),
      'content',
      mediaType,
      'schema',
    ]
      .map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1'))
      .join('/');
    const body =
      mediaType === 'application/json' ? response.json : response.body;
    this.#validate(`#/${pointer}`, body, where);
  }

  #validate(pointer: string, value: unknown, where: string): void {
    const validate = this.#ajv.compile({ $ref: `${DOC_ID}${pointer}` });
    if (!validate(value)) {
      throw new Error(
        `${where} breaks its schema: ${this.#ajv.errorsText(validate.errors)}`
      );
    }
  }
}

/** The documented operation (OpenAPI path) a request path belongs to. */
export function operationOf(path: string): string {
  const bare = path.split('?')[0] ?? '';
  // `/files/` with no key is the listing, as the router reads it.
  if (/^\/files\/./u.test(bare)) return '/files/{key}';
  if (/^\/articles\/[^/]+\/?$/u.test(bare)) return '/articles/{id}';
  return bare.replace(/\/$/u, '') || '/';
}

/** Calls `handler` with the proxy event of `request`. */
export async function callApi(
  handler: ApiHandler,
  request: ProxyRequest
): Promise<ApiResponse> {
  const result: APIGatewayProxyResult = await handler(
    proxyEvent(request),
    lambdaContext()
  );
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([k, v]) => [k, String(v)])
  );
  const isJson = (headers['Content-Type'] ?? '').startsWith('application/json');
  return {
    statusCode: result.statusCode,
    headers,
    body: result.body ?? '',
    json: isJson ? JSON.parse(result.body) : undefined,
  };
}
