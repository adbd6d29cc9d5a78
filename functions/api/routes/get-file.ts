/**
 * `GET /files/{key}`: what became of an object uploaded to the drop bucket.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { ArticleReader } from '../../store/article-reader.ts';
import type { FileRecord } from '../../store/file-record.ts';
import { NotFoundError } from '../errors.ts';
import { echo, jsonResponse, parseQuery, pathParameter } from '../http.ts';
import { readObjectKey } from '../parameters.ts';
import type { FileRecordView } from '../response-schemas.ts';
import { ROUTER_GREEDY_PARAMETER, ROUTES } from '../route-manifest.ts';

/** What the route needs. */
export interface GetFileDependencies {
  readonly store: Pick<ArticleReader, 'getFileRecord'>;
  readonly dropBucketName: string;
}

/** A file record changes while its object is processed: always revalidate. */
const CACHE_CONTROL = 'no-cache';

/** Handles `GET /files/{key+}`; the router names the greedy part `proxy`. */
export async function getFile(
  event: APIGatewayProxyEvent,
  deps: GetFileDependencies
): Promise<APIGatewayProxyResult> {
  parseQuery(event, ROUTES.getFile.query);
  const key = pathParameter(
    event,
    ROUTER_GREEDY_PARAMETER,
    'key',
    readObjectKey
  );
  const record = await deps.store.getFileRecord(deps.dropBucketName, key);
  if (!record) {
    throw new NotFoundError(
      `no object with key ${echo(key)} has been processed from the drop bucket`
    );
  }
  return jsonResponse(200, toView(record), { 'Cache-Control': CACHE_CONTROL });
}

/** The served fields of a file record (the sequencer is internal ordering). */
function toView(record: FileRecord): FileRecordView {
  const { sequencer: _sequencer, ...view } = record;
  return {
    ...view,
    articleIds: [...view.articleIds],
    problems: [...view.problems],
  };
}
