/**
 * Which version a reprocess request reads: the rule that lets
 * `dropwire reprocess` re-read a bucket without weakening the order of S3's
 * own events.
 *
 * A request carries the ETag the bucket listing showed, and no sequencer: only
 * S3 can order an object's versions. So, against the object's file record:
 * - the same ETag: the recorded version is read again under its own
 *   sequencer, so it keeps owning its entries and an article stored as it
 *   would be written again costs no write (`unchanged`). A finished record
 *   stays served while the file is re-read: no `processing` record is
 *   written first, unless the file must be continued. A file that is
 *   `processing` starts a chain as a redelivered event would (refused
 *   while another chain is live);
 * - no record, or another ETag (an upload whose event was lost): a new
 *   version, with the smallest sequencer above the record's. Any later S3
 *   event of the key is greater still (S3's sequencers have 18 significant
 *   digits, padded to 32), so it is never taken for an old one;
 * - a `deleted` record: skipped. The listing saw the object before its
 *   delete was recorded, and reading it now could only bring back what the
 *   delete removed.
 * The read itself is still `If-Match` on the request's ETag, so an object
 * overwritten after it was listed is skipped too (its own event decides).
 */
import type { FileRecord } from '../store/file-record.ts';
import type { ObjectEvent } from './s3-events.ts';

/** What a reprocess request comes to. */
export type ReprocessVersion =
  | {
      readonly status: 'read';
      /** The request with its version's sequencer. */
      readonly event: ObjectEvent;
      /**
       * Whether it re-reads the recorded, finished version, whose record
       * stays in place until the new one is written (no `processing`
       * record first).
       */
      readonly recordStays: boolean;
    }
  | { readonly status: 'skipped'; readonly reason: string };

/** The version a reprocess request reads, given the object's file record. */
export function reprocessVersion(
  event: ObjectEvent,
  previous: FileRecord | undefined
): ReprocessVersion {
  if (previous?.status === 'deleted') {
    return {
      status: 'skipped',
      reason: `reprocess: the object was deleted at ${previous.deletedAt ?? previous.processedAt}, after it was listed`,
    };
  }
  if (previous && sameEtag(previous.etag, event.etag)) {
    return {
      status: 'read',
      recordStays: previous.status !== 'processing',
      event: {
        ...event,
        sequencer: previous.sequencer,
        eventTime: previous.uploadedAt ?? event.eventTime,
      },
    };
  }
  return {
    status: 'read',
    recordStays: false,
    event: { ...event, sequencer: justAfter(previous?.sequencer) },
  };
}

/** Whether two ETags name the same bytes (S3 quotes them in some places). */
function sameEtag(a: string | undefined, b: string | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.replaceAll('"', '') === b.replaceAll('"', '')
  );
}

/**
 * The sequencer right after `sequencer` (normalised: 32 hex digits), or
 * the first one above zero when there is none.
 */
export function justAfter(sequencer: string | undefined): string {
  const width = 32;
  const value = BigInt(`0x${sequencer || '0'}`) + 1n;
  return value.toString(16).toUpperCase().padStart(width, '0');
}
