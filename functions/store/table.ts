/**
 * The article table's layout: written once, used by the stack, the tests
 * and local mode.
 *
 * One table, several item types, told apart by their keys:
 *
 * | item | pk | sk | notes |
 * |---|---|---|---|
 * | article | `ARTICLE#<id>` | `ARTICLE` | the article; `body`, `images` as JSON strings; `text` derived on read |
 * | content hash | `HASH#<contentHash>` | `HASH` | which article holds this text |
 * | duplicate | `ARTICLE#<id>` | `ARTICLE` | an entry whose text another article serves: `duplicateOf`, no index keys but `byFile` |
 * | tombstone | `ARTICLE#<id>` | `ARTICLE` | a removed article (`deleted`, 410) or duplicate (`deleted-duplicate`), until `expiresAt` |
 * | content hash | `HASH#<contentHash>` | `HASH` | which article serves this text (`articleId`), and `rev` |
 * | holder | `HASH#<contentHash>` | `HOLDER#<id>` | an entry of a live object that holds this text, as article `<id>` |
 * | file record | `FILE#<bucket>/<key>` | `FILE` | what became of an uploaded object |
 * | month marker | `MONTHS` | `<yyyy-mm>` | a `byTime` partition that holds articles |
 *
 * Items of the article partitions and content hashes carry `rev`, a
 * counter every write increments and every write is conditional on: the
 * store reads, decides, and writes in one transaction that fails if
 * anything it read has changed (see `article-store.ts`).
 *
 * Three global secondary indexes serve the read API without a Scan:
 * - `byTime`: `gsi1pk` = `TIME#<yyyy-mm>` (the month of `publishedAt`, or of
 *   `ingestedAt` for undated articles), `gsi1sk` = `<sort date>#<id>`;
 *   newest first within a month is a reverse Query.
 * - `byPublisher`: `gsi2pk` = `PUB#<publisher, lower case>`, same sort key.
 * Both project the summary fields, so a listing page is one Query.
 * - `byFileTime`: file records only: `gsi3pk` = `FILES#<bucket>`,
 *   `gsi3sk` = `<uploadedAt, else processedAt>#<key>`; newest uploads
 *   first is a reverse Query. It projects the record without its article
 *   ids and problems (up to 1,000 ids: a record's detail, not a row of a
 *   list). One partition per bucket takes every file record's write, which
 *   is one write per file: DynamoDB's ~1,000 writes/s per partition is far
 *   above what one ingest queue delivers.
 * - `byFile`: articles and duplicates by the object that wrote them:
 *   `gsi4pk` = `SRC#<bucket>/<key>`, `gsi4sk` = `<sequencer>#<ordinal>`
 *   (the entry's place in the file, 10 digits). One version's entries are
 *   one `begins_with`, in file order; the entries of older versions sort
 *   before the current one's, so what a new version no longer yields is one
 *   Query `< <sequencer>`. Projects the keys and `duplicateOf` only.
 *
 * Tombstones and the records of deleted files carry `expiresAt` (epoch
 * seconds), the table's TTL attribute: DynamoDB deletes them some time
 * after it passes, and reads treat them as gone from that moment.
 *
 * Keys built from input (a publisher, an object key) are bounded by
 * {@link boundedKey}: a value over DynamoDB's limit for its place
 * (partition keys 2,048 bytes, sort keys 1,024 bytes, table and index
 * keys alike) keeps its first bytes, cut on a character boundary, then
 * `~` and 16 hex digits of the SHA-256 of the whole value. Distinct long
 * values stay distinct, a value within the limit is kept as it is, and the
 * full value stays in the item's own attribute (`publisher`, `key`).
 *
 * Month markers say which `byTime` partitions exist, so that a newest-first
 * listing can walk them in order without a Scan: one Query of the `MONTHS`
 * partition lists them. Markers are only ever added; a month whose articles
 * all moved away keeps an empty marker, which costs a listing one empty
 * Query and changes nothing it returns.
 */
import { createHash } from 'node:crypto';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { SUMMARY_FIELDS } from '../core/article-text.ts';

/** Attribute names of the keys. */
export const KEYS = {
  partition: 'pk',
  sort: 'sk',
  timePartition: 'gsi1pk',
  timeSort: 'gsi1sk',
  publisherPartition: 'gsi2pk',
  publisherSort: 'gsi2sk',
  filePartition: 'gsi3pk',
  fileSort: 'gsi3sk',
  sourcePartition: 'gsi4pk',
  sourceSort: 'gsi4sk',
} as const;

/** Index names. */
export const INDEXES = {
  byTime: 'byTime',
  byPublisher: 'byPublisher',
  byFileTime: 'byFileTime',
  byFile: 'byFile',
} as const;

/** The table's TTL attribute: epoch seconds after which an item is gone. */
export const TTL_ATTRIBUTE = 'expiresAt';

/** Attributes the `byFile` index projects besides the keys. */
export const SOURCE_INDEX_ATTRIBUTES = ['duplicateOf'] as const;

/**
 * Fields the indexes project: what a listing returns, and `ingestedAt`,
 * which orders undated articles.
 */
export const SUMMARY_ATTRIBUTES = [...SUMMARY_FIELDS, 'ingestedAt'] as const;

/**
 * Fields of a file record the `byFileTime` index projects: all but the
 * article ids and problems, which `GET /files/{key}` serves.
 */
export const FILE_SUMMARY_ATTRIBUTES = [
  'bucket',
  'key',
  'status',
  'reason',
  'counts',
  'format',
  'sizeBytes',
  'uploadedAt',
  'processedAt',
] as const;

/** The table's shape, in terms both the SDK and CDK can use. */
export const TABLE_DEFINITION = {
  partitionKey: KEYS.partition,
  sortKey: KEYS.sort,
  timeToLiveAttribute: TTL_ATTRIBUTE,
  indexes: [
    {
      name: INDEXES.byTime,
      partitionKey: KEYS.timePartition,
      sortKey: KEYS.timeSort,
      projectedAttributes: SUMMARY_ATTRIBUTES,
    },
    {
      name: INDEXES.byPublisher,
      partitionKey: KEYS.publisherPartition,
      sortKey: KEYS.publisherSort,
      projectedAttributes: SUMMARY_ATTRIBUTES,
    },
    {
      name: INDEXES.byFileTime,
      partitionKey: KEYS.filePartition,
      sortKey: KEYS.fileSort,
      projectedAttributes: FILE_SUMMARY_ATTRIBUTES,
    },
    {
      name: INDEXES.byFile,
      partitionKey: KEYS.sourcePartition,
      sortKey: KEYS.sourceSort,
      projectedAttributes: SOURCE_INDEX_ATTRIBUTES,
    },
  ],
} as const;

/** A CreateTable request for the table, on-demand, as the stack deploys it. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const keyNames = [
    TABLE_DEFINITION.partitionKey,
    TABLE_DEFINITION.sortKey,
    ...TABLE_DEFINITION.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyNames.map((name) => ({
      AttributeName: name,
      AttributeType: 'S',
    })),
    KeySchema: [
      { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: TABLE_DEFINITION.indexes.map(indexInput),
  };
}

/** One index of {@link TABLE_DEFINITION} as CreateTable/UpdateTable take it. */
export function indexInput(
  index: (typeof TABLE_DEFINITION.indexes)[number]
): NonNullable<CreateTableCommandInput['GlobalSecondaryIndexes']>[number] {
  return {
    IndexName: index.name,
    KeySchema: [
      { AttributeName: index.partitionKey, KeyType: 'HASH' },
      { AttributeName: index.sortKey, KeyType: 'RANGE' },
    ],
    Projection: {
      ProjectionType: 'INCLUDE',
      NonKeyAttributes: [...index.projectedAttributes],
    },
  };
}

/** DynamoDB's limit on a partition key value, in bytes of UTF-8. */
export const MAX_PARTITION_KEY_BYTES = 2048;

/** DynamoDB's limit on a sort key value, in bytes of UTF-8. */
export const MAX_SORT_KEY_BYTES = 1024;

/** Hex digits of the hash that ends a shortened key. */
const KEY_HASH_DIGITS = 16;

const utf8 = new TextEncoder();

/**
 * A key value within `maxBytes` bytes of UTF-8: `value` itself if it fits,
 * else its longest prefix that leaves room for `~<hash>`, cut between
 * characters, then `~` and the first 16 hex digits of the SHA-256 of the
 * whole value. The same value always gives the same key, so a Query
 * builds its key the same way.
 *
 * @example
 * boundedKey(`PUB#${'x'.repeat(3000)}`, MAX_PARTITION_KEY_BYTES).length; // 2048
 */
export function boundedKey(value: string, maxBytes: number): string {
  if (utf8.encode(value).length <= maxBytes) return value;
  const hash = createHash('sha256')
    .update(value)
    .digest('hex')
    .slice(0, KEY_HASH_DIGITS);
  const room = maxBytes - 1 - KEY_HASH_DIGITS;
  let bytes = 0;
  let prefix = '';
  // Code points, so a surrogate pair is never split.
  for (const char of value) {
    const size = utf8.encode(char).length;
    if (bytes + size > room) break;
    bytes += size;
    prefix += char;
  }
  return `${prefix}~${hash}`;
}

/** A partition key value from input, bounded by {@link boundedKey}. */
function partitionValue(value: string): string {
  return boundedKey(value, MAX_PARTITION_KEY_BYTES);
}

/** A sort key value from input, bounded by {@link boundedKey}. */
function sortValue(value: string): string {
  return boundedKey(value, MAX_SORT_KEY_BYTES);
}

/** Key of an article item. */
export function articleKey(id: string): Record<string, string> {
  return { [KEYS.partition]: `ARTICLE#${id}`, [KEYS.sort]: 'ARTICLE' };
}

/** Key of a content-hash item. */
export function hashKey(contentHash: string): Record<string, string> {
  return { [KEYS.partition]: `HASH#${contentHash}`, [KEYS.sort]: 'HASH' };
}

/** Sort-key prefix of the holder items of a content hash. */
export const HOLDER_PREFIX = 'HOLDER#';

/** Key of the holder item of article `id` under `contentHash`. */
export function holderKey(
  contentHash: string,
  id: string
): Record<string, string> {
  return {
    [KEYS.partition]: `HASH#${contentHash}`,
    [KEYS.sort]: `${HOLDER_PREFIX}${id}`,
  };
}

/** Sort-key prefix of the claim items of an article id (see `claimKey`). */
export const CLAIM_PREFIX = 'CLAIM#';

/**
 * Key of the claim of object `ref` on article `id`: that object yields the
 * id but lost it to an object of higher rank (`holdings.ts`, `rankOf`).
 * The claim sits in the article's partition, beside its item; its sort key
 * is the SHA-256 of the ref, so that a 1,024-byte S3 key still fits the
 * 1,024-byte sort-key limit.
 */
export function claimKey(id: string, ref: string): Record<string, string> {
  return {
    [KEYS.partition]: `ARTICLE#${id}`,
    [KEYS.sort]: `${CLAIM_PREFIX}${createHash('sha256').update(ref).digest('hex')}`,
  };
}

/** `<bucket>/<key>`: how items name the object that wrote them. */
export function sourceRef(bucket: string, key: string): string {
  return `${bucket}/${key}`;
}

/** The `byFile` partition of an object's entries. */
export function sourcePartition(ref: string): string {
  return partitionValue(`SRC#${ref}`);
}

/** Digits of an entry's ordinal in a `byFile` sort key. */
const ORDINAL_DIGITS = 10;

/** The `byFile` sort key of entry `ordinal` of a version: `<seq>#<ordinal>`. */
export function sourceSortKey(sequencer: string, ordinal: number): string {
  return `${sequencer}#${String(ordinal).padStart(ORDINAL_DIGITS, '0')}`;
}

/** Key of a file record. */
export function fileKey(bucket: string, key: string): Record<string, string> {
  return {
    [KEYS.partition]: partitionValue(`FILE#${bucket}/${key}`),
    [KEYS.sort]: 'FILE',
  };
}

/** Partition key of the month markers. */
export const MONTHS_PARTITION = 'MONTHS';

/** Key of the marker of a month, `yyyy-mm`. */
export function monthKey(month: string): Record<string, string> {
  return { [KEYS.partition]: MONTHS_PARTITION, [KEYS.sort]: month };
}

/** The date an article sorts by: published, else ingested. */
export function sortDate(article: {
  readonly publishedAt?: string | undefined;
  readonly ingestedAt: string;
}): string {
  return article.publishedAt ?? article.ingestedAt;
}

/** The month of an ISO 8601 date, `yyyy-mm`. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The `byTime` partition of a date: its month. */
export function timeBucket(date: string): string {
  return `TIME#${monthOf(date)}`;
}

/** The `byTime`/`byPublisher` sort key of an article: `<sort date>#<id>`. */
export function listingSortKey(article: {
  readonly id: string;
  readonly publishedAt?: string | undefined;
  readonly ingestedAt: string;
}): string {
  return `${sortDate(article)}#${article.id}`;
}

/** A listing sort key: an ISO 8601 date, `#`, a 32-hex-digit article id. */
const LISTING_SORT_KEY = /^(\d{4}-\d{2}-\d{2}[0-9T:.Z+-]*)#([0-9a-f]{32})$/u;

/** The sort date and id of a listing sort key, or undefined if malformed. */
export function parseListingSortKey(
  key: string
): { readonly date: string; readonly id: string } | undefined {
  const match = LISTING_SORT_KEY.exec(key);
  return match
    ? { date: match[1] as string, id: match[2] as string }
    : undefined;
}

/**
 * Bounds on listing sort keys for a date range, both ends inclusive of
 * their whole value. `from` and `to` are UTC dates (`2023-09-14`) or
 * date-times (`2023-09-14T09:17:00Z`), as sort dates are. The bounds never
 * equal a sort key (every key has `#<id>` after its date), so `BETWEEN`
 * behaves as `lower <= key < upper`:
 * - lower: `from` itself; `#` (0x23) sorts before `T`, so a date's key
 *   sorts before every time of that day: an article dated only with that
 *   day counts as at its midnight. `from` at midnight is written as the
 *   date alone, so that such an article is in;
 * - upper: `to` + `~` for a date (`~` sorts after `#` and `T`: the whole
 *   day is in), `to` + `$` for a date-time (`$` sorts right after `#`: an
 *   article at exactly `to` is in, one a second later is not).
 */
export function sortKeyBounds(range: {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}): {
  readonly lower?: string | undefined;
  readonly upper?: string | undefined;
} {
  const upper =
    range.to === undefined
      ? undefined
      : `${range.to}${range.to.length === 10 ? '~' : '$'}`;
  const lower = range.from?.endsWith('T00:00:00Z')
    ? range.from.slice(0, 10)
    : range.from;
  return { lower, upper };
}

/**
 * The `byPublisher` partition of a publisher name: trimmed, lower case,
 * bounded by {@link boundedKey}; a filter builds the same value.
 */
export function publisherBucket(publisher: string): string {
  return partitionValue(`PUB#${publisher.trim().toLowerCase()}`);
}

/** The `byFileTime` partition of a bucket's file records. */
export function fileListingPartition(bucket: string): string {
  return `FILES#${bucket}`;
}

/**
 * The `byFileTime` sort key of a file record: `<uploaded>#<key>`, where
 * uploaded is the S3 event time, else the processing time. It is unique
 * within a bucket (one record per key), and stays put while a record is
 * rewritten for the same upload. A key near S3's 1,024 bytes makes it
 * longer than a sort key may be: it is bounded by {@link boundedKey}, which
 * keeps the upload time in front, so the order stays newest first.
 */
export function fileListingSortKey(record: {
  readonly key: string;
  readonly uploadedAt?: string | undefined;
  readonly processedAt: string;
}): string {
  return sortValue(`${record.uploadedAt ?? record.processedAt}#${record.key}`);
}

/** Item types of an article partition. */
export const ARTICLE_ITEM_TYPES = {
  /** A served article. */
  article: 'article',
  /** An entry whose text another article serves (`duplicateOf`). */
  duplicate: 'duplicate',
  /** A removed article: 410 until `expiresAt`. */
  deleted: 'deleted',
  /** A removed duplicate: never served, kept for ordering. */
  deletedDuplicate: 'deleted-duplicate',
} as const;
