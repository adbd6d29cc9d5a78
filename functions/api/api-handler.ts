/**
 * The read Lambda's handler, built from its dependencies.
 *
 * API Gateway REST API proxy events (v1) go through middy's well-kept HTTP
 * middlewares, then to a route, a plain function that reads parameters,
 * calls the store and shapes a response:
 *
 * | middleware | does |
 * |---|---|
 * | Powertools `injectLambdaContext` | request id in every log line |
 * | `@middy/http-header-normalizer` | header names in lower case |
 * | `@middy/http-cors` | CORS headers; answers preflight `OPTIONS` |
 * | `@middy/http-error-handler` | renders errors; unexposed ones as a generic 500 |
 * | `exposeApiErrors` (here) | client errors → `{ error: { code, message } }` |
 * | `routeFromPath` (here) | path parameters from the router only |
 * | `@middy/http-router` | method + path → route (`route-manifest.ts`); unknown: 404, other method: 405 |
 * | `@middy/http-content-negotiation` | `Accept` of `GET /articles/{id}` |
 *
 * Its dependencies come from one composition root, `dependencies.ts`:
 * `handler.ts` gives it the real client, local mode, tests and benchmarks
 * clients of local servers.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy, { type MiddlewareObj } from '@middy/core';
import httpContentNegotiation from '@middy/http-content-negotiation';
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
import type { ArticleStore } from '../store/article-store.ts';
import { CursorCodec } from './cursor.ts';
import {
  INTERNAL_ERROR_BODY,
  MethodNotAllowedError,
  NotFoundError,
  toExposedError,
} from './errors.ts';
import { echo, jsonResponse } from './http.ts';
import { openApiDocument } from './openapi.ts';
import {
  ROUTE_NAMES,
  ROUTES,
  type RouteName,
  routerPath,
  SERVED_METHOD,
} from './route-manifest.ts';
import { ARTICLE_MEDIA_TYPES, getArticle } from './routes/get-article.ts';
import { getFile } from './routes/get-file.ts';
import { listArticles } from './routes/list-articles.ts';
import { listFiles } from './routes/list-files.ts';

/** What the read handler needs. */
export interface ApiHandlerOptions {
  /** Reads articles, listings and file records. */
  readonly store: Pick<
    ArticleStore,
    | 'findArticle'
    | 'getArticle'
    | 'getFileRecord'
    | 'listArticles'
    | 'listFiles'
  >;
  /** The bucket whose file records `GET /files` and `GET /files/{key}` serve. */
  readonly dropBucketName: string;
  /** Signs listing cursors; see `cursor.ts`. */
  readonly cursorSecret: string;
  readonly logger: Logger;
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
}

/** The Lambda handler type for REST API proxy events. */
export type ApiHandler = (
  event: APIGatewayProxyEvent,
  context: Context
) => Promise<APIGatewayProxyResult>;

/** Defaults of the optional {@link ApiHandlerOptions}. */
export const API_HANDLER_DEFAULTS = {
  corsOrigin: '*',
  articleMaxAgeSeconds: 60,
} as const;

type RouteHandler = Route<
  APIGatewayProxyEvent,
  APIGatewayProxyResult
>['handler'];

/**
 * Builds the read handler.
 *
 * @example
 * ```ts
 * const handler = createApiHandler({ store, dropBucketName, cursorSecret, logger });
 * const response = await handler(proxyEvent({ method: 'GET', path: '/articles' }), context);
 * ```
 */
export function createApiHandler(options: ApiHandlerOptions): ApiHandler {
  const { store, logger } = options;
  const settings = { ...API_HANDLER_DEFAULTS, ...options };
  const cursors = new CursorCodec(options.cursorSecret);

  const negotiatedArticle = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(
      httpContentNegotiation({
        parseCharsets: false,
        parseEncodings: false,
        parseLanguages: false,
        availableMediaTypes: [...ARTICLE_MEDIA_TYPES],
      })
    )
    .handler((event, context) =>
      getArticle(
        event,
        (context as Context & { preferredMediaType?: string })
          .preferredMediaType,
        { store, maxAgeSeconds: settings.articleMaxAgeSeconds }
      )
    );

  const handlers: Record<RouteName, RouteHandler> = {
    listArticles: (event: APIGatewayProxyEvent) =>
      listArticles(event, { store, cursors }),
    getArticle: negotiatedArticle,
    listFiles: (event: APIGatewayProxyEvent) =>
      listFiles(event, {
        store,
        cursors,
        dropBucketName: options.dropBucketName,
      }),
    getFile: (event: APIGatewayProxyEvent) =>
      getFile(event, { store, dropBucketName: options.dropBucketName }),
    getOpenApi: async () =>
      jsonResponse(200, openApiDocument(), {
        'Cache-Control': 'max-age=300',
      }),
  };

  // A path no GET route matches goes to a second router with the same
  // paths for every method: a match there means the method is wrong (405);
  // none means the path is unknown (404). Matching stays the router's own.
  const otherMethods = httpRouterHandler({
    routes: ROUTE_NAMES.map((name) => ({
      method: 'ANY' as const,
      path: routerPath(ROUTES[name]),
      handler: (event: APIGatewayProxyEvent) => {
        throw new MethodNotAllowedError(
          event.httpMethod,
          event.path,
          SERVED_METHOD
        );
      },
    })),
    notFoundResponse: ({ path }) => {
      throw new NotFoundError(`no route matches ${echo(path)}`);
    },
  });
  const router = httpRouterHandler({
    routes: ROUTE_NAMES.map((name) => ({
      method: SERVED_METHOD,
      path: routerPath(ROUTES[name]),
      handler: handlers[name],
    })),
    notFoundResponse: ({ method, path }) =>
      otherMethods(
        { httpMethod: method, path } as APIGatewayProxyEvent,
        {} as Context
      ),
  });

  return middy(router)
    .use(injectLambdaContext(logger))
    .use(httpHeaderNormalizer())
    .use(
      httpCors({
        origin: settings.corsOrigin,
        methods: `${SERVED_METHOD},OPTIONS`,
        headers: 'Accept,If-None-Match,Content-Type,Authorization',
        exposeHeaders: 'ETag',
        disableBeforePreflightResponse: false,
      })
    )
    .use(
      httpErrorHandler({
        // Client errors are answers, not failures: log only the rest.
        logger: (error: unknown) => {
          if (!isClientError(error)) logger.error('request failed', { error });
        },
        fallbackMessage: JSON.stringify(INTERNAL_ERROR_BODY),
      })
    )
    .use(exposeApiErrors())
    .use(routeFromPath()) as unknown as ApiHandler;
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
