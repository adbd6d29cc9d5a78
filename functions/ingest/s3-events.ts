/**
 * S3 event notifications inside SQS messages → the objects to ingest or
 * remove.
 *
 * S3 sends `s3:TestEvent` when a notification is configured: it names no
 * object and is skipped. `ObjectCreated:*` events are ingested;
 * `ObjectRemoved:*` events (a `DeleteObject`, or a delete marker on a
 * versioned bucket) remove what the object produced. Other events (restore,
 * replication, tagging) are skipped. Keys arrive URL-encoded the way S3
 * encodes them, with `+` for a space, and are decoded before use.
 *
 * `dropwire reprocess` sends the same shape ({@link reprocessBody}), its
 * records named {@link REPROCESS_EVENT_NAME}: a request to read an
 * object's current version again. It carries no sequencer of its own
 * (only S3 can order versions); ingest takes the file record's when the
 * ETag matches (`reprocess-version.ts`).
 */
import { DropwireError } from '../core/errors.ts';
import { normaliseSequencer } from '../store/file-record.ts';

/** What an event says happened to its object. */
export type ObjectEventKind = 'created' | 'removed';

/**
 * An object-created or object-removed event, decoded. `kind` is absent in
 * continuation messages written before deletes existed: `created`.
 */
export interface ObjectEvent {
  readonly kind?: ObjectEventKind | undefined;
  /**
   * A removal of one version (`ObjectRemoved:Delete` naming a version) of
   * a versioned bucket, which leaves the object's current version alone
   * unless it was that one.
   */
  readonly versionDeleted?: boolean | undefined;
  readonly bucket: string;
  /** The object key, URL-decoded. */
  readonly key: string;
  readonly sizeBytes?: number | undefined;
  readonly etag?: string | undefined;
  readonly versionId?: string | undefined;
  /** Normalised sequencer: orders events of one key. */
  readonly sequencer: string;
  /** When S3 processed the upload. */
  readonly eventTime?: string | undefined;
  /**
   * Sent by `dropwire reprocess`, not by S3: `sequencer` is a placeholder
   * that orders before every real event, until ingest chooses the version
   * (`reprocess-version.ts`).
   */
  readonly reprocess?: boolean | undefined;
}

/** The event name of a reprocess request's records. */
export const REPROCESS_EVENT_NAME = 'ObjectCreated:Reprocess';

/** The event source of a reprocess request's records (S3's is `aws:s3`). */
const REPROCESS_EVENT_SOURCE = 'dropwire:reprocess';

/**
 * A reprocess request's placeholder sequencer: the lowest there is, so
 * that anything reading it before the version is chosen (a dead-letter
 * mark) can never win over a real event.
 */
const REPROCESS_PLACEHOLDER = normaliseSequencer('0');

/** An object to read again, as a bucket listing describes it. */
export interface ReprocessObject {
  readonly key: string;
  readonly etag?: string | undefined;
  readonly sizeBytes?: number | undefined;
  /** When S3 stored it (the listing's `LastModified`): the event time. */
  readonly lastModified?: Date | undefined;
}

/**
 * The SQS message body asking ingest to read `object` of `bucket` again:
 * an S3 notification of one record, so the queue, the dead-letter views
 * and ingest read it as they read S3's.
 *
 * @example reprocessBody('drop', { key: 'a b.txt', etag: '"9b2c…"', sizeBytes: 812 })
 */
export function reprocessBody(bucket: string, object: ReprocessObject): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: '2.1',
        eventSource: REPROCESS_EVENT_SOURCE,
        eventName: REPROCESS_EVENT_NAME,
        ...(object.lastModified
          ? { eventTime: object.lastModified.toISOString() }
          : {}),
        s3: {
          bucket: { name: bucket },
          object: {
            key: encodeS3Key(object.key),
            ...(object.sizeBytes !== undefined
              ? { size: object.sizeBytes }
              : {}),
            ...(object.etag ? { eTag: object.etag.replaceAll('"', '') } : {}),
          },
        },
      },
    ],
  });
}

/** A message that is not an S3 event notification at all. */
export class MalformedMessageError extends DropwireError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MalformedMessageError';
  }
}

interface S3EventRecord {
  eventName?: unknown;
  eventTime?: unknown;
  s3?: {
    bucket?: { name?: unknown };
    object?: {
      key?: unknown;
      size?: unknown;
      eTag?: unknown;
      versionId?: unknown;
      sequencer?: unknown;
    };
  };
}

/**
 * Encodes a key the way S3 writes it into event notifications: form-style
 * URL encoding (`+` for a space), with `/` left as it is. The inverse of
 * {@link decodeS3Key}; local mode uses it to produce S3-shaped events.
 *
 * @example encodeS3Key('my file+1.txt') // 'my+file%2B1.txt'
 */
export function encodeS3Key(key: string): string {
  return encodeURIComponent(key).replace(/%20/gu, '+').replace(/%2F/gu, '/');
}

/**
 * Decodes an S3 event key: `+` is a space, then percent-decoding.
 *
 * @example decodeS3Key('my+file%2B1.txt') // 'my file+1.txt'
 */
export function decodeS3Key(key: string): string {
  return decodeURIComponent(key.replace(/\+/gu, ' '));
}

/**
 * The name {@link ObjectEvent} had when only created events were read; the
 * ingest path still calls it so where it reads objects.
 */
export type ObjectCreatedEvent = ObjectEvent;

/** The kind of an S3 event name, or undefined for events we skip. */
function kindOf(eventName: unknown): ObjectEventKind | undefined {
  const name = String(eventName);
  if (name.startsWith('ObjectCreated:')) return 'created';
  if (name.startsWith('ObjectRemoved:')) return 'removed';
  return undefined;
}

/**
 * The object-created and object-removed events in an SQS message body, in
 * the order S3 listed them.
 *
 * @returns an empty list for `s3:TestEvent` and for events of other types
 * @throws MalformedMessageError for a body that is not an S3 notification
 */
export function objectEvents(body: string): ObjectEvent[] {
  let message: unknown;
  try {
    message = JSON.parse(body);
  } catch (error) {
    throw new MalformedMessageError(
      `message body is not JSON: ${body.slice(0, 120)}`,
      { cause: error }
    );
  }
  if (isRecord(message) && message.Event === 's3:TestEvent') return [];
  if (!isRecord(message) || !Array.isArray(message.Records)) {
    throw new MalformedMessageError(
      `message is not an S3 event notification (no Records array): ${body.slice(0, 120)}`
    );
  }
  return (message.Records as S3EventRecord[])
    .filter((record) => kindOf(record.eventName) !== undefined)
    .map(toEvent);
}

/**
 * The object-created events in an SQS message body (removals left out).
 *
 * @throws MalformedMessageError for a body that is not an S3 notification
 */
export function objectCreatedEvents(body: string): ObjectCreatedEvent[] {
  return objectEvents(body).filter((event) => event.kind === 'created');
}

function toEvent(record: S3EventRecord): ObjectEvent {
  const bucket = record.s3?.bucket?.name;
  const object = record.s3?.object;
  if (typeof bucket !== 'string' || typeof object?.key !== 'string') {
    throw new MalformedMessageError(
      `S3 event record has no bucket name or object key: ${JSON.stringify(record).slice(0, 200)}`
    );
  }
  let key: string;
  try {
    key = decodeS3Key(object.key);
  } catch (error) {
    throw new MalformedMessageError(
      `S3 event key "${object.key}" is not valid URL encoding`,
      { cause: error }
    );
  }
  const size = Number(object.size);
  const kind = kindOf(record.eventName) ?? 'created';
  const versionId = nonEmptyString(object.versionId);
  // A sequencer in a reprocess request is ignored: no client can order
  // versions, and one too high would make S3's later events look old.
  const reprocess = record.eventName === REPROCESS_EVENT_NAME;
  return {
    kind,
    versionDeleted:
      kind === 'removed' &&
      record.eventName === 'ObjectRemoved:Delete' &&
      versionId !== undefined
        ? true
        : undefined,
    bucket,
    key,
    sequencer: reprocess
      ? REPROCESS_PLACEHOLDER
      : sequencerOf(object.sequencer, record.eventTime),
    sizeBytes: Number.isSafeInteger(size) && size >= 0 ? size : undefined,
    etag: nonEmptyString(object.eTag),
    versionId,
    eventTime:
      typeof record.eventTime === 'string' ? record.eventTime : undefined,
    ...(reprocess ? { reprocess } : {}),
  };
}

/**
 * S3 sends a sequencer with every PUT; an event without one (a hand-made
 * or replayed message) is ordered by its event time instead.
 */
function sequencerOf(sequencer: unknown, eventTime: unknown): string {
  if (typeof sequencer === 'string' && /^[0-9a-f]+$/iu.test(sequencer)) {
    return normaliseSequencer(sequencer);
  }
  const ms = typeof eventTime === 'string' ? Date.parse(eventTime) : Number.NaN;
  return normaliseSequencer(Number.isNaN(ms) ? '0' : ms.toString(16));
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
