/**
 * REST API proxy events (payload v1) built from plain HTTP requests: what
 * local mode's HTTP server, the tests and the benchmark hand the read
 * handler, shaped as API Gateway shapes them.
 *
 * As API Gateway REST APIs do: `path` stays percent-encoded as it arrived
 * (the handler decodes path parameters), query values are decoded, the
 * last of a repeated parameter is in `queryStringParameters` and all are
 * in `multiValueQueryStringParameters`, and `pathParameters` is null (the
 * handler's router fills it).
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';

/** A plain HTTP request. */
export interface ProxyRequest {
  /** e.g. `GET`. */
  readonly method: string;
  /**
   * The path as sent on the wire, percent-encoded; it may carry a query
   * string (`/articles?limit=5`), which is merged with `query`.
   */
  readonly path: string;
  /** Query parameters; a string is read as a raw query string. */
  readonly query?:
    | string
    | URLSearchParams
    | Readonly<Record<string, string | readonly string[] | undefined>>;
  /** Request headers, as Node's `IncomingHttpHeaders` holds them. */
  readonly headers?: Readonly<
    Record<string, string | readonly string[] | undefined>
  >;
  /** @default 'local' */
  readonly stage?: string;
  /** @default '127.0.0.1' */
  readonly sourceIp?: string;
}

/**
 * Builds the REST API proxy event API Gateway would send for `request`.
 *
 * @example
 * ```ts
 * const event = proxyEvent({
 *   method: 'GET',
 *   path: '/articles',
 *   query: { limit: '5' },
 *   headers: { accept: 'application/json' },
 * });
 * const response = await handler(event, context);
 * ```
 */
export function proxyEvent(request: ProxyRequest): APIGatewayProxyEvent {
  const method = request.method.toUpperCase();
  const [path = '/', queryString = ''] = splitOnce(request.path, '?');
  const query = collectQuery(queryString, request.query);
  const headers = collectHeaders(request.headers);
  const now = Date.now();
  const stage = request.stage ?? 'local';
  return {
    resource: '/{proxy+}',
    path,
    httpMethod: method,
    headers: single(headers),
    multiValueHeaders: headers,
    queryStringParameters:
      query.size > 0 ? single(Object.fromEntries(query)) : null,
    multiValueQueryStringParameters:
      query.size > 0 ? Object.fromEntries(query) : null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: method,
      path: `/${stage}${path}`,
      stage,
      requestId: randomUUID(),
      requestTimeEpoch: now,
      resourceId: 'local',
      resourcePath: '/{proxy+}',
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp ?? '127.0.0.1',
        user: null,
        userAgent: headers['user-agent']?.[0] ?? null,
        userArn: null,
      },
    },
  };
}

function splitOnce(text: string, separator: string): [string, string] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

/** Query parameters as name → every value, in order. */
function collectQuery(
  fromPath: string,
  query: ProxyRequest['query']
): Map<string, string[]> {
  const values = new Map<string, string[]>();
  const add = (name: string, value: string) => {
    const list = values.get(name);
    if (list) list.push(value);
    else values.set(name, [value]);
  };
  const addAll = (params: URLSearchParams) => {
    for (const [name, value] of params) add(name, value);
  };
  addAll(new URLSearchParams(fromPath));
  if (typeof query === 'string') addAll(new URLSearchParams(query));
  else if (query instanceof URLSearchParams) addAll(query);
  else if (query) {
    for (const [name, value] of Object.entries(query)) {
      if (value === undefined) continue;
      for (const item of typeof value === 'string' ? [value] : value) {
        add(name, item);
      }
    }
  }
  return values;
}

/** Headers as name → every value; a comma-joined string stays one value. */
function collectHeaders(
  headers: ProxyRequest['headers']
): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    result[name] = typeof value === 'string' ? [value] : [...value];
  }
  return result;
}

/** The last value of each name, as API Gateway's single-value maps hold. */
function single(values: Record<string, string[]>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, list] of Object.entries(values)) {
    const last = list.at(-1);
    if (last !== undefined) result[name] = last;
  }
  return result;
}
