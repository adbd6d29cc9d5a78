/**
 * `GET /articles/{id}`: one whole article, as JSON, plain text or Markdown.
 *
 * The representation follows `Accept` (negotiated by middy's
 * http-content-negotiation before this runs). Each representation has its
 * own strong ETag, a hash of its bytes, so `If-None-Match` answers 304
 * exactly when the client holds what a 200 would send now; `Vary: Accept`
 * tells caches the three are different.
 */
import middy from '@middy/core';
import httpContentNegotiation from '@middy/http-content-negotiation';
import type {
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  Context,
} from 'aws-lambda';
import type { Article } from '../../core/article.ts';
import type { ArticleReader } from '../../store/article-reader.ts';
import { GoneError, NotFoundError } from '../errors.ts';
import { etagOf, ifNoneMatchHits, parseQuery, pathParameter } from '../http.ts';
import { readArticleId } from '../parameters.ts';
import { ROUTES } from '../route-manifest.ts';

/** Media types served, in order of preference when the client has none. */
export const ARTICLE_MEDIA_TYPES = [
  'application/json',
  'text/plain',
  'text/markdown',
] as const;

/** One of {@link ARTICLE_MEDIA_TYPES}. */
export type ArticleMediaType = (typeof ARTICLE_MEDIA_TYPES)[number];

/** What a client without a preference gets: JSON, like every other route. */
export const DEFAULT_ARTICLE_MEDIA_TYPE: ArticleMediaType = 'application/json';

/** What the route needs. */
export interface GetArticleDependencies {
  readonly store: Pick<ArticleReader, 'findArticle'>;
  /** `max-age` of article responses, in seconds. */
  readonly maxAgeSeconds: number;
}

/**
 * Each representation's renderer. Markdown's (with the safe-fields rules
 * it applies) is imported on the first Markdown request: most clients ask
 * for JSON, and a cold start should not load it for them.
 */
const RENDERERS: Readonly<
  Record<ArticleMediaType, (article: Article) => string | Promise<string>>
> = {
  'application/json': (article) => JSON.stringify(article),
  'text/plain': (article) => `${article.text}\n`,
  'text/markdown': async (article) =>
    (await import('../../core/markdown.ts')).renderMarkdown(article),
};

const CONTENT_TYPES: Readonly<Record<ArticleMediaType, string>> = {
  'application/json': 'application/json',
  'text/plain': 'text/plain; charset=utf-8',
  'text/markdown': 'text/markdown; charset=utf-8',
};

/**
 * The route as the router calls it: {@link getArticle} behind middy's
 * http-content-negotiation, which reads `Accept`. The read handler imports
 * this module, and with it the negotiation, on the first article request:
 * the listings need neither.
 */
export function negotiatedGetArticle(deps: GetArticleDependencies) {
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
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
        deps
      )
    );
}

/** Handles `GET /articles/{id}`, in the media type negotiated. */
export async function getArticle(
  event: APIGatewayProxyEvent,
  mediaType: string | undefined,
  deps: GetArticleDependencies
): Promise<APIGatewayProxyResult> {
  parseQuery(event, ROUTES.getArticle.query);
  const id = pathParameter(event, 'id', 'id', readArticleId);
  const found = await deps.store.findArticle(id);
  if (found.status === 'deleted') {
    throw new GoneError(
      `article ${id} was removed at ${found.deletedAt}: the object that held it was deleted or no longer yields it`
    );
  }
  if (found.status === 'not-found') {
    throw new NotFoundError(`no article has id ${id}`);
  }
  const { article } = found;
  const type =
    ARTICLE_MEDIA_TYPES.find((t) => t === mediaType) ??
    DEFAULT_ARTICLE_MEDIA_TYPE;
  const body = await RENDERERS[type](article);
  // Articles change only when re-ingested; after max-age, a client
  // revalidates with If-None-Match and usually gets a bodiless 304.
  const headers = {
    ETag: etagOf(body),
    'Cache-Control': `max-age=${deps.maxAgeSeconds}`,
    Vary: 'Accept',
  };
  if (ifNoneMatchHits(event.headers?.['if-none-match'], headers.ETag)) {
    return { statusCode: 304, headers, body: '' };
  }
  return {
    statusCode: 200,
    headers: { ...headers, 'Content-Type': CONTENT_TYPES[type] },
    body,
  };
}
