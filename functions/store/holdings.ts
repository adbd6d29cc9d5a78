/**
 * The items of the holder model (see `article-store.ts`), as the store
 * reads and writes them: what a read tells about an article partition or a
 * content hash, and the transaction items that change them, each
 * conditional on the `rev` that was read.
 *
 * Pure: nothing here talks to DynamoDB.
 */
import type {
  AttributeValue,
  TransactWriteItem,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Origin } from '../core/index.ts';
import {
  articleKey,
  HOLDER_PREFIX,
  hashKey,
  holderKey,
  KEYS,
  listingSortKey,
  sourcePartition,
  sourceSortKey,
  TTL_ATTRIBUTE,
} from './table.ts';

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

/** Which version of which object an article came from. */
export interface SourceVersion {
  readonly bucket: string;
  readonly key: string;
  /** Normalised S3 event sequencer (see `normaliseSequencer`). */
  readonly sequencer: string;
  /**
   * The entry's place in its file (0 for a file read whole), which orders
   * the `byFile` index.
   * @default 0
   */
  readonly ordinal?: number | undefined;
}

/** What a read of an article partition's item tells. */
export interface OwnState {
  readonly id: string;
  /** The item as read, to copy from. */
  readonly item: Record<string, AttributeValue>;
  readonly type: string;
  /** 0 for items written before revisions were kept. */
  readonly rev: number;
  readonly contentHash?: string | undefined;
  readonly sourceRef?: string | undefined;
  readonly sourceSeq?: string | undefined;
  readonly expiresAt?: number | undefined;
}

/** What a read of a content hash's `HASH` item tells. */
export interface HashState {
  /** The article serving the text. */
  readonly articleId: string;
  readonly rev: number;
}

/** One holder of a text. */
export interface HolderState {
  readonly id: string;
  readonly sourceRef: string;
  readonly sourceSeq: string;
  readonly origin: Origin;
}

/** The state of an article partition's item, or undefined if none. */
export function ownStateOf(
  id: string,
  item: Record<string, AttributeValue> | undefined
): OwnState | undefined {
  if (!item) return undefined;
  return {
    id,
    item,
    type: item.type?.S ?? ARTICLE_ITEM_TYPES.article,
    rev: Number(item.rev?.N ?? 0),
    contentHash: item.contentHash?.S,
    sourceRef: item.sourceRef?.S,
    sourceSeq: item.sourceSeq?.S,
    expiresAt: item[TTL_ATTRIBUTE]?.N
      ? Number(item[TTL_ATTRIBUTE].N)
      : undefined,
  };
}

/** Whether an item holds a text: an article or a duplicate. */
export function holdsText(
  own: OwnState | undefined
): own is OwnState & { readonly contentHash: string } {
  return (
    own !== undefined &&
    own.contentHash !== undefined &&
    (own.type === ARTICLE_ITEM_TYPES.article ||
      own.type === ARTICLE_ITEM_TYPES.duplicate)
  );
}

/** The state of a `HASH` item, or undefined if none. */
export function hashStateOf(
  item: Record<string, AttributeValue> | undefined
): HashState | undefined {
  const articleId = item?.articleId?.S;
  if (!item || articleId === undefined) return undefined;
  return { articleId, rev: Number(item.rev?.N ?? 0) };
}

/** The holder a `HOLDER#` item describes. */
export function holderStateOf(
  item: Record<string, AttributeValue>
): HolderState | undefined {
  const sk = item[KEYS.sort]?.S ?? '';
  if (!sk.startsWith(HOLDER_PREFIX)) return undefined;
  const record = unmarshall(item);
  return {
    id: sk.slice(HOLDER_PREFIX.length),
    sourceRef: String(record.sourceRef),
    sourceSeq: String(record.sourceSeq),
    origin: record.origin as Origin,
  };
}

/**
 * The condition that what was read is still there: no item if none was
 * read, else the same `rev` (items from before revisions have none).
 */
function unchangedSince(state: { readonly rev: number } | undefined): {
  ConditionExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, AttributeValue>;
} {
  if (state === undefined) {
    return { ConditionExpression: 'attribute_not_exists(pk)' };
  }
  if (state.rev === 0) {
    return {
      ConditionExpression:
        'attribute_exists(pk) AND attribute_not_exists(#rev)',
      ExpressionAttributeNames: { '#rev': 'rev' },
    };
  }
  return {
    ConditionExpression: '#rev = :rev',
    ExpressionAttributeNames: { '#rev': 'rev' },
    ExpressionAttributeValues: { ':rev': { N: String(state.rev) } },
  };
}

/** The next `rev` after `state`'s. */
function nextRev(state: { readonly rev: number } | undefined): AttributeValue {
  return { N: String((state?.rev ?? 0) + 1) };
}

/** A Put of `item`, if the item read as `state` is unchanged. */
export function putIfUnchanged(
  tableName: string,
  item: Record<string, AttributeValue>,
  state: { readonly rev: number } | undefined
): TransactWriteItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...item, rev: nextRev(state) },
      ...unchangedSince(state),
    },
  };
}

/** The `HASH` item naming `articleId` as the text's server. */
export function serveHash(
  tableName: string,
  contentHash: string,
  articleId: string,
  state: HashState | undefined
): TransactWriteItem {
  return putIfUnchanged(
    tableName,
    marshall({ ...hashKey(contentHash), type: 'hash', articleId }),
    state
  );
}

/** A new `rev` of a `HASH` item: its holders changed, its server did not. */
export function touchHash(
  tableName: string,
  contentHash: string,
  state: HashState
): TransactWriteItem {
  const condition = unchangedSince(state);
  return {
    Update: {
      TableName: tableName,
      Key: marshall(hashKey(contentHash)),
      UpdateExpression: 'SET #rev = :next',
      ...condition,
      ExpressionAttributeNames: { '#rev': 'rev' },
      ExpressionAttributeValues: {
        ...condition.ExpressionAttributeValues,
        ':next': nextRev(state),
      },
    },
  };
}

/** The removal of a `HASH` item: no entry holds its text any more. */
export function deleteHash(
  tableName: string,
  contentHash: string,
  state: HashState
): TransactWriteItem {
  return {
    Delete: {
      TableName: tableName,
      Key: marshall(hashKey(contentHash)),
      ...unchangedSince(state),
    },
  };
}

/** The holder item of an entry. */
export function putHolder(
  tableName: string,
  article: {
    readonly id: string;
    readonly contentHash: string;
    readonly origin: Origin;
  },
  source: SourceVersion
): TransactWriteItem {
  return {
    Put: {
      TableName: tableName,
      Item: marshall(
        {
          ...holderKey(article.contentHash, article.id),
          type: 'holder',
          sourceRef: `${source.bucket}/${source.key}`,
          sourceSeq: source.sequencer,
          origin: article.origin,
        },
        { removeUndefinedValues: true }
      ),
    },
  };
}

/** The removal of an entry's holder item. */
export function deleteHolder(
  tableName: string,
  contentHash: string,
  id: string
): TransactWriteItem {
  return {
    Delete: { TableName: tableName, Key: marshall(holderKey(contentHash, id)) },
  };
}

/** The `byFile` index keys of an entry of a version. */
export function sourceIndexKeys(source: SourceVersion): Record<string, string> {
  return {
    [KEYS.sourcePartition]: sourcePartition(`${source.bucket}/${source.key}`),
    [KEYS.sourceSort]: sourceSortKey(source.sequencer, source.ordinal ?? 0),
  };
}

/** The `duplicate` item of an entry whose text `servedBy` serves. */
export function duplicateItem(
  article: { readonly id: string; readonly contentHash: string },
  source: SourceVersion,
  servedBy: string
): Record<string, AttributeValue> {
  return marshall({
    ...articleKey(article.id),
    type: ARTICLE_ITEM_TYPES.duplicate,
    id: article.id,
    duplicateOf: servedBy,
    contentHash: article.contentHash,
    sourceRef: `${source.bucket}/${source.key}`,
    sourceSeq: source.sequencer,
    ...sourceIndexKeys(source),
  });
}

/**
 * The article `served` moved to holder `to`'s id: the same item, under
 * `to`'s id, from `to`'s object (its origin, sequencer and index entry).
 */
export function movedArticle(
  served: OwnState,
  to: HolderState,
  toItem: OwnState | undefined
): Record<string, AttributeValue> {
  const record = unmarshall(served.item);
  const sortKey = listingSortKey({
    id: to.id,
    publishedAt: record.publishedAt,
    ingestedAt: String(record.ingestedAt),
  });
  const moved: Record<string, unknown> = {
    ...record,
    ...articleKey(to.id),
    id: to.id,
    origin: to.origin,
    sourceRef: to.sourceRef,
    sourceSeq: to.sourceSeq,
    [KEYS.timeSort]: sortKey,
  };
  if (record[KEYS.publisherSort] !== undefined) {
    moved[KEYS.publisherSort] = sortKey;
  }
  delete moved[KEYS.sourcePartition];
  delete moved[KEYS.sourceSort];
  // The index entry the duplicate had: the holder's place in its file.
  const partition = toItem?.item[KEYS.sourcePartition]?.S;
  const sort = toItem?.item[KEYS.sourceSort]?.S;
  if (partition && sort) {
    moved[KEYS.sourcePartition] = partition;
    moved[KEYS.sourceSort] = sort;
  }
  delete moved.rev;
  return marshall(moved, { removeUndefinedValues: true });
}

/**
 * The article `served`, its object removed at `removedSeq`, pointed at
 * holder `to`: the same text, `to`'s origin. It keeps its id and listing
 * place; it leaves its old object's `byFile` entries (`to`'s duplicate
 * item lists it there), and takes the removal's sequencer, so an older
 * event of the removed object cannot overwrite it.
 */
export function repointedArticle(
  served: OwnState,
  to: HolderState,
  removedSeq: string
): Record<string, AttributeValue> {
  const record = unmarshall(served.item);
  delete record[KEYS.sourcePartition];
  delete record[KEYS.sourceSort];
  delete record.rev;
  return marshall(
    { ...record, origin: to.origin, sourceSeq: removedSeq },
    { removeUndefinedValues: true }
  );
}

/** When a removal happened, and until when its tombstone is kept. */
export interface Removal {
  /** The sequencer of the event that removed it (delete or overwrite). */
  readonly sequencer: string;
  readonly removedAt: Date;
  /** Epoch seconds: the tombstone's `expiresAt`. */
  readonly expiresAt: number;
}

/** The tombstone of an article or duplicate. */
export function tombstoneOf(
  own: OwnState,
  removal: Removal
): Record<string, AttributeValue> {
  return marshall(
    {
      ...articleKey(own.id),
      type:
        own.type === ARTICLE_ITEM_TYPES.article
          ? ARTICLE_ITEM_TYPES.deleted
          : ARTICLE_ITEM_TYPES.deletedDuplicate,
      id: own.id,
      sourceRef: own.sourceRef,
      sourceSeq: removal.sequencer,
      deletedAt: removal.removedAt.toISOString(),
      [TTL_ATTRIBUTE]: removal.expiresAt,
    },
    { removeUndefinedValues: true }
  );
}
