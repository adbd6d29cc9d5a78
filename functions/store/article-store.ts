/**
 * ArticleStore: the one place that knows how articles and file records sit
 * in DynamoDB.
 *
 * Writes are idempotent, because S3 delivers events at least once and SQS
 * redelivers failed messages. What makes them so:
 * - an article's item is keyed by its deterministic id, so writing it again
 *   overwrites, never adds;
 * - its content-hash item (`HASH#<hash>` → article id) is written with
 *   `attribute_not_exists(pk) OR articleId = :id`: the same text under a
 *   second id loses that condition and is reported as a duplicate of the
 *   first;
 * - the article item is written with `attribute_not_exists(pk) OR
 *   sourceRef <> :ref OR sourceSeq <= :seq`: an older event for the same
 *   object key cannot overwrite what a newer one stored;
 * - file records are written with `attribute_not_exists(pk) OR sequencer <=
 *   :seq`, for the same reason.
 * The article, its hash item and the removal of its previous hash item are
 * one transaction, so a crash between them cannot leave a hash pointing
 * nowhere.
 *
 * Before that transaction, the marker of the article's month (see
 * `table.ts`) is put, unconditionally, which is idempotent: a listing finds
 * the article's month from it. It is written first so that a stored article
 * always has its marker (a crash in between leaves a marker without an
 * article, which a listing reads as an empty month), and outside the
 * transaction because every article of a month would otherwise include the
 * same marker item, and concurrent transactions on one item cancel each
 * other (TransactionConflict). Each store remembers the months it has
 * marked, so that is one PutItem per month per container, not per article.
 *
 * Reads: {@link ArticleStore.listArticles} delegates to `ArticleListing`,
 * {@link ArticleStore.listFiles} to `file-listing.ts`.
 */
import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type Article, renderText } from '../core/index.ts';
import {
  ArticleListing,
  type ArticlePage,
  type ListArticlesQuery,
} from './article-listing.ts';
import { ArticleStoreError, ArticleTooLargeError } from './errors.ts';
import {
  fileRecordFromItem,
  fileRecordItem,
  isConditionFailure,
} from './file-item.ts';
import {
  type FilePage,
  type ListFilesQuery,
  listFiles,
  MAX_FILES_EXAMINED_PER_PAGE,
} from './file-listing.ts';
import { finalWriteCondition } from './file-progress.ts';
import type { FileRecord } from './file-record.ts';
import { itemSizeBytes } from './item-size.ts';
import {
  articleKey,
  fileKey,
  hashKey,
  KEYS,
  listingSortKey,
  monthKey,
  monthOf,
  publisherBucket,
  sortDate,
  timeBucket,
} from './table.ts';

/** Options of {@link ArticleStore}. */
export interface ArticleStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /**
   * Largest article item written, in bytes.
   * @default 400,000: DynamoDB's 400 KB limit with room for rounding
   */
  readonly maxItemBytes?: number | undefined;
  /**
   * How long listings reuse the list of months, in milliseconds.
   * @default 30,000 (see `ArticleListingOptions.monthsCacheTtlMs`)
   */
  readonly monthsCacheTtlMs?: number | undefined;
  /**
   * Most file records a filtered `listFiles` page examines.
   * @default 1,000 (`MAX_FILES_EXAMINED_PER_PAGE`)
   */
  readonly maxFilesExaminedPerPage?: number | undefined;
}

/** Which version of which object an article came from. */
export interface SourceVersion {
  readonly bucket: string;
  readonly key: string;
  /** Normalised S3 event sequencer (see `normaliseSequencer`). */
  readonly sequencer: string;
}

/** What happened when an article was saved. */
export type SaveOutcome =
  /** Written: new, or an update of the same article. */
  | { readonly status: 'stored'; readonly id: string }
  /** Its text is already stored as another article, `id`. */
  | { readonly status: 'duplicate'; readonly id: string }
  /** A newer version of the same object already stored this article. */
  | { readonly status: 'superseded'; readonly id: string };

/** Outcome of a conditional file-record write. */
export type FileRecordWrite = 'written' | 'stale';

/** DynamoDB's item limit is 400 KB (409,600 bytes); keep clear of it. */
export const DEFAULT_MAX_ITEM_BYTES = 400_000;

/** Attributes of an article item that are not Article fields. */
const ITEM_ONLY_ATTRIBUTES = [
  ...Object.values(KEYS),
  'type',
  'sourceRef',
  'sourceSeq',
] as const;

/** Persists articles and file records in the article table. */
export class ArticleStore {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;
  readonly #maxItemBytes: number;
  readonly #listing: ArticleListing;
  readonly #maxFilesExamined: number;
  /** Months whose marker this store has written. */
  readonly #markedMonths = new Set<string>();

  public constructor(options: ArticleStoreOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#maxItemBytes = options.maxItemBytes ?? DEFAULT_MAX_ITEM_BYTES;
    this.#maxFilesExamined =
      options.maxFilesExaminedPerPage ?? MAX_FILES_EXAMINED_PER_PAGE;
    this.#listing = new ArticleListing({
      client: options.client,
      tableName: options.tableName,
      monthsCacheTtlMs: options.monthsCacheTtlMs,
    });
  }

  /**
   * Saves an article from a given version of an object.
   *
   * @throws ArticleTooLargeError if its item would break the item limit
   * @throws ArticleStoreError for a conflicting concurrent write (retryable)
   */
  public async saveArticle(
    article: Article,
    source: SourceVersion
  ): Promise<SaveOutcome> {
    const item = this.#articleItem(article, source);
    const size = itemSizeBytes(item);
    if (size > this.#maxItemBytes) {
      throw new ArticleTooLargeError(article.id, size, this.#maxItemBytes);
    }
    const [holder, previousHash] = await this.#readHashAndPrevious(article);
    if (holder !== undefined && holder !== article.id) {
      return { status: 'duplicate', id: holder };
    }
    await this.#markMonth(monthOf(sortDate(article)));
    return this.#writeArticle(article, item, source, previousHash);
  }

  /**
   * One page of article summaries, newest first (by `publishedAt`, else
   * `ingestedAt`), optionally of one publisher and a date range.
   *
   * @throws ArticleStoreError if `startAt` is not a `next` this store returned
   */
  public listArticles(query: ListArticlesQuery): Promise<ArticlePage> {
    return this.#listing.list(query);
  }

  /** The file record of an object, if it was ever processed. */
  public async getFileRecord(
    bucket: string,
    key: string
  ): Promise<FileRecord | undefined> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#tableName,
        Key: marshall(fileKey(bucket, key)),
        ConsistentRead: true,
      })
    );
    return Item ? fileRecordFromItem(Item) : undefined;
  }

  /**
   * One page of a bucket's file records, newest upload first, optionally
   * of one status and key prefix (see `file-listing.ts` for the cost).
   *
   * @throws ArticleStoreError if `startAt` is not a `next` this store returned
   */
  public listFiles(query: ListFilesQuery): Promise<FilePage> {
    return listFiles(
      this.#client,
      this.#tableName,
      query,
      this.#maxFilesExamined
    );
  }

  /**
   * Writes a file record unless a newer version of the object has one,
   * or this version's is being read by a chain other than `chainToken`'s.
   *
   * @returns `stale` when a record with a greater sequencer is there
   */
  public async putFileRecord(
    record: FileRecord,
    chainToken?: string
  ): Promise<FileRecordWrite> {
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#tableName,
          Item: fileRecordItem(record),
          // Not over a newer version's record, nor over this version's
          // while another chain reads it (see `file-progress.ts`).
          ...finalWriteCondition(record.sequencer, chainToken),
        })
      );
      return 'written';
    } catch (error) {
      if (isConditionFailure(error)) return 'stale';
      throw error;
    }
  }

  /** An article by id, with its `text` rendered, or undefined. */
  public async getArticle(id: string): Promise<Article | undefined> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#tableName,
        Key: marshall(articleKey(id)),
      })
    );
    return Item ? articleFromItem(Item) : undefined;
  }

  /** Puts the marker of a month, once per month per store. */
  async #markMonth(month: string): Promise<void> {
    if (this.#markedMonths.has(month)) return;
    await this.#client.send(
      new PutItemCommand({
        TableName: this.#tableName,
        Item: marshall({ ...monthKey(month), type: 'month' }),
      })
    );
    this.#markedMonths.add(month);
  }

  /** The article holding `contentHash`, and the article's previous hash. */
  async #readHashAndPrevious(
    article: Article
  ): Promise<[holder: string | undefined, previousHash: string | undefined]> {
    const { Responses = [] } = await this.#client.send(
      new TransactGetItemsCommand({
        TransactItems: [
          {
            Get: {
              TableName: this.#tableName,
              Key: marshall(hashKey(article.contentHash)),
              ProjectionExpression: 'articleId',
            },
          },
          {
            Get: {
              TableName: this.#tableName,
              Key: marshall(articleKey(article.id)),
              ProjectionExpression: 'contentHash',
            },
          },
        ],
      })
    );
    const holder = Responses[0]?.Item?.articleId?.S;
    const previousHash = Responses[1]?.Item?.contentHash?.S;
    return [holder, previousHash];
  }

  async #writeArticle(
    article: Article,
    item: Record<string, AttributeValue>,
    source: SourceVersion,
    previousHash: string | undefined,
    dropPreviousHash = true
  ): Promise<SaveOutcome> {
    const replacesHash =
      dropPreviousHash &&
      previousHash !== undefined &&
      previousHash !== article.contentHash;
    const id = { S: article.id };
    try {
      await this.#client.send(
        new TransactWriteItemsCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#tableName,
                Item: item,
                ConditionExpression:
                  'attribute_not_exists(pk) OR sourceRef <> :ref OR sourceSeq <= :seq',
                ExpressionAttributeValues: {
                  ':ref': { S: `${source.bucket}/${source.key}` },
                  ':seq': { S: source.sequencer },
                },
              },
            },
            {
              Put: {
                TableName: this.#tableName,
                Item: {
                  ...marshall(hashKey(article.contentHash)),
                  type: { S: 'hash' },
                  articleId: id,
                },
                ConditionExpression:
                  'attribute_not_exists(pk) OR articleId = :id',
                ExpressionAttributeValues: { ':id': id },
              },
            },
            ...(replacesHash
              ? [
                  {
                    Delete: {
                      TableName: this.#tableName,
                      Key: marshall(hashKey(previousHash)),
                      ConditionExpression: 'articleId = :id',
                      ExpressionAttributeValues: { ':id': id },
                    },
                  },
                ]
              : []),
          ],
        })
      );
      return { status: 'stored', id: article.id };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [articleFailed, hashFailed, oldHashFailed] = (
        error.CancellationReasons ?? []
      ).map((reason) => reason.Code === 'ConditionalCheckFailed');
      if (articleFailed) return { status: 'superseded', id: article.id };
      if (hashFailed) {
        // Another file stored the same text between our read and write.
        const [holder] = await this.#readHashAndPrevious(article);
        if (holder && holder !== article.id)
          return { status: 'duplicate', id: holder };
      }
      if (oldHashFailed && replacesHash) {
        // The old hash item is no longer ours: leave it, write the rest.
        return this.#writeArticle(article, item, source, previousHash, false);
      }
      throw new ArticleStoreError(
        `saving article ${article.id} was cancelled: ${error.message}`,
        { cause: error }
      );
    }
  }

  #articleItem(
    article: Article,
    source: SourceVersion
  ): Record<string, AttributeValue> {
    // `text` is standfirst + body again: derive it on read, store half.
    const { text: _text, body, images, ...stored } = article;
    const sortKey = listingSortKey(article);
    return marshall(
      {
        ...stored,
        // The body and images as JSON strings rather than nested lists of
        // maps: nothing queries inside them, a string is more compact
        // against the 400 KB item limit (no per-element attribute names),
        // and nested items cost DynamoDB Local about twice the CPU to write
        // (measured: 2.9 ms against 1.5 ms per seed-sized item).
        [STORED_AS_JSON.body]: JSON.stringify(body),
        [STORED_AS_JSON.images]: JSON.stringify(images),
        ...articleKey(article.id),
        type: 'article',
        sourceRef: `${source.bucket}/${source.key}`,
        sourceSeq: source.sequencer,
        [KEYS.timePartition]: timeBucket(sortDate(article)),
        [KEYS.timeSort]: sortKey,
        ...(article.publisher
          ? {
              [KEYS.publisherPartition]: publisherBucket(article.publisher),
              [KEYS.publisherSort]: sortKey,
            }
          : {}),
      },
      { removeUndefinedValues: true }
    );
  }
}

/**
 * An Article from its item: table-only attributes out, body and images
 * parsed back, `text` rendered.
 */
export function articleFromItem(item: Record<string, AttributeValue>): Article {
  const record = unmarshall(item);
  for (const name of ITEM_ONLY_ATTRIBUTES) delete record[name];
  for (const [field, attribute] of Object.entries(STORED_AS_JSON)) {
    record[field] = JSON.parse(String(record[attribute] ?? '[]'));
    delete record[attribute];
  }
  return { ...record, text: renderText(record as Article) } as Article;
}

/** Article fields stored as JSON strings, and the attributes that hold them. */
const STORED_AS_JSON = { body: 'bodyJson', images: 'imagesJson' } as const;
