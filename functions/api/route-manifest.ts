/**
 * The read API's routes, in one place: their paths, the method they serve,
 * and their parameters.
 *
 * Three readers, so the three cannot drift apart:
 * - the handler (`api-handler.ts`) routes requests by these paths;
 * - the OpenAPI document (`openapi.ts`) describes these paths;
 * - the `ReadApi` construct (`lib/constructs/read-api.ts`) creates one API
 *   Gateway resource per path segment and one method per route, declaring
 *   the same path and query parameters (tests/infra/constructs/
 *   read-api.test.ts ties the synthesized template to this manifest).
 *
 * Paths are written as API Gateway writes them: `{name}` is one path
 * segment, `{name+}` (greedy) the rest of the path, slashes included.
 */
import {
  LIST_ARTICLES_QUERY,
  LIST_FILES_QUERY,
  NO_QUERY,
  type QuerySpec,
} from './parameters.ts';

/** The one method every route serves (CORS preflight `OPTIONS` aside). */
export const SERVED_METHOD = 'GET';

/**
 * Every method a route answers: GET, and HEAD, which is the same GET
 * without its body (RFC 9110 §9.3.2). Any other is a 405 with
 * `Allow: GET, HEAD`.
 */
export const SERVED_METHODS = [SERVED_METHOD, 'HEAD'] as const;

/** Where the API is served. */
export const API_ENDPOINTS = {
  /** The deployed REST API's stage: the last part of the `ApiUrl` output. */
  stageName: 'v1',
  /** Local mode's default port (`npm start -- --api-port <port>`). */
  localPort: 3000,
} as const;

/** One route. */
export interface RouteSpec {
  /** The resource path, API Gateway style (`/files/{key+}`). */
  readonly path: string;
  /**
   * The query parameters the route accepts, each with its reader (any
   * other is refused).
   * @default the query string is not read
   */
  readonly query?: QuerySpec;
}

/** Every route, by operation name, in the order they are documented. */
export const ROUTES = {
  listArticles: { path: '/articles', query: LIST_ARTICLES_QUERY },
  getArticle: { path: '/articles/{id}', query: NO_QUERY },
  listFiles: { path: '/files', query: LIST_FILES_QUERY },
  getFile: { path: '/files/{key+}', query: NO_QUERY },
  getOpenApi: { path: '/openapi.json' },
} as const satisfies Readonly<Record<string, RouteSpec>>;

/** The name of a route, also its OpenAPI `operationId`. */
export type RouteName = keyof typeof ROUTES;

/** Every route name, in manifest order. */
export const ROUTE_NAMES = Object.keys(ROUTES) as RouteName[];

/** A parameter in a route's path. */
export interface PathParameter {
  readonly name: string;
  /** `{name+}`: it matches the rest of the path, slashes included. */
  readonly greedy: boolean;
}

/** `{name}` or `{name+}` in a path. */
const PATH_PARAMETER = /\{([^}+]+)(\+?)\}/gu;

/**
 * The name middy's router gives a greedy parameter: it knows `{proxy+}`
 * only, so a route reads its `{key+}` as `proxy`.
 */
export const ROUTER_GREEDY_PARAMETER = 'proxy';

/** The parameters in a route's path, in order. */
export function pathParameters(route: RouteSpec): PathParameter[] {
  return [...route.path.matchAll(PATH_PARAMETER)].map((match) => ({
    name: match[1] as string,
    greedy: match[2] === '+',
  }));
}

/** The query parameters a route accepts, in the manifest's order. */
export function queryParameters(route: RouteSpec): string[] {
  return route.query ? Object.keys(route.query) : [];
}

/** The path as middy's router matches it: `{name+}` becomes `{proxy+}`. */
export function routerPath(route: RouteSpec): string {
  return route.path.replace(/\{[^}]+\+\}/gu, `{${ROUTER_GREEDY_PARAMETER}+}`);
}

/** The path as OpenAPI writes it: `{name+}` becomes `{name}`. */
export function openApiPath(route: RouteSpec): string {
  return route.path.replace(PATH_PARAMETER, '{$1}');
}
