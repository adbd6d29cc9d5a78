/**
 * Reconciliation at start: every object S3 acknowledged gets ingested.
 *
 * The local queue saves its messages at most every 200 ms, so a process
 * killed with SIGKILL can lose the messages of the last uploads it
 * acknowledged (three of 1,000 in a measured run). At start, the drop
 * bucket is listed against the file records: an object with no record of
 * its current ETag, and no message waiting for its key, is queued again,
 * as the S3 event it lost. Processing is idempotent, so an object queued
 * twice is stored once.
 */
import { ListObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { FileRecord } from '../../functions/store/file-record.ts';
import { toNotification } from './event-bridge.ts';

/** What reconciliation needs. */
export interface ReconcileOptions {
  readonly s3: S3Client;
  readonly bucket: string;
  /** The file record of a key, if it was processed. */
  readonly fileRecord: (key: string) => Promise<FileRecord | undefined>;
  /** Keys that have a message waiting in the queue, or a dead letter. */
  readonly queuedKeys: ReadonlySet<string>;
  /** Sends an S3 notification body to the queue. */
  readonly send: (body: string) => void;
}

/** File records read at once. */
const CONCURRENCY = 8;

/**
 * Queues every object of the bucket that has neither a file record of its
 * ETag nor a waiting message (nor a dead letter).
 *
 * @returns the keys queued
 */
export async function reconcileBucket(
  options: ReconcileOptions
): Promise<string[]> {
  const queued: string[] = [];
  let marker: string | undefined;
  do {
    // ListObjects (v1): s3rver's v2 continuation tokens need OpenSSL's
    // legacy provider; v1 pages by the last key.
    const page = await options.s3.send(
      new ListObjectsCommand({ Bucket: options.bucket, Marker: marker })
    );
    const objects = page.Contents ?? [];
    for (let i = 0; i < objects.length; i += CONCURRENCY) {
      await Promise.all(
        objects.slice(i, i + CONCURRENCY).map(async (object) => {
          const key = object.Key;
          if (key === undefined || options.queuedKeys.has(key)) return;
          const etag = unquoted(object.ETag);
          const record = await options.fileRecord(key);
          if (record && (!etag || unquoted(record.etag) === etag)) return;
          const body = toNotification(
            {
              Records: [
                {
                  eventName: 'ObjectCreated:Put',
                  eventTime: (object.LastModified ?? new Date()).toISOString(),
                  s3: {
                    bucket: { name: options.bucket },
                    object: { key, size: object.Size, eTag: etag },
                  },
                },
              ],
            },
            options.bucket
          );
          if (body) {
            options.send(body);
            queued.push(key);
          }
        })
      );
    }
    marker = page.IsTruncated ? objects.at(-1)?.Key : undefined;
  } while (marker !== undefined);
  return queued;
}

function unquoted(etag: string | undefined): string | undefined {
  return etag?.replaceAll('"', '') || undefined;
}
