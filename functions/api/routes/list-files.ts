/**
 * `GET /files`: a page of the drop bucket's file records, newest upload
 * first, optionally of one status and key prefix.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { ArticleReader } from '../../store/article-reader.ts';
import type { CursorCodec, CursorScope } from '../cursor.ts';
import { jsonResponse, parseQuery } from '../http.ts';
import { LIMITS } from '../parameters.ts';
import { ROUTES } from '../route-manifest.ts';

/** What the route needs. */
export interface ListFilesDependencies {
  readonly store: Pick<ArticleReader, 'listFiles'>;
  readonly cursors: CursorCodec;
  readonly dropBucketName: string;
}

/** Records change with every upload: caches must ask again each time. */
const CACHE_CONTROL = 'no-cache';

/** Handles `GET /files`. */
export async function listFiles(
  event: APIGatewayProxyEvent,
  deps: ListFilesDependencies
): Promise<APIGatewayProxyResult> {
  const query = parseQuery(event, ROUTES.listFiles.query);
  const scope: CursorScope = {
    listing: 'files',
    status: query.status,
    prefix: query.prefix,
  };
  const startAt =
    query.cursor === undefined
      ? undefined
      : deps.cursors.decode(query.cursor, scope);
  const page = await deps.store.listFiles({
    bucket: deps.dropBucketName,
    limit: query.limit ?? LIMITS.default,
    ...(query.status !== undefined ? { status: query.status } : {}),
    ...(query.prefix !== undefined ? { prefix: query.prefix } : {}),
    ...(startAt !== undefined ? { startAt } : {}),
  });
  return jsonResponse(200, deps.cursors.page(page, scope), {
    'Cache-Control': CACHE_CONTROL,
  });
}
