/**
 * The article table's layout: written once, used by the stack, the tests
 * and local mode.
 *
 * One table, several item types, told apart by their keys:
 *
 * | item | pk | sk | notes |
 * |---|---|---|---|
 * | article | `ARTICLE#<id>` | `ARTICLE` | the article; `text` is derived on read |
 * | content hash | `HASH#<contentHash>` | `HASH` | which article holds this text |
 * | file record | `FILE#<bucket>/<key>` | `FILE` | what became of an uploaded object |
 *
 * Two global secondary indexes serve the read API without a Scan:
 * - `byTime`: `gsi1pk` = `TIME#<yyyy-mm>` (the month of `publishedAt`, or of
 *   `ingestedAt` for undated articles), `gsi1sk` = `<sort date>#<id>`;
 *   newest first within a month is a reverse Query.
 * - `byPublisher`: `gsi2pk` = `PUB#<publisher, lower case>`, same sort key.
 * Both project the summary fields, so a listing page is one Query.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/** Attribute names of the keys. */
export const KEYS = {
  partition: 'pk',
  sort: 'sk',
  timePartition: 'gsi1pk',
  timeSort: 'gsi1sk',
  publisherPartition: 'gsi2pk',
  publisherSort: 'gsi2sk',
} as const;

/** Index names. */
export const INDEXES = {
  byTime: 'byTime',
  byPublisher: 'byPublisher',
} as const;

/** Fields the indexes project: what a listing needs. */
export const SUMMARY_ATTRIBUTES = [
  'id',
  'title',
  'standfirst',
  'publisher',
  'authors',
  'publishedAt',
  'url',
  'language',
  'wordCount',
  'ingestedAt',
] as const;

/** The table's shape, in terms both the SDK and CDK can use. */
export const TABLE_DEFINITION = {
  partitionKey: KEYS.partition,
  sortKey: KEYS.sort,
  indexes: [
    {
      name: INDEXES.byTime,
      partitionKey: KEYS.timePartition,
      sortKey: KEYS.timeSort,
    },
    {
      name: INDEXES.byPublisher,
      partitionKey: KEYS.publisherPartition,
      sortKey: KEYS.publisherSort,
    },
  ],
  projectedAttributes: SUMMARY_ATTRIBUTES,
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
    GlobalSecondaryIndexes: TABLE_DEFINITION.indexes.map((index) => ({
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: {
        ProjectionType: 'INCLUDE',
        NonKeyAttributes: [...TABLE_DEFINITION.projectedAttributes],
      },
    })),
  };
}

/** Key of an article item. */
export function articleKey(id: string): Record<string, string> {
  return { [KEYS.partition]: `ARTICLE#${id}`, [KEYS.sort]: 'ARTICLE' };
}

/** Key of a content-hash item. */
export function hashKey(contentHash: string): Record<string, string> {
  return { [KEYS.partition]: `HASH#${contentHash}`, [KEYS.sort]: 'HASH' };
}

/** Key of a file record. */
export function fileKey(bucket: string, key: string): Record<string, string> {
  return { [KEYS.partition]: `FILE#${bucket}/${key}`, [KEYS.sort]: 'FILE' };
}

/** The date an article sorts by: published, else ingested. */
export function sortDate(article: {
  readonly publishedAt?: string | undefined;
  readonly ingestedAt: string;
}): string {
  return article.publishedAt ?? article.ingestedAt;
}

/** The `byTime` partition of a date: its month. */
export function timeBucket(date: string): string {
  return `TIME#${date.slice(0, 7)}`;
}

/** The `byPublisher` partition of a publisher name. */
export function publisherBucket(publisher: string): string {
  return `PUB#${publisher.trim().toLowerCase()}`;
}
