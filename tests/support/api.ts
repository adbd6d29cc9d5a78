/**
 * Helpers for tests of the read API: a handler over a store, calls through
 * proxy events, and a checker that holds every response to the OpenAPI
 * document (status documented for the operation, media type documented,
 * body valid against the documented JSON Schema, with ajv).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { APIGatewayProxyResult } from 'aws-lambda';
import {
  type ApiHandler,
  type ApiHandlerOptions,
  createApiHandler,
} from '../../functions/api/api-handler.ts';
import { apiDependencies } from '../../functions/api/dependencies.ts';
import {
  type ProxyRequest,
  proxyEvent,
} from '../../functions/api/proxy-event.ts';
import {
  openApiPath,
  ROUTE_NAMES,
  ROUTES,
} from '../../functions/api/route-manifest.ts';
import { SYNTHETIC_BUCKET } from './articles.ts';
import { lambdaContext } from './aws.ts';

/** A cursor secret for tests (any 32+ characters). */
export const TEST_CURSOR_SECRET = 'test-cursor-secret-0123456789abcdef';

/** The drop bucket name tests use for file records. */
export const TEST_DROP_BUCKET = SYNTHETIC_BUCKET;

/**
 * A read handler over `tableName`, built by the read function's
 * composition root, with `overrides` (a quiet logger) spread over it.
 */
export function testApiHandler(
  dynamoDb: DynamoDBClient,
  tableName: string,
  overrides: Partial<ApiHandlerOptions> = {}
): ApiHandler {
  return createApiHandler({
    ...apiDependencies(
      { dynamoDb },
      {
        tableName,
        dropBucketName: TEST_DROP_BUCKET,
        cursorSecret: TEST_CURSOR_SECRET,
      }
    ),
    ...overrides,
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
    this.#ajv.addVocabulary(Object.keys(doc));
    this.#ajv.addSchema({ ...doc, $id: DOC_ID });
  }

  /**
   * Throws unless `response` is what the document promises for `method` on
   * `operation` (a path of the document, e.g. `/articles/{id}`):
   * - a documented method on a documented path: a documented status, with
   *   the documented media type and body and every header the document
   *   fixes (`const`);
   * - a CORS preflight (`OPTIONS`): 204 without a body;
   * - anything on an undocumented path: a 404 error body.
   * A method the document does not list on a path fails the check.
   */
  public check(method: string, operation: string, response: ApiResponse): void {
    const where = `${response.statusCode} of ${method} ${operation}`;
    const paths = this.#doc.paths as Record<string, JsonObject>;
    if (method === 'OPTIONS') {
      if (response.statusCode !== 204 || response.body !== '') {
        throw new Error(`${where}: expected a 204 preflight answer`);
      }
      return;
    }
    if (!(operation in paths)) {
      if (response.statusCode !== 404)
        throw new Error(`${where}: expected 404`);
      if (method === 'HEAD') {
        if (response.body !== '') throw new Error(`${where} must have no body`);
        return;
      }
      this.#validate('#/components/schemas/Error', response.json, where);
      return;
    }
    const verb = method.toLowerCase();
    if (!(verb in (paths[operation] ?? {}))) {
      throw new Error(`${where}: ${method} is not documented on ${operation}`);
    }
    const status = String(response.statusCode);
    const found = this.#response([
      'paths',
      operation,
      verb,
      'responses',
      status,
    ]);
    if (!found) {
      throw new Error(
        `${where} is not documented: ${response.body.slice(0, 300)}`
      );
    }
    const { pointer, value: documented } = found;
    for (const [name, header] of Object.entries(documented.headers ?? {})) {
      const fixed = (header as { schema?: { const?: unknown } }).schema?.const;
      if (fixed !== undefined && response.headers[name] !== fixed) {
        throw new Error(
          `${where}: header ${name} is ${JSON.stringify(response.headers[name])}; documented as ${JSON.stringify(fixed)}`
        );
      }
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
    const body =
      mediaType === 'application/json' ? response.json : response.body;
    this.#validate(
      `${pointer}/${pointerPart('content')}/${pointerPart(mediaType)}/schema`,
      body,
      where
    );
  }

  /**
   * The documented response at `path` (its parts), following a `$ref` into
   * `components.responses`, with the JSON Pointer it was found at.
   */
  #response(path: string[]):
    | {
        pointer: string;
        value: { content?: JsonObject; headers?: JsonObject };
      }
    | undefined {
    let value: unknown = this.#doc;
    for (const part of path) value = (value as JsonObject | undefined)?.[part];
    let pointer = `#/${path.map(pointerPart).join('/')}`;
    const target = (value as { $ref?: string } | undefined)?.$ref;
    if (target) {
      pointer = target;
      value = target
        .slice(2)
        .split('/')
        .reduce<unknown>(
          (at, part) => (at as JsonObject)?.[fromPointerPart(part)],
          this.#doc
        );
    }
    return value === undefined
      ? undefined
      : { pointer, value: value as { content?: JsonObject } };
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

/** A JSON Pointer part, escaped (RFC 6901). */
function pointerPart(part: string): string {
  return part.replaceAll('~', '~0').replaceAll('/', '~1');
}

function fromPointerPart(part: string): string {
  return part.replaceAll('~1', '/').replaceAll('~0', '~');
}

/**
 * The documented operation (OpenAPI path) a request path belongs to,
 * matched as the router matches it; the bare path if none.
 */
export function operationOf(path: string): string {
  const bare = (path.split('?')[0] ?? '').replace(/(?<=.)\/$/u, '');
  for (const name of ROUTE_NAMES) {
    const route = ROUTES[name];
    const pattern = route.path
      .replace(/[.*?^$()|[\]\\]/gu, '\\$&')
      .replace(/\/\{[^}]+\+\}/gu, '(?:/.*)?')
      .replace(/\{[^}]+\}/gu, '[^/]+');
    if (new RegExp(`^${pattern}$`, 'u').test(bare)) return openApiPath(route);
  }
  return bare;
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
    // A HEAD response has the GET's Content-Type and no body.
    json: isJson && result.body ? JSON.parse(result.body) : undefined,
  };
}
