/**
 * ArticleReader: the reads of the article table, apart from the writes.
 *
 * The read API reads through this class alone; `ArticleStore`, which the
 * ingest function writes through, reads through one too. Kept apart so
 * that the read function's bundle holds none of the write path (the holder
 * model, transactions, claims): every cold start parses what it imports.
 */
import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Article } from '../core/article.ts';
import { renderText } from '../core/article-text.ts';
import {
  ArticleListing,
  type ArticlePage,
  type ListArticlesQuery,
} from './article-listing.ts';
import { fileRecordFromItem } from './file-item.ts';
import {
  type FilePage,
  type ListFilesQuery,
  listFiles,
  MAX_FILES_EXAMINED_PER_PAGE,
} from './file-listing.ts';
import type { FileRecord } from './file-record.ts';
import {
  ARTICLE_ITEM_TYPES,
  articleKey,
  fileKey,
  KEYS,
  TTL_ATTRIBUTE,
} from './table.ts';

/** Options of {@link ArticleReader}. */
export interface ArticleReaderOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
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

/** An article by id: served, removed (a tombstone), or neither. */
export type ArticleLookup =
  | { readonly status: 'found'; readonly article: Article }
  | { readonly status: 'deleted'; readonly deletedAt: string }
  | { readonly status: 'not-found' };

/** Reads articles, listings and file records. */
export class ArticleReader {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;
  readonly #listing: ArticleListing;
  readonly #maxFilesExamined: number;

  public constructor(options: ArticleReaderOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
    this.#maxFilesExamined =
      options.maxFilesExaminedPerPage ?? MAX_FILES_EXAMINED_PER_PAGE;
    this.#listing = new ArticleListing({
      client: options.client,
      tableName: options.tableName,
      monthsCacheTtlMs: options.monthsCacheTtlMs,
    });
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
    if (!Item || isExpired(Item)) return undefined;
    return fileRecordFromItem(Item);
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

  /** An article by id, with its `text` rendered, or undefined. */
  public async getArticle(id: string): Promise<Article | undefined> {
    const found = await this.findArticle(id);
    return found.status === 'found' ? found.article : undefined;
  }

  /**
   * An article by id, or when it was removed while its tombstone lasts.
   * A duplicate's id is not found: its file record names the article that
   * serves its text.
   */
  public async findArticle(id: string): Promise<ArticleLookup> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#tableName,
        Key: marshall(articleKey(id)),
      })
    );
    const type = Item?.type?.S ?? ARTICLE_ITEM_TYPES.article;
    if (!Item || isExpired(Item)) return { status: 'not-found' };
    if (type === ARTICLE_ITEM_TYPES.article) {
      return { status: 'found', article: articleFromItem(Item) };
    }
    if (type === ARTICLE_ITEM_TYPES.deleted) {
      return { status: 'deleted', deletedAt: String(Item.deletedAt?.S) };
    }
    return { status: 'not-found' };
  }
}

/** Whether an item's TTL has passed (DynamoDB deletes it later). */
export function isExpired(item: Record<string, AttributeValue>): boolean {
  const expiresAt = item[TTL_ATTRIBUTE]?.N;
  return expiresAt !== undefined && Number(expiresAt) * 1000 <= Date.now();
}

/** Article fields stored as JSON strings, and the attributes that hold them. */
export const STORED_AS_JSON = {
  body: 'bodyJson',
  images: 'imagesJson',
} as const;

/** Attributes of an article item that are not Article fields. */
const ITEM_ONLY_ATTRIBUTES = [
  ...Object.values(KEYS),
  'type',
  'sourceRef',
  'sourceSeq',
  'rev',
  'rank',
  'sourceEtag',
  'claimed',
] as const;

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
