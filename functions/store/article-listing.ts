/**
 * Newest-first listings of article summaries, from the table's indexes.
 *
 * - By publisher: one Query of the `byPublisher` partition, newest first,
 *   with the date range as a sort-key condition.
 * - Otherwise: the `byTime` index is partitioned by month, so the listing
 *   reads the month markers (one Query, cached for a short while) and
 *   queries the months in range newest first, carrying on into the next
 *   month only while the page is not full. A page inside one month is one
 *   Query; a page that crosses into older months costs one per month. An
 *   empty page from cached markers reads them again, so a new table's
 *   first articles show at once; a month's first article otherwise shows
 *   within the cache's lifetime.
 *
 * Every page asks for one item more than it returns. If that item exists,
 * there is a next page, so the last page is never an empty one, and its
 * listing sort key (`<sort date>#<id>`) is the next page's position: the
 * next page reads keys at or below it. Starting at the next page's first
 * item, rather than after this page's last, means a page that begins a
 * month queries that month alone, not the empty end of the month before.
 */
import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ArticleSummary } from '../core/article.ts';
import { SUMMARY_FIELDS } from '../core/article-text.ts';
import { ArticleStoreError } from './errors.ts';
import {
  INDEXES,
  KEYS,
  MONTHS_PARTITION,
  monthOf,
  parseListingSortKey,
  publisherBucket,
  sortKeyBounds,
  timeBucket,
} from './table.ts';

/** What to list. Dates are UTC ISO 8601 dates or date-times. */
export interface ListArticlesQuery {
  /** Most items on the page. */
  readonly limit: number;
  /** Only this publisher's articles; case and outer spaces do not matter. */
  readonly publisher?: string | undefined;
  /** Only articles dated at or after this. */
  readonly from?: string | undefined;
  /** Only articles dated at or before this (a date: the whole day). */
  readonly to?: string | undefined;
  /** Start at this position: the `next` of the previous page. */
  readonly startAt?: string | undefined;
}

/** One page of a listing. */
export interface ArticlePage {
  readonly items: readonly ArticleSummary[];
  /** Where the next page starts (its first item); absent on the last page. */
  readonly next?: string;
}

/** Options of {@link ArticleListing}. */
export interface ArticleListingOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /**
   * How long the list of months is reused, in milliseconds: a month's first
   * article shows in listings that already have items at most this long
   * after it is stored (an empty listing re-reads the months at once).
   * @default 30,000
   */
  readonly monthsCacheTtlMs?: number | undefined;
  /** @default `Date.now` */
  readonly clock?: (() => number) | undefined;
}

/** Default of {@link ArticleListingOptions.monthsCacheTtlMs}. */
export const DEFAULT_MONTHS_CACHE_TTL_MS = 30_000;

/** Where one Query reads: an index partition and its sort key. */
interface IndexPartition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly partitionValue: string;
  readonly sortKey: string;
}

/** Lists article summaries newest first; see the module doc. */
export class ArticleListing {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;
  readonly #monthsCacheTtlMs: number;
  readonly #clock: () => number;
  #months: { value: Promise<string[]>; expiresAtMs: number } | undefined;

  public constructor(options: ArticleListingOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#monthsCacheTtlMs =
      options.monthsCacheTtlMs ?? DEFAULT_MONTHS_CACHE_TTL_MS;
    this.#clock = options.clock ?? Date.now;
  }

  /**
   * One page of summaries, newest first.
   *
   * @throws ArticleStoreError if `startAt` is not a position this class made
   */
  public async list(query: ListArticlesQuery): Promise<ArticlePage> {
    const startAt =
      query.startAt === undefined ? undefined : position(query.startAt);
    // One more than the page holds: whether it exists says if a next page does.
    const wanted = query.limit + 1;
    const rows: Record<string, unknown>[] = [];
    if (query.publisher !== undefined) {
      const partition: IndexPartition = {
        indexName: INDEXES.byPublisher,
        partitionKey: KEYS.publisherPartition,
        partitionValue: publisherBucket(query.publisher),
        sortKey: KEYS.publisherSort,
      };
      await this.#collect(rows, wanted, partition, query, startAt);
    } else {
      const { months, cached } = await this.#allMonths();
      await this.#collectMonths(rows, wanted, months, query, startAt);
      // An empty page from a cached month list may be missing months that
      // got their first article since (on a new table, every month): check
      // the markers once more, and list again if they changed. (A page that
      // has items shows a brand-new month within the cache's lifetime;
      // checking on every short page would cost last pages a second Query.)
      if (rows.length === 0 && cached) {
        const fresh = await this.#allMonths(true);
        if (fresh.months.join() !== months.join()) {
          rows.length = 0;
          await this.#collectMonths(rows, wanted, fresh.months, query, startAt);
        }
      }
    }
    const peek = rows[query.limit];
    return {
      items: rows.slice(0, query.limit).map(toSummary),
      ...(peek
        ? { next: String(peek[KEYS.timeSort] ?? peek[KEYS.publisherSort]) }
        : {}),
    };
  }

  /** Queries the byTime partitions of `months` in range, newest first. */
  async #collectMonths(
    rows: Record<string, unknown>[],
    wanted: number,
    months: readonly string[],
    query: ListArticlesQuery,
    startAt: Position | undefined
  ): Promise<void> {
    for (const month of monthsInRange(months, query, startAt)) {
      if (rows.length >= wanted) break;
      const partition: IndexPartition = {
        indexName: INDEXES.byTime,
        partitionKey: KEYS.timePartition,
        partitionValue: timeBucket(month),
        sortKey: KEYS.timeSort,
      };
      await this.#collect(rows, wanted, partition, query, startAt);
    }
  }

  /** Queries one partition newest first until `rows` holds `wanted` items. */
  async #collect(
    rows: Record<string, unknown>[],
    wanted: number,
    partition: IndexPartition,
    query: ListArticlesQuery,
    startAt: Position | undefined
  ): Promise<void> {
    const bounds = sortKeyBounds(query);
    const { lower } = bounds;
    // A position is an item's key, inside the range: at or below it, then.
    const upper =
      startAt !== undefined &&
      (bounds.upper === undefined || startAt.key < bounds.upper)
        ? startAt.key
        : bounds.upper;
    const names: Record<string, string> = {
      '#pk': partition.partitionKey,
    };
    const values: Record<string, AttributeValue> = {
      ':pk': { S: partition.partitionValue },
    };
    let condition = '#pk = :pk';
    if (lower !== undefined || upper !== undefined) {
      names['#sk'] = partition.sortKey;
      if (lower !== undefined) values[':lower'] = { S: lower };
      if (upper !== undefined) values[':upper'] = { S: upper };
      condition +=
        lower !== undefined && upper !== undefined
          ? ' AND #sk BETWEEN :lower AND :upper'
          : lower !== undefined
            ? ' AND #sk >= :lower'
            : ' AND #sk <= :upper';
    }
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const input: QueryCommandInput = {
        TableName: this.#tableName,
        IndexName: partition.indexName,
        KeyConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: wanted - rows.length,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      };
      const { Items = [], LastEvaluatedKey } = await this.#client.send(
        new QueryCommand(input)
      );
      for (const item of Items) rows.push(unmarshall(item));
      startKey = LastEvaluatedKey;
    } while (startKey && rows.length < wanted);
  }

  /**
   * Every month with a marker, newest first; cached for a short while
   * unless `refresh` is set. `cached` says whether the cache answered.
   */
  async #allMonths(
    refresh = false
  ): Promise<{ months: string[]; cached: boolean }> {
    const now = this.#clock();
    if (!refresh && this.#months && this.#months.expiresAtMs > now) {
      return { months: await this.#months.value, cached: true };
    }
    const value = this.#readMonths();
    // Concurrent requests share one read; a failed read is not kept.
    this.#months = { value, expiresAtMs: now + this.#monthsCacheTtlMs };
    value.catch(() => {
      if (this.#months?.value === value) this.#months = undefined;
    });
    return { months: await value, cached: false };
  }

  async #readMonths(): Promise<string[]> {
    const months: string[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const { Items = [], LastEvaluatedKey } = await this.#client.send(
        new QueryCommand({
          TableName: this.#tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': KEYS.partition, '#sk': KEYS.sort },
          ExpressionAttributeValues: { ':pk': { S: MONTHS_PARTITION } },
          ProjectionExpression: '#sk',
          ScanIndexForward: false,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        })
      );
      for (const item of Items) {
        const month = item[KEYS.sort]?.S;
        if (month) months.push(month);
      }
      startKey = LastEvaluatedKey;
    } while (startKey);
    return months;
  }
}

/** Months of `months` that may hold the query's items, newest first. */
function monthsInRange(
  months: readonly string[],
  query: ListArticlesQuery,
  startAt: Position | undefined
): string[] {
  const newest = [query.to, startAt?.date]
    .filter((date) => date !== undefined)
    .map(monthOf)
    .sort()[0];
  const oldest = query.from === undefined ? undefined : monthOf(query.from);
  return months.filter(
    (month) =>
      (newest === undefined || month <= newest) &&
      (oldest === undefined || month >= oldest)
  );
}

/** A position in a listing: a sort key, with its date. */
interface Position {
  readonly key: string;
  readonly date: string;
}

function position(key: string): Position {
  const parsed = parseListingSortKey(key);
  if (!parsed) {
    throw new ArticleStoreError(
      `listing position "${key.slice(0, 80)}" is not a sort key; expected <ISO date>#<32 hex digits>`
    );
  }
  return { key, date: parsed.date };
}

/** The summary fields of an index item, in their documented order. */
export function toSummary(row: Record<string, unknown>): ArticleSummary {
  const summary: Record<string, unknown> = {};
  for (const field of SUMMARY_FIELDS) {
    if (row[field] !== undefined) summary[field] = row[field];
  }
  return summary as ArticleSummary;
}
