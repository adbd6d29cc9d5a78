/**
 * The read Lambda's handler, built from its dependencies.
 *
 * API Gateway REST API proxy events (v1) go through middy's well-kept HTTP
 * middlewares, then to a route, a plain function that reads parameters,
 * calls the store and shapes a response:
 *
 * | middleware | does |
 * |---|---|
 * | `responseHeaders` (here) | `nosniff`, `Cache-Control`, HSTS on every response; HEAD without a body |
 * | `@middy/http-header-normalizer` | header names in lower case |
 * | `@middy/http-cors` | CORS headers; answers preflight `OPTIONS` |
 * | `@middy/http-error-handler` | renders errors; unexposed ones as a generic 500 |
 * | `logServerErrors` (here) | a failure on our side → one log line with the request's Lambda context |
 * | `exposeApiErrors` (here) | client errors → `{ error: { code, message } }` |
 * | `routeFromPath` (here) | path parameters from the router only |
 * | `@middy/http-router` | GET or HEAD + path → route (`route-manifest.ts`); unknown: 404, other method: 405 |
 * | `@middy/http-content-negotiation` | `Accept` of `GET /articles/{id}` |
 *
 * Its dependencies come from one composition root, `dependencies.ts`:
 * `handler.ts` gives it the real client, local mode, tests and benchmarks
 * clients of local servers.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import middy, { type MiddlewareObj } from '@middy/core';
import httpCors from '@middy/http-cors';
import httpErrorHandler from '@middy/http-error-handler';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpRouterHandler, { type Route } from '@middy/http-router';
import { createError } from '@middy/util';
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  Context,
} from 'aws-lambda';
import type { ArticleReader } from '../store/article-reader.ts';
import type { FileArticleListing } from '../store/file-articles.ts';
import { CursorCodec } from './cursor.ts';
import {
  INTERNAL_ERROR_BODY,
  MethodNotAllowedError,
  NotFoundError,
  toExposedError,
} from './errors.ts';
import {
  DEFAULT_CACHE_CONTROL,
  echo,
  jsonResponse,
  RESPONSE_HEADERS,
} from './http.ts';
import {
  ROUTE_NAMES,
  ROUTES,
  type RouteName,
  routerPath,
  SERVED_METHODS,
} from './route-manifest.ts';
import type { negotiatedGetArticle } from './routes/get-article.ts';
import { getFile } from './routes/get-file.ts';
import { listArticles } from './routes/list-articles.ts';
import { listFiles } from './routes/list-files.ts';

/** What the read handler needs. */
export interface ApiHandlerOptions {
  /** Reads articles, listings and file records. */
  readonly store: Pick<
    ArticleReader,
    | 'findArticle'
    | 'getArticle'
    | 'getFileRecord'
    | 'listArticles'
    | 'listFiles'
  >;
  /** Reads the articles of one file, `GET /articles?file=`. */
  readonly fileArticles: FileArticleListing;
  /**
   * The bucket whose file records `GET /files` and `GET /files/{key}`
   * serve, and whose objects `GET /articles?file=` names.
   */
  readonly dropBucketName: string;
  /** Signs listing cursors; see `cursor.ts`. */
  readonly cursorSecret: string;
  /**
   * Builds the logger, on the first line the handler writes (see
   * {@link logServerErrors}); called once.
   */
  readonly logger: () => Logger | Promise<Logger>;
  /**
   * Log every request's event (Powertools' `POWERTOOLS_LOGGER_LOG_EVENT`,
   * which the logger reads; this says the logger is needed for it).
   * @default false
   */
  readonly logEvents?: boolean;
  /**
   * `Access-Control-Allow-Origin`.
   * @default '*': any origin may read (auth, if any, is API Gateway's)
   */
  readonly corsOrigin?: string;
  /**
   * `max-age` of `GET /articles/{id}` responses, in seconds.
   * @default 60
   */
  readonly articleMaxAgeSeconds?: number;
  /**
   * Send `Strict-Transport-Security`: browsers then reach the API over
   * HTTPS only. Local mode, served over plain HTTP, turns it off.
   * @default true
   */
  readonly strictTransportSecurity?: boolean;
}

/** The Lambda handler type for REST API proxy events. */
export type ApiHandler = (
  event: APIGatewayProxyEvent,
  context: Context
) => Promise<APIGatewayProxyResult>;

/** Defaults of the optional {@link ApiHandlerOptions}. */
export const API_HANDLER_DEFAULTS = {
  corsOrigin: '*',
  logEvents: false,
  articleMaxAgeSeconds: 60,
  strictTransportSecurity: true,
} as const;

/** The `Allow` header of a 405. */
const ALLOWED = SERVED_METHODS.join(', ');

/** Methods the router knows; another (`PROPFIND`) is matched as one of these. */
const ROUTER_METHODS = [
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'HEAD',
];

type RouteHandler = Route<
  APIGatewayProxyEvent,
  APIGatewayProxyResult
>['handler'];

/**
 * Builds the read handler.
 *
 * @example
 * ```ts
 * const handler = createApiHandler({
 *   store, fileArticles, dropBucketName, cursorSecret,
 *   logger: () => createLogger('api'),
 * });
 * const response = await handler(proxyEvent({ method: 'GET', path: '/articles' }), context);
 * ```
 */
export function createApiHandler(options: ApiHandlerOptions): ApiHandler {
  const { store } = options;
  const settings = { ...API_HANDLER_DEFAULTS, ...options };
  const cursors = new CursorCodec(options.cursorSecret);

  // GET /articles/{id} and its content negotiation are imported on the
  // first article request: a listing needs neither.
  let negotiatedArticle:
    | Promise<ReturnType<typeof negotiatedGetArticle>>
    | undefined;
  const getArticleRoute = async (
    event: APIGatewayProxyEvent,
    context: Context
  ): Promise<APIGatewayProxyResult> => {
    negotiatedArticle ??= import('./routes/get-article.ts').then((route) =>
      route.negotiatedGetArticle({
        store,
        maxAgeSeconds: settings.articleMaxAgeSeconds,
      })
    );
    const route = await negotiatedArticle;
    // middy types a result as possibly void; this route always answers
    // (or throws, for the error middlewares outside it).
    return (await route(event, context)) as APIGatewayProxyResult;
  };

  const handlers: Record<RouteName, RouteHandler> = {
    listArticles: (event: APIGatewayProxyEvent) =>
      listArticles(event, {
        store,
        fileArticles: options.fileArticles,
        cursors,
        dropBucketName: options.dropBucketName,
      }),
    getArticle: getArticleRoute,
    listFiles: (event: APIGatewayProxyEvent) =>
      listFiles(event, {
        store,
        cursors,
        dropBucketName: options.dropBucketName,
      }),
    getFile: (event: APIGatewayProxyEvent) =>
      getFile(event, { store, dropBucketName: options.dropBucketName }),
    // The document, its response schemas and the whole ArticleSchema are
    // built for this route alone: imported on its first request.
    getOpenApi: async () => {
      const { openApiDocument } = await import('./openapi.ts');
      return jsonResponse(200, openApiDocument(), {
        'Cache-Control': 'max-age=300',
      });
    },
  };

  // A path no GET route matches goes to a second router with the same
  // paths for every method: a match there means the method is wrong (405);
  // none means the path is unknown (404). Matching stays the router's own.
  // A method the router does not know is matched as POST (any method but
  // those served would do); the 405 names the method that came.
  const otherMethods = httpRouterHandler({
    routes: ROUTE_NAMES.map((name) => ({
      method: 'ANY' as const,
      path: routerPath(ROUTES[name]),
      handler: (event: APIGatewayProxyEvent & { sentMethod?: string }) => {
        throw new MethodNotAllowedError(
          event.sentMethod ?? event.httpMethod,
          event.path,
          ALLOWED
        );
      },
    })),
    notFoundResponse: ({ path }) => {
      throw new NotFoundError(`no route matches ${echo(path)}`);
    },
  });
  const router = httpRouterHandler({
    // HEAD runs the GET route; responseHeaders drops the body.
    routes: ROUTE_NAMES.flatMap((name) =>
      SERVED_METHODS.map((method) => ({
        method,
        path: routerPath(ROUTES[name]),
        handler: handlers[name],
      }))
    ),
    notFoundResponse: ({ method, path }) =>
      otherMethods(
        {
          httpMethod: ROUTER_METHODS.includes(method) ? method : 'POST',
          sentMethod: method,
          path,
        } as unknown as APIGatewayProxyEvent,
        {} as Context
      ),
  });

  return middy(router)
    .use(responseHeaders(settings.strictTransportSecurity))
    .use(httpHeaderNormalizer())
    .use(
      httpCors({
        origin: settings.corsOrigin,
        methods: `${SERVED_METHODS.join(',')},OPTIONS`,
        headers: 'Accept,If-None-Match,Content-Type,Authorization',
        exposeHeaders: 'ETag',
        disableBeforePreflightResponse: false,
      })
    )
    .use(
      httpErrorHandler({
        // logServerErrors logs what needs it.
        logger: false,
        fallbackMessage: JSON.stringify(INTERNAL_ERROR_BODY),
      })
    )
    .use(logServerErrors(options.logger, settings.logEvents))
    .use(exposeApiErrors())
    .use(routeFromPath()) as unknown as ApiHandler;
}

/**
 * The headers of every response, set last (it is the outermost
 * middleware): {@link RESPONSE_HEADERS}, and {@link DEFAULT_CACHE_CONTROL}
 * where the route set no `Cache-Control`. A HEAD response keeps the GET's
 * status and headers and loses its body.
 */
function responseHeaders(
  strictTransportSecurity: boolean
): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const finish = (request: {
    event: APIGatewayProxyEvent;
    response?: APIGatewayProxyResult | null | undefined;
  }) => {
    const { response } = request;
    if (!response) return;
    const headers = { ...response.headers };
    const named = (name: string) =>
      Object.keys(headers).some((key) => key.toLowerCase() === name);
    headers['X-Content-Type-Options'] =
      RESPONSE_HEADERS['X-Content-Type-Options'];
    if (strictTransportSecurity) {
      headers['Strict-Transport-Security'] =
        RESPONSE_HEADERS['Strict-Transport-Security'];
    }
    if (!named('cache-control'))
      headers['Cache-Control'] = DEFAULT_CACHE_CONTROL;
    response.headers = headers;
    if (request.event.httpMethod === 'HEAD') {
      response.body = '';
      response.isBase64Encoded = false;
    }
  };
  return { after: finish, onError: finish };
}

/**
 * Logs a failure on our side (what becomes the generic 500) as one line
 * with the request's Lambda context (request id, function, cold start),
 * which Powertools' `injectLambdaContext` gave every line before.
 *
 * The logger is built on the first line, not at cold start: a read
 * request writes a line only when it fails on our side (client errors are
 * answers, not failures), so most containers never need Powertools'
 * logger, and importing and building it is ~20 KB of code and a console
 * on stdout that every cold start paid (bench:bundles). With `logEvents`,
 * every request writes its event, and the first builds it. `cold_start`
 * is true only in a container's first invocation, as Powertools counts
 * it, whichever invocation builds the logger.
 */
function logServerErrors(
  build: () => Logger | Promise<Logger>,
  logEvents: boolean
): MiddlewareObj<APIGatewayProxyEvent> {
  let logger: Promise<Logger> | undefined;
  let invocations = 0;
  const loggerFor = async (context: Context) => {
    const first = logger === undefined;
    logger ??= Promise.resolve(build());
    const built = await logger;
    built.addContext(context);
    // Powertools' logger reports a cold start on the first context it is
    // given; one built after the first invocation is given it again, so
    // that its lines say it is not one.
    if (first && invocations > 1) built.addContext(context);
    return built;
  };
  return {
    before: async (request) => {
      invocations += 1;
      if (logEvents) {
        (await loggerFor(request.context)).logEventIfEnabled(request.event);
      }
    },
    onError: async (request) => {
      if (request.response !== undefined || isClientError(request.error)) {
        return;
      }
      const built = await loggerFor(request.context);
      built.error('request failed', { error: request.error });
    },
  };
}

function isClientError(error: unknown): boolean {
  const { statusCode, expose } = (error ?? {}) as {
    statusCode?: unknown;
    expose?: unknown;
  };
  return typeof statusCode === 'number' && statusCode < 500 && expose === true;
}

/**
 * The one place errors become HTTP, so every route answers a failure in
 * the same shape and nothing but an error meant for clients reaches them:
 * an exposed error (see `toExposedError`) is replaced by an `HttpError`
 * whose message is the JSON body, which http-error-handler then sends with
 * its status and headers. Anything else is left for http-error-handler's
 * generic 500.
 */
function exposeApiErrors(): MiddlewareObj<APIGatewayProxyEvent> {
  return {
    onError: (request) => {
      if (request.response !== undefined) return;
      const exposed = toExposedError(request.error);
      if (!exposed) return;
      request.error = Object.assign(
        createError(exposed.statusCode, JSON.stringify(exposed.body), {
          cause: request.error,
          expose: true,
        }),
        { headers: exposed.headers }
      );
    },
  };
}

/**
 * Path parameters come from the router alone. API Gateway passes its own
 * (`{proxy}` of a catch-all resource holds the whole path, not the key),
 * and the router would let them win over its matches.
 */
function routeFromPath(): MiddlewareObj<APIGatewayProxyEvent> {
  return {
    before: (request) => {
      request.event.pathParameters = null;
    },
  };
}
