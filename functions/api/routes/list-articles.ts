/**
 * `GET /articles`: a page of article summaries, newest first; with `file`,
 * the articles of one object of the drop bucket, in file order.
 *
 * Parameters are validated first (400s), then the cursor is checked against
 * the normalised filters it must belong to, then the store reads one page.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { ArticleReader } from '../../store/article-reader.ts';
import type { FileArticleListing } from '../../store/file-articles.ts';
import type { CursorCodec, CursorScope } from '../cursor.ts';
import { InvalidParameterError } from '../errors.ts';
import {
  dateSpan,
  echo,
  jsonResponse,
  parseQuery,
  toUtcDate,
} from '../http.ts';
import { LIMITS } from '../parameters.ts';
import { ROUTES } from '../route-manifest.ts';

/** What the route needs. */
export interface ListArticlesDependencies {
  readonly store: Pick<ArticleReader, 'listArticles' | 'getFileRecord'>;
  readonly fileArticles: Pick<FileArticleListing, 'list'>;
  readonly cursors: CursorCodec;
  /** The bucket whose objects `file` names. */
  readonly dropBucketName: string;
}

/** Filters of the newest-first listing, which `file` cannot join. */
const DATED_FILTERS = ['publisher', 'from', 'to'] as const;

/** Listings change with every upload: caches must ask again each time. */
const CACHE_CONTROL = 'no-cache';

/** Handles `GET /articles`. */
export async function listArticles(
  event: APIGatewayProxyEvent,
  deps: ListArticlesDependencies
): Promise<APIGatewayProxyResult> {
  const query = parseQuery(event, ROUTES.listArticles.query);
  if (query.file !== undefined) {
    const given = DATED_FILTERS.filter((name) => query[name] !== undefined);
    if (given.length > 0) {
      throw new InvalidParameterError(
        `query parameter "file" cannot be combined with ${given.map((name) => `"${name}"`).join(', ')}; a file's articles are listed in file order, unfiltered`
      );
    }
    const scope: CursorScope = { listing: 'file-articles', file: query.file };
    const startAt =
      query.cursor === undefined
        ? undefined
        : deps.cursors.decode(query.cursor, scope);
    // A first page lists the current version: its file record's.
    const record =
      startAt === undefined
        ? await deps.store.getFileRecord(deps.dropBucketName, query.file)
        : undefined;
    const page = await deps.fileArticles.list(
      {
        bucket: deps.dropBucketName,
        key: query.file,
        limit: query.limit ?? LIMITS.default,
        startAt,
      },
      record?.sequencer
    );
    return jsonResponse(200, deps.cursors.page(page, scope), {
      'Cache-Control': CACHE_CONTROL,
    });
  }
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
