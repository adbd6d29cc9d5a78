/**
 * FileProgressStore: the `processing` file record of a file being read,
 * and the chain of invocations that reads it.
 *
 * A file is read by a chain: its first invocation, then one per
 * continuation (see `functions/ingest/continuation.ts`). The chain's state
 * lives in the file record, not in the messages: a random chain token,
 * the step (the invocation the chain is at), where to resume (entries
 * handled, and for formats that allow it the byte offset and line), and
 * whether the message for the current step was sent. The counts, first
 * problems and article ids so far are the record's own fields, so
 * `GET /files/{key}` shows them while the file is read.
 *
 * What the conditions guarantee:
 * - a step is claimed once: handing off step k to k + 1 is conditional on
 *   the record being at (token, k), so two deliveries of one message, or a
 *   redelivered first event after the chain moved on, cannot both go on
 *   and the counts never double;
 * - a first event starts a chain unless a chain of the same version has
 *   already handed off (a redelivered event: the chain goes on without
 *   it) and is still alive ({@link PROCESSING_STALE_MS});
 * - no write of an older version replaces a newer one's record
 *   (sequencers, as for every file record).
 * The item's `chain` attribute is internal: `getFileRecord` leaves it out.
 */
import { randomUUID } from 'node:crypto';
import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ResumePoint } from '../core/index.ts';
import {
  fileRecordFromItem,
  fileRecordItem,
  isConditionFailure,
} from './file-item.ts';
import type { FileRecord } from './file-record.ts';
import { fileKey } from './table.ts';

/**
 * Where the next invocation of a file resumes (the core's resume point):
 * entries handled so far, and for uncompressed UTF-8 JSON Lines the byte
 * offset of the next line, read with a ranged GET.
 */
export type { ResumePoint };

/** The chain reading one version of a file: the item's `chain` attribute. */
export interface ChainState {
  readonly token: string;
  /** The invocation the chain is at: 1 for the first. */
  readonly step: number;
  readonly resume: ResumePoint;
  /** Whether the message of this step was sent (always true at step 1). */
  readonly sent: boolean;
}

/** A file record with its chain, as the store holds it. */
export interface ChainedRecord {
  readonly record: FileRecord;
  readonly chain?: ChainState | undefined;
}

/** Outcome of a conditional write of the chain. */
export type ChainWrite = 'written' | 'refused';

/** Outcome of a conditional write of the record and chain. */
export interface ChainStart {
  readonly status: ChainWrite;
  /** The sequencer of the record it replaced; undefined if none. */
  readonly previousSequencer?: string | undefined;
}

/**
 * How long a `processing` record may go without progress before it counts
 * as stalled: 30 minutes. A live chain writes its record at each
 * continuation (at most every function timeout, 30 s by default) and a
 * failing message is retried within 5 receives × the 182 s visibility
 * timeout, about 15 minutes: past twice that, the chain is gone (its
 * message dead-lettered without the record being marked, e.g. the
 * function timed out on its last receive). A stalled record is reported
 * as such by `dropwire status`, and a new event of the same version may
 * start over.
 */
export const PROCESSING_STALE_MS = 30 * 60_000;

/** The attribute holding the chain. */
export const CHAIN_ATTRIBUTE = 'chain';

/** Options of {@link FileProgressStore}. */
export interface FileProgressStoreOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

/** A new chain's token. */
export function newChainToken(): string {
  return randomUUID();
}

/** Names and values the conditions below share. */
const NAMES = {
  '#status': 'status',
  '#chain': CHAIN_ATTRIBUTE,
  '#token': 'token',
  '#step': 'step',
} as const;

/** A condition on a file-record item, as a write request takes it. */
export interface WriteCondition {
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames?: Record<string, string> | undefined;
  readonly ExpressionAttributeValues?:
    | Record<string, AttributeValue>
    | undefined;
}

/**
 * The condition of a final file-record write for version `:seq`: no record,
 * an older version's, or this version's when it is not being read by
 * another chain (a file read again is written again).
 */
export function finalWriteCondition(
  sequencer: string,
  chainToken: string | undefined
): {
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues: Record<string, AttributeValue>;
} {
  return {
    ConditionExpression:
      'attribute_not_exists(pk) OR sequencer < :seq OR (sequencer = :seq AND (#status <> :processing OR #chain.#token = :token))',
    ExpressionAttributeNames: {
      '#status': NAMES['#status'],
      '#chain': NAMES['#chain'],
      '#token': NAMES['#token'],
    },
    ExpressionAttributeValues: {
      ':seq': { S: sequencer },
      ':processing': { S: 'processing' },
      // No chain (a write outside one): matches no token.
      ':token': { S: chainToken ?? '' },
    },
  };
}

/**
 * What a reading last knew of its file record: nothing there (`absent`),
 * the record it read (`read`, not its own), or its own `processing` record
 * (`chain`, the token it started).
 */
export type KnownRecord =
  | { readonly kind: 'absent' }
  | { readonly kind: 'read'; readonly record: FileRecord }
  | { readonly kind: 'chain'; readonly token: string };

/**
 * The condition that the record is still as `known` says: a write of the
 * final record with the last articles, in one transaction, is then
 * decided on what was read, like the articles' own writes (their `rev`).
 * A record read is matched by its sequencer, status and `processedAt`
 * (every write sets it).
 */
export function recordCondition(known: KnownRecord): WriteCondition {
  if (known.kind === 'absent') {
    return { ConditionExpression: 'attribute_not_exists(pk)' };
  }
  if (known.kind === 'chain') {
    return {
      ConditionExpression: '#chain.#token = :token',
      ExpressionAttributeNames: {
        '#chain': NAMES['#chain'],
        '#token': NAMES['#token'],
      },
      ExpressionAttributeValues: { ':token': { S: known.token } },
    };
  }
  return {
    ConditionExpression:
      'sequencer = :seq AND #status = :status AND processedAt = :at',
    ExpressionAttributeNames: { '#status': NAMES['#status'] },
    ExpressionAttributeValues: {
      ':seq': { S: known.record.sequencer },
      ':status': { S: known.record.status },
      ':at': { S: known.record.processedAt },
    },
  };
}

/** A file-record item as a record and its chain. */
export function chainedRecordOf(
  item: Record<string, AttributeValue>
): ChainedRecord {
  return {
    record: fileRecordFromItem(item),
    chain: unmarshall(item)[CHAIN_ATTRIBUTE] as ChainState | undefined,
  };
}

/** Reads and writes the chain of a file being read. */
export class FileProgressStore {
  readonly #client: DynamoDBClient;
  readonly #tableName: string;

  public constructor(options: FileProgressStoreOptions) {
    this.#client = options.client;
    this.#tableName = options.tableName;
  }

  /** The file record of `bucket`/`key` with its chain, if there is one. */
  public async load(
    bucket: string,
    key: string
  ): Promise<ChainedRecord | undefined> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#tableName,
        Key: marshall(fileKey(bucket, key)),
        ConsistentRead: true,
      })
    );
    return Item ? chainedRecordOf(Item) : undefined;
  }

  /**
   * Starts a chain: writes the `processing` record of a version being read
   * from its start.
   *
   * @returns `refused` when a newer version has a record, or a live chain
   *   of this version has handed off (then this is a redelivered event);
   *   else the sequencer of the record it replaced, if there was one
   */
  public async start(
    record: FileRecord,
    chain: ChainState,
    now: Date
  ): Promise<ChainStart> {
    const staleBefore = new Date(now.getTime() - PROCESSING_STALE_MS);
    return this.#put(
      record,
      chain,
      {
        ConditionExpression:
          'attribute_not_exists(pk) OR sequencer < :seq OR (sequencer = :seq AND (#status <> :processing OR #chain.#step = :one OR processedAt < :stale))',
        ExpressionAttributeNames: {
          '#status': NAMES['#status'],
          '#chain': NAMES['#chain'],
          '#step': NAMES['#step'],
        },
        ExpressionAttributeValues: {
          ':seq': { S: record.sequencer },
          ':processing': { S: 'processing' },
          ':one': { N: '1' },
          ':stale': { S: staleBefore.toISOString() },
        },
      },
      // What it replaced: an older version's record means that version's
      // entries may need removing at the end.
      true
    );
  }

  /**
   * Claims the next step: writes the record with what the chain has come
   * to, at `next`, if it is still at `from` (the same token and step).
   * `next.sent` is false until {@link markSent}.
   *
   * @returns `refused` when another delivery claimed the step first, or a
   *   new chain or version took the record over
   */
  public async handOff(
    record: FileRecord,
    from: Pick<ChainState, 'token' | 'step'>,
    next: ChainState
  ): Promise<ChainWrite> {
    const { status } = await this.#put(record, next, {
      ConditionExpression:
        'sequencer = :seq AND #chain.#token = :token AND #chain.#step = :step',
      ExpressionAttributeNames: {
        '#chain': NAMES['#chain'],
        '#token': NAMES['#token'],
        '#step': NAMES['#step'],
      },
      ExpressionAttributeValues: {
        ':seq': { S: record.sequencer },
        ':token': { S: from.token },
        ':step': { N: String(from.step) },
      },
    });
    return status;
  }

  /** Notes that the message of the chain's current step was sent. */
  public async markSent(
    record: Pick<FileRecord, 'bucket' | 'key'>,
    chain: Pick<ChainState, 'token' | 'step'>
  ): Promise<ChainWrite> {
    try {
      await this.#client.send(
        new UpdateItemCommand({
          TableName: this.#tableName,
          Key: marshall(fileKey(record.bucket, record.key)),
          UpdateExpression: 'SET #chain.#sent = :true',
          ConditionExpression:
            '#chain.#token = :token AND #chain.#step = :step',
          ExpressionAttributeNames: {
            '#chain': NAMES['#chain'],
            '#token': NAMES['#token'],
            '#step': NAMES['#step'],
            '#sent': 'sent',
          },
          ExpressionAttributeValues: {
            ':true': { BOOL: true },
            ':token': { S: chain.token },
            ':step': { N: String(chain.step) },
          },
        })
      );
      return 'written';
    } catch (error) {
      if (isConditionFailure(error)) return 'refused';
      throw error;
    }
  }

  /**
   * Records that a version's message failed its last receive: a
   * `dead-letter` record, unless the version was finished meanwhile (by
   * another delivery) or a newer version has a record.
   */
  public async putDeadLetter(record: FileRecord): Promise<ChainWrite> {
    const { status } = await this.#put(record, undefined, {
      ConditionExpression:
        'attribute_not_exists(pk) OR sequencer < :seq OR (sequencer = :seq AND #status = :processing)',
      ExpressionAttributeNames: { '#status': NAMES['#status'] },
      ExpressionAttributeValues: {
        ':seq': { S: record.sequencer },
        ':processing': { S: 'processing' },
      },
    });
    return status;
  }

  async #put(
    record: FileRecord,
    chain: ChainState | undefined,
    condition: WriteCondition,
    returnOld = false
  ): Promise<ChainStart> {
    try {
      const { Attributes } = await this.#client.send(
        new PutItemCommand({
          TableName: this.#tableName,
          Item: fileRecordItem(
            record,
            chain ? { [CHAIN_ATTRIBUTE]: chain } : {}
          ),
          ...condition,
          ...(returnOld ? { ReturnValues: 'ALL_OLD' as const } : {}),
        })
      );
      return { status: 'written', previousSequencer: Attributes?.sequencer?.S };
    } catch (error) {
      if (isConditionFailure(error)) return { status: 'refused' };
      throw error;
    }
  }
}
