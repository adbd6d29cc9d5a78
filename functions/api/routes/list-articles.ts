/**
 * `GET /articles`: a page of article summaries, newest first.
 *
 * Parameters are validated first (400s), then the cursor is checked against
 * the normalised filters it must belong to, then the store reads one page.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { ArticleStore } from '../../store/article-store.ts';
import type { CursorCodec, CursorScope } from '../cursor.ts';
import { InvalidParameterError } from '../errors.ts';
import {
  dateSpan,
  echo,
  jsonResponse,
  parseQuery,
  toUtcDate,
} from '../http.ts';
import { ROUTES } from '../route-manifest.ts';
import { LIMITS } from '../schemas.ts';

/** What the route needs. */
export interface ListArticlesDependencies {
  readonly store: Pick<ArticleStore, 'listArticles'>;
  readonly cursors: CursorCodec;
}

/** Listings change with every upload: caches must ask again each time. */
const CACHE_CONTROL = 'no-cache';

/** Handles `GET /articles`. */
export async function listArticles(
  event: APIGatewayProxyEvent,
  deps: ListArticlesDependencies
): Promise<APIGatewayProxyResult> {
  const query = parseQuery(event, ROUTES.listArticles.query);
  const scope: CursorScope = {
    listing: 'articles',
    publisher: query.publisher?.toLowerCase(),
    from: query.from === undefined ? undefined : toUtcDate(query.from),
    to: query.to === undefined ? undefined : toUtcDate(query.to),
  };
  if (
    scope.from !== undefined &&
    scope.to !== undefined &&
    dateSpan(scope.from).startMs > dateSpan(scope.to).endMs
  ) {
    throw new InvalidParameterError(
      `query parameter "from" is ${echo(query.from)}, after "to" ${echo(query.to)}; expected from at or before to`
    );
  }
  const startAt =
    query.cursor === undefined
      ? undefined
      : deps.cursors.decode(query.cursor, scope);
  const page = await deps.store.listArticles({
    limit: query.limit ?? LIMITS.default,
    ...scope,
    startAt,
  });
  return jsonResponse(200, deps.cursors.page(page, scope), {
    'Cache-Control': CACHE_CONTROL,
  });
}
