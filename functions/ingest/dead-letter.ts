/**
 * Marking a file whose message failed its last receive as `dead-letter`.
 *
 * SQS moves a message to the dead-letter queue after `maxReceiveCount`
 * receives, and nothing runs then: the handler itself, on the failure of
 * the last receive (`ApproximateReceiveCount` = `maxReceiveCount`), writes
 * the file record `dead-letter` with the error, keeping what a
 * `processing` record had counted. A file is thus never left
 * `processing` by a fault the handler sees. One it does not see (the
 * function timing out or running out of memory on the last receive)
 * leaves its record `processing` without progress: `dropwire status`
 * calls it stalled past `PROCESSING_STALE_MS`.
 *
 * The error is told as name, message and where it was thrown (the top
 * frame of its stack, {@link errorWhere}): the record is what a person
 * reads first, and SQS keeps the message without its error.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSRecord } from 'aws-lambda';
import type { FileProgressStore } from '../store/file-progress.ts';
import { deadLetterFileRecord } from '../store/file-record.ts';
import type { ObjectCreatedEvent } from './s3-events.ts';

/** What {@link markIfLastReceive} needs. */
export interface DeadLetterOptions {
  readonly progress: FileProgressStore;
  readonly logger: Logger;
  /** @default unset: nothing is marked */
  readonly maxReceiveCount?: number | undefined;
  /** @default the current time */
  readonly now?: (() => Date) | undefined;
}

/**
 * Marks `event`'s file `dead-letter` if `message` failed its last receive.
 * Never throws: the message fails either way, with its own error.
 */
export async function markIfLastReceive(
  options: DeadLetterOptions,
  event: ObjectCreatedEvent,
  message: Pick<SQSRecord, 'attributes'>,
  error: Error
): Promise<void> {
  const receives = Number(message.attributes?.ApproximateReceiveCount);
  const max = options.maxReceiveCount;
  if (max === undefined || !Number.isSafeInteger(receives) || receives < max) {
    return;
  }
  try {
    const before = await options.progress.load(event.bucket, event.key);
    const now = options.now?.() ?? new Date();
    const record = deadLetterFileRecord(
      event,
      { name: error.name, message: error.message, where: errorWhere(error) },
      receives,
      now,
      before?.record.sequencer === event.sequencer ? before.record : undefined
    );
    await options.progress.putDeadLetter(record);
  } catch (markError) {
    options.logger.error('could not mark the file dead-letter', {
      key: event.key,
      bucket: event.bucket,
      error: markError,
    });
  }
}

/** Most characters of a frame kept by {@link errorWhere}. */
export const MAX_WHERE_CHARS = 300;

/** A stack line that is a frame: `    at fn (file:line:column)`. */
const FRAME = /^\s*at (.+)$/mu;

/**
 * Where `error` was thrown: the top frame of its stack, paths relative to
 * the working folder (`/var/task` in Lambda), at most
 * {@link MAX_WHERE_CHARS} characters; undefined if it has no frame.
 *
 * @example
 * errorWhere(new Error('x')); // 'fn (functions/ingest/x.ts:3:9)'
 */
export function errorWhere(error: Error): string | undefined {
  const frame = FRAME.exec(error.stack ?? '')?.[1];
  if (frame === undefined) return undefined;
  const relative = frame
    .replaceAll('file://', '')
    .replaceAll(`${process.cwd()}/`, '');
  return relative.length > MAX_WHERE_CHARS
    ? `${relative.slice(0, MAX_WHERE_CHARS - 1)}…`
    : relative;
}

/** An error as one line: `Name: message (at where)`. */
export function describeError(error: Error): string {
  const where = errorWhere(error);
  return `${error.name}: ${error.message}${where ? ` (at ${where})` : ''}`;
}
