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
  ARTICLE_ITEM_TYPES,
  articleKey,
  CLAIM_PREFIX,
  claimKey,
  HOLDER_PREFIX,
  hashKey,
  holderKey,
  KEYS,
  listingSortKey,
  sourcePartition,
  sourceSortKey,
  TTL_ATTRIBUTE,
} from './table.ts';

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
  /** The S3 event's time (ISO 8601), which ranks it against other keys. */
  readonly eventTime?: string | undefined;
  /** The version's ETag, for a claim to re-read it by (`putClaim`). */
  readonly etag?: string | undefined;
}

/**
 * The rank of an entry's version of a URL-derived id, against another
 * object's: `<date>#<eventTime>#<sequencer>`, where `date` is the article's
 * `modifiedAt`, else its `publishedAt`, and `eventTime` the S3 event's
 * time, each as UTC ISO 8601 with milliseconds (a date alone is its
 * midnight UTC), or empty when absent or unreadable. Such strings sort as
 * their times do, so a plain string comparison says which is newer: the
 * newer date wins; without dates (or the same), the newer event; the
 * sequencer only breaks an exact tie (it orders one key's events, not two
 * keys', but is the same for both readers of a pair). An item written
 * before ranks were kept has none, and ranks below every save.
 */
export function rankOf(
  article: {
    readonly modifiedAt?: string | undefined;
    readonly publishedAt?: string | undefined;
  },
  source: SourceVersion
): string {
  const date = utcIso(article.modifiedAt ?? article.publishedAt);
  return `${date}#${utcIso(source.eventTime)}#${source.sequencer}`;
}

/** `value` as UTC ISO 8601 with milliseconds, or '' if none or unreadable. */
function utcIso(value: string | undefined): string {
  if (value === undefined) return '';
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return '';
  const iso = new Date(ms).toISOString();
  // Years past 9999 (`+010000-…`) would not sort as strings: unreadable.
  return iso.length === 24 ? iso : '';
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
  /** Its version's rank (`rankOf`); undefined for items from before ranks. */
  readonly rank?: string | undefined;
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
    rank: item.rank?.S,
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
  article: {
    readonly id: string;
    readonly contentHash: string;
    readonly modifiedAt?: string | undefined;
    readonly publishedAt?: string | undefined;
  },
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
    ...rankAttributes(article, source),
    ...sourceIndexKeys(source),
  });
}

/**
 * The rank of an article or duplicate item and its version's ETag: what
 * a later save from another object compares itself with, and what that
 * save's claim for this version, if it displaces it, re-reads it by.
 */
export function rankAttributes(
  article: {
    readonly modifiedAt?: string | undefined;
    readonly publishedAt?: string | undefined;
  },
  source: SourceVersion
): Record<string, string> {
  return {
    rank: rankOf(article, source),
    ...(source.etag ? { sourceEtag: source.etag } : {}),
  };
}

/** An object's claim on an article id it yields but does not hold. */
export interface ClaimState {
  readonly bucket: string;
  readonly key: string;
  readonly etag?: string | undefined;
}

/**
 * The claim of a version (`source`, of rank `rank`) on article `id`: it
 * yields the id, and an object of higher rank holds it. When that object
 * lets go of the id, the claimant's object is read again
 * (`ArticleStore.removeEntries`).
 */
export function putClaim(
  tableName: string,
  id: string,
  source: SourceVersion,
  rank: string
): TransactWriteItem {
  return {
    Put: {
      TableName: tableName,
      Item: marshall(
        {
          ...claimKey(id, `${source.bucket}/${source.key}`),
          type: 'claim',
          bucket: source.bucket,
          key: source.key,
          etag: source.etag,
          rank,
        },
        { removeUndefinedValues: true }
      ),
    },
  };
}

/**
 * The claim of the version that wrote `own`, which a save from another
 * object is displacing; undefined if `own` does not say which it was.
 */
export function putDisplacedClaim(
  tableName: string,
  own: OwnState
): TransactWriteItem | undefined {
  const ref = own.sourceRef;
  const slash = ref?.indexOf('/') ?? -1;
  if (ref === undefined || slash < 0 || own.sourceSeq === undefined) {
    return undefined;
  }
  return putClaim(
    tableName,
    own.id,
    {
      bucket: ref.slice(0, slash),
      key: ref.slice(slash + 1),
      sequencer: own.sourceSeq,
      etag: own.item.sourceEtag?.S,
    },
    own.rank ?? ''
  );
}

/** The removal of an object's claim on an id (it now holds the id). */
export function deleteClaim(
  tableName: string,
  id: string,
  ref: string
): TransactWriteItem {
  return {
    Delete: { TableName: tableName, Key: marshall(claimKey(id, ref)) },
  };
}

/** The claim a claim item describes. */
export function claimStateOf(
  item: Record<string, AttributeValue>
): ClaimState | undefined {
  if (!(item[KEYS.sort]?.S ?? '').startsWith(CLAIM_PREFIX)) return undefined;
  const bucket = item.bucket?.S;
  const key = item.key?.S;
  if (bucket === undefined || key === undefined) return undefined;
  return { bucket, key, etag: item.etag?.S };
}

/**
 * Marks the item read as `own` as claimed, if it is unchanged: a removal
 * of it then looks for claims (`ArticleStore.removeEntries`), and one
 * that read it before the mark is cancelled by the new `rev`.
 */
export function markClaimed(
  tableName: string,
  own: OwnState
): TransactWriteItem {
  const condition = unchangedSince(own);
  return {
    Update: {
      TableName: tableName,
      Key: marshall(articleKey(own.id)),
      UpdateExpression: 'SET #rev = :next, #claimed = :true',
      ...condition,
      ExpressionAttributeNames: { '#rev': 'rev', '#claimed': CLAIMED },
      ExpressionAttributeValues: {
        ...condition.ExpressionAttributeValues,
        ':next': nextRev(own),
        ':true': { BOOL: true },
      },
    },
  };
}

/**
 * The attribute that says an article partition has claims: set on its
 * item when one is written, and kept by every later item of the id (the
 * claims stay until their object takes the id), so a removal of an
 * unclaimed id costs no Query.
 */
export const CLAIMED = 'claimed';

/** Whether the item read as `own` says its id has claims. */
export function isClaimed(own: OwnState | undefined): boolean {
  return own?.item[CLAIMED]?.BOOL === true;
}

/** `item` with the claimed mark if `claimed`. */
export function withClaimed(
  item: Record<string, AttributeValue>,
  claimed: boolean
): Record<string, AttributeValue> {
  return claimed ? { ...item, [CLAIMED]: { BOOL: true } } : item;
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
  // The holder's version's rank and claims, as its duplicate item kept them.
  moved.rank = toItem?.item.rank?.S;
  moved.sourceEtag = toItem?.item.sourceEtag?.S;
  moved[CLAIMED] = isClaimed(toItem) || undefined;
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
  // Its object is gone: any object yielding the id outranks it.
  delete record.rank;
  delete record.sourceEtag;
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
      [CLAIMED]: isClaimed(own) || undefined,
    },
    { removeUndefinedValues: true }
  );
}
