/**
 * Newest-first listings of a bucket's file records, from the `byFileTime`
 * index (see `table.ts`): one partition per bucket, sorted by upload time.
 *
 * A page is a reverse Query of that partition below the position it starts
 * at. Filters (`status`, key `prefix`) are a FilterExpression over the
 * index's items, which are file records only: DynamoDB reads items and
 * then drops those that do not match, so a filtered page costs the items
 * it examined, not the items it returns. To keep that bounded, a page
 * examines at most `maxExamined` items (by default
 * {@link MAX_FILES_EXAMINED_PER_PAGE}); when it stops
 * there, it returns what matched (possibly nothing) and a position to go
 * on from, as DynamoDB's own `LastEvaluatedKey` does.
 *
 * As in `article-listing.ts`, an unfiltered page asks for one item more
 * than it returns, so its last page is never an empty one. A position is
 * the sort key (`<uploaded>#<key>`) the next page reads strictly below.
 */
import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ArticleStoreError } from './errors.ts';
import type { FileRecord, FileStatus } from './file-record.ts';
import {
  FILE_SUMMARY_ATTRIBUTES,
  fileListingPartition,
  INDEXES,
  KEYS,
} from './table.ts';

/** Most index items one page reads, matched or not, by default. */
export const MAX_FILES_EXAMINED_PER_PAGE = 1000;

/** A file record as listings return it: without article ids and problems. */
export type FileSummary = Pick<
  FileRecord,
  (typeof FILE_SUMMARY_ATTRIBUTES)[number]
>;

/** What to list. */
export interface ListFilesQuery {
  /** The bucket whose records are listed. */
  readonly bucket: string;
  /** Most items on the page. */
  readonly limit: number;
  /** Only records with this status. */
  readonly status?: FileStatus;
  /** Only keys that start with this. */
  readonly prefix?: string;
  /** Start below this position: the `next` of the previous page. */
  readonly startAt?: string;
}

/** One page of file summaries. */
export interface FilePage {
  readonly items: readonly FileSummary[];
  /** Where the next page starts; absent on the last page. */
  readonly next?: string;
}

/** A position: an ISO 8601 time, `#`, an object key (which may hold `#`). */
const POSITION = /^\d{4}-\d{2}-\d{2}T[0-9:.]+Z#/u;

/**
 * One page of file summaries of a bucket, newest upload first.
 *
 * @throws ArticleStoreError if `startAt` is not a position this returned
 */
export async function listFiles(
  client: DynamoDBClient,
  tableName: string,
  query: ListFilesQuery,
  maxExamined = MAX_FILES_EXAMINED_PER_PAGE
): Promise<FilePage> {
  if (query.startAt !== undefined && !POSITION.test(query.startAt)) {
    throw new ArticleStoreError(
      `file listing position "${query.startAt.slice(0, 80)}" is not a sort key; expected <ISO date-time>#<object key>`
    );
  }
  const names: Record<string, string> = { '#pk': KEYS.filePartition };
  const values: Record<string, AttributeValue> = {
    ':pk': { S: fileListingPartition(query.bucket) },
  };
  let condition = '#pk = :pk';
  if (query.startAt !== undefined) {
    names['#sk'] = KEYS.fileSort;
    values[':start'] = { S: query.startAt };
    condition += ' AND #sk < :start';
  }
  const filters: string[] = [];
  if (query.status !== undefined) {
    names['#status'] = 'status';
    values[':status'] = { S: query.status };
    filters.push('#status = :status');
  }
  if (query.prefix !== undefined) {
    names['#key'] = 'key';
    values[':prefix'] = { S: query.prefix };
    filters.push('begins_with(#key, :prefix)');
  }
  const filtered = filters.length > 0;
  // One more than the page holds: whether it exists says if a next page does.
  const wanted = query.limit + 1;
  const rows: Record<string, unknown>[] = [];
  let examined = 0;
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const input: QueryCommandInput = {
      TableName: tableName,
      IndexName: INDEXES.byFileTime,
      KeyConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      // Limit counts examined items, before the filter drops any.
      Limit: filtered ? maxExamined - examined : wanted - rows.length,
      ...(filtered ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
    };
    const {
      Items = [],
      LastEvaluatedKey,
      ScannedCount = Items.length,
    } = await client.send(new QueryCommand(input));
    examined += ScannedCount;
    for (const item of Items) rows.push(unmarshall(item));
    startKey = LastEvaluatedKey;
  } while (startKey && rows.length < wanted && examined < maxExamined);
  const items = rows.slice(0, query.limit);
  if (rows.length > query.limit) {
    return { items: items.map(toSummary), next: sortKeyOf(items.at(-1)) };
  }
  // The examination budget ran out with more to read: go on from there.
  const stoppedAt = startKey?.[KEYS.fileSort]?.S;
  return {
    items: items.map(toSummary),
    ...(stoppedAt !== undefined ? { next: stoppedAt } : {}),
  };
}

function sortKeyOf(row: Record<string, unknown> | undefined): string {
  return String(row?.[KEYS.fileSort]);
}

/** The summary fields of an index item, in their documented order. */
function toSummary(row: Record<string, unknown>): FileSummary {
  const summary: Record<string, unknown> = {};
  for (const field of FILE_SUMMARY_ATTRIBUTES) {
    if (row[field] !== undefined) summary[field] = row[field];
  }
  return summary as FileSummary;
}
