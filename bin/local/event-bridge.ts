/**
 * The event bridge: s3rver's object events → S3-shaped SQS messages.
 *
 * s3rver emits an event for every bucket, with the key as it is (real S3
 * URL-encodes it, `+` for a space) and a millisecond timestamp as the
 * sequencer (two uploads in one millisecond would tie). The bridge applies
 * the stack's notification filter (object-created and object-removed events
 * of the drop bucket only), encodes keys as S3 does, and gives every event a sequencer greater
 * than any before it, so the handler sees what it would see in AWS.
 */
import { decodeS3Key, encodeS3Key } from '../../functions/ingest/s3-events.ts';

/** The parts of an s3rver event (one of `Records`) the bridge reads. */
interface S3rverRecord {
  eventName?: string;
  s3?: {
    bucket?: { name?: string };
    object?: { key?: string; sequencer?: string };
  };
}

let lastSequencer = 0n;

/** A sequencer greater than every earlier one, also across restarts. */
export function nextSequencer(): string {
  const fromClock = BigInt(Date.now()) << 16n;
  lastSequencer = fromClock > lastSequencer ? fromClock : lastSequencer + 1n;
  return lastSequencer.toString(16).toUpperCase();
}

/**
 * The SQS message body for an s3rver event, or undefined when the stack's
 * notification would not have sent it.
 */
export function toNotification(
  event: unknown,
  dropBucket: string
): string | undefined {
  const records = (event as { Records?: S3rverRecord[] }).Records ?? [];
  const wanted = records.filter(
    (r) =>
      (r.eventName?.startsWith('ObjectCreated:') ||
        r.eventName?.startsWith('ObjectRemoved:')) &&
      r.s3?.bucket?.name === dropBucket
  );
  if (wanted.length === 0) return undefined;
  return JSON.stringify({
    Records: wanted.map((record) => ({
      ...record,
      eventVersion: '2.1',
      awsRegion: 'local',
      s3: {
        ...record.s3,
        object: {
          ...record.s3?.object,
          key: encodeS3Key(record.s3?.object?.key ?? ''),
          sequencer: nextSequencer(),
        },
      },
    })),
  });
}

/** The object keys an S3 notification message names (empty if none). */
export function messageKeys(body: string): string[] {
  try {
    const message = JSON.parse(body) as { Records?: S3rverRecord[] };
    return (message.Records ?? []).map((r) =>
      decodeS3Key(r.s3?.object?.key ?? '')
    );
  } catch {
    return [];
  }
}
