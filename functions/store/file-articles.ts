/**
 * The articles one object produced, in file order, from the `byFile`
 * index (see `table.ts`): `GET /articles?file=<key>`.
 *
 * A page is one Query of the object's `byFile` partition, bounded to the
 * current version's sort keys (`<sequencer>#…`, the sequencer of its file
 * record), then one BatchGetItem of the summaries of the articles those
 * entries name. No Scan, and nothing outside the object's partition is
 * read. What the index holds, and what a page makes of it:
 * - an article's entry: the article;
 * - a duplicate's entry (a line whose text another article serves): the
 *   article it duplicates, unless that article is itself an entry of this
 *   version (a duplicate line of the same file), which is listed at its
 *   own line: each article of the file once, at its first place;
 * - tombstones and articles moved to another object have no entry; an
 *   article that is gone between the two reads is left out.
 * So a page holds at most `limit` articles (fewer when it skipped
 * duplicate lines). An object with no file record lists nothing.
 *
 * Like the other listings, a page reads one entry more than it returns: if
 * it exists, its sort key is the next page's position. A position holds
 * the version's sequencer, so the pages of one listing stay on the version
 * it started on; once a newer version is processed, the older one's range
 * is empty and the listing ends.
 */
import {
  type AttributeValue,
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  type DynamoDBClient,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { SUMMARY_FIELDS } from '../core/article-text.ts';
import { type ArticlePage, toSummary } from './article-listing.ts';
import { ArticleStoreError } from './errors.ts';
import {
  ARTICLE_ITEM_TYPES,
  articleKey,
  INDEXES,
  KEYS,
  sourcePartition,
  sourceRef,
  TTL_ATTRIBUTE,
} from './table.ts';

/** What to list. */
export interface ListFileArticlesQuery {
  readonly bucket: string;
  readonly key: string;
  /** Most items on the page (at most 100: one BatchGetItem). */
  readonly limit: number;
  /** Start at this position: the `next` of the previous page. */
  readonly startAt?: string | undefined;
}

/** A `byFile` sort key: `<sequencer>#<10-digit ordinal>`. */
const SOURCE_SORT_KEY = /^([0-9A-F]+)#\d{10}$/u;

/** Most keys one BatchGetItem reads. */
const MAX_BATCH_KEYS = 100;

/** Calls of one page's BatchGetItem, retries of unprocessed keys included. */
const MAX_BATCH_ATTEMPTS = 6;

/** Options of {@link FileArticleListing}. */
export interface FileArticleListingOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/** Lists the articles of one object in file order; see the module doc. */
export class FileArticleListing {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;

  public constructor(options: FileArticleListingOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  /**
   * One page of the articles of an object's current version (of the
   * version `startAt` belongs to, on later pages), in file order.
   *
   * @param currentSequencer the sequencer of the object's file record, read
   *   by the caller for a first page; undefined when it has none
   * @throws ArticleStoreError if `startAt` is not a position this made
   */
  public list(
    query: ListFileArticlesQuery,
    currentSequencer: string | undefined
  ): Promise<ArticlePage> {
    return listFileArticles(
      this.#client,
      this.#tableName,
      query,
      currentSequencer
    );
  }
}

async function listFileArticles(
  client: DynamoDBClient,
  tableName: string,
  query: ListFileArticlesQuery,
  currentSequencer: string | undefined
): Promise<ArticlePage> {
  if (query.limit > MAX_BATCH_KEYS) {
    throw new ArticleStoreError(
      `a page of a file's articles holds at most ${MAX_BATCH_KEYS}, not ${query.limit}`
    );
  }
  let lower: string;
  let sequencer: string;
  if (query.startAt !== undefined) {
    const match = SOURCE_SORT_KEY.exec(query.startAt);
    if (!match) {
      throw new ArticleStoreError(
        `file listing position "${query.startAt.slice(0, 80)}" is not a byFile sort key; expected <sequencer>#<10 digits>`
      );
    }
    lower = query.startAt;
    sequencer = match[1] as string;
  } else {
    if (currentSequencer === undefined) return { items: [] };
    sequencer = currentSequencer;
    lower = `${sequencer}#`;
  }
  const partition = sourcePartition(sourceRef(query.bucket, query.key));
  const entries = await readEntries(client, tableName, {
    partition,
    lower,
    // `$` sorts right after `#`: every `<sequencer>#…`, nothing after.
    upper: `${sequencer}$`,
    wanted: query.limit + 1,
  });
  const page = entries.slice(0, query.limit);
  const peek = entries[query.limit];
  const ids = [...new Set(page.map((entry) => entry.articleId))];
  const articles = await readSummaries(client, tableName, ids);
  const items: ReturnType<typeof toSummary>[] = [];
  const listed = new Set<string>();
  for (const entry of page) {
    const article = articles.get(entry.articleId);
    if (!article || listed.has(entry.articleId)) continue;
    // A duplicate of an article of this version: listed at its own line.
    if (
      entry.duplicate &&
      article[KEYS.sourcePartition] === partition &&
      String(article[KEYS.sourceSort] ?? '').startsWith(`${sequencer}#`)
    ) {
      continue;
    }
    listed.add(entry.articleId);
    items.push(toSummary(article));
  }
  return {
    items,
    ...(peek ? { next: peek.sortKey } : {}),
  };
}

/** One `byFile` entry: the article it names, and whether it duplicates it. */
interface Entry {
  readonly sortKey: string;
  readonly articleId: string;
  readonly duplicate: boolean;
}

/** Up to `wanted` entries of a partition between two sort keys, in order. */
async function readEntries(
  client: DynamoDBClient,
  tableName: string,
  range: {
    readonly partition: string;
    readonly lower: string;
    readonly upper: string;
    readonly wanted: number;
  }
): Promise<Entry[]> {
  const entries: Entry[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const { Items = [], LastEvaluatedKey } = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: INDEXES.byFile,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :lower AND :upper',
        ExpressionAttributeNames: {
          '#pk': KEYS.sourcePartition,
          '#sk': KEYS.sourceSort,
        },
        ExpressionAttributeValues: {
          ':pk': { S: range.partition },
          ':lower': { S: range.lower },
          ':upper': { S: range.upper },
        },
        Limit: range.wanted - entries.length,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      })
    );
    for (const item of Items) {
      const duplicateOf = item.duplicateOf?.S;
      const own = (item[KEYS.partition]?.S ?? '').slice('ARTICLE#'.length);
      entries.push({
        sortKey: String(item[KEYS.sourceSort]?.S),
        articleId: duplicateOf ?? own,
        duplicate: duplicateOf !== undefined,
      });
    }
    startKey = LastEvaluatedKey;
  } while (startKey && entries.length < range.wanted);
  return entries;
}

/** Attributes a page reads of each article: its summary, and what decides. */
const READ_ATTRIBUTES = [
  ...SUMMARY_FIELDS,
  'type',
  KEYS.sourcePartition,
  KEYS.sourceSort,
  TTL_ATTRIBUTE,
] as const;

/** The served articles among `ids`, by id (one BatchGetItem, and retries). */
async function readSummaries(
  client: DynamoDBClient,
  tableName: string,
  ids: readonly string[]
): Promise<Map<string, Record<string, unknown>>> {
  const found = new Map<string, Record<string, unknown>>();
  if (ids.length === 0) return found;
  const names = Object.fromEntries(
    READ_ATTRIBUTES.map((name, i) => [`#a${i}`, name])
  );
  let keys: Record<string, AttributeValue>[] | undefined = ids.map((id) =>
    marshall(articleKey(id))
  );
  for (let attempt = 1; keys && keys.length > 0; attempt++) {
    if (attempt > MAX_BATCH_ATTEMPTS) {
      throw new ArticleStoreError(
        `${keys.length} articles were left unread by ${MAX_BATCH_ATTEMPTS} BatchGetItem calls`
      );
    }
    if (attempt > 1) await delay(Math.min(1000, 25 * 2 ** attempt));
    const response: BatchGetItemCommandOutput = await client.send(
      new BatchGetItemCommand({
        RequestItems: {
          [tableName]: {
            Keys: keys,
            ProjectionExpression: Object.keys(names).join(', '),
            ExpressionAttributeNames: names,
          },
        },
      })
    );
    for (const item of response.Responses?.[tableName] ?? []) {
      const row = unmarshall(item);
      const expiresAt = row[TTL_ATTRIBUTE];
      const expired =
        typeof expiresAt === 'number' && expiresAt * 1000 <= Date.now();
      const type = row.type ?? ARTICLE_ITEM_TYPES.article;
      if (type !== ARTICLE_ITEM_TYPES.article || expired) continue;
      found.set(String(row.id), row);
    }
    keys = response.UnprocessedKeys?.[tableName]?.Keys;
  }
  return found;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
