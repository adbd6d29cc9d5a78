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
      error,
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
