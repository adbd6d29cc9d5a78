/**
 * ObjectSource: reads uploaded objects from S3, within a size limit.
 *
 * It reads exactly the version an event names: by `VersionId` in versioned
 * buckets, else with `If-Match` on the event's ETag, so a newer upload is
 * never processed under an older event's sequencer.
 *
 * Bodies are streamed with a running byte count: the ingest function
 * parses each chunk as it arrives (see `FileParser`), so the limit bounds
 * the work, not the memory.
 */
import type { Readable } from 'node:stream';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  ObjectChangedError,
  ObjectNotFoundError,
  ObjectTooLargeError,
} from './errors.ts';

/** Which object (and which version of it) to read. */
export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
  readonly versionId?: string | undefined;
  readonly etag?: string | undefined;
  /** The size the event reported, checked before any byte is read. */
  readonly sizeBytes?: number | undefined;
}

/** What S3 knows about an object. */
export interface ObjectInfo {
  readonly contentType?: string | undefined;
  readonly metadata: Readonly<Record<string, string>>;
  readonly etag?: string | undefined;
  readonly versionId?: string | undefined;
}

/** An object's body as a stream, and what S3 knows about it. */
export interface ObjectStream extends ObjectInfo {
  /** The body in chunks; counting stops it at the size limit. */
  readonly body: AsyncIterable<Uint8Array>;
  /** Its size, when S3 said. */
  readonly sizeBytes?: number | undefined;
  /** Stops reading (the rest of the body is not downloaded). */
  close(): void;
}

/** Options of {@link ObjectSource}. */
export interface ObjectSourceOptions {
  readonly client: S3Client;
  /** Largest object read, in bytes. */
  readonly maxBytes: number;
}

/** Reads objects named by S3 events. */
export class ObjectSource {
  readonly #client: S3Client;
  readonly #maxBytes: number;

  public constructor(options: ObjectSourceOptions) {
    this.#client = options.client;
    this.#maxBytes = options.maxBytes;
  }

  /**
   * Opens an object for reading as a stream: the ingest path for files of
   * any size. The size limit is checked against the event and the
   * response first, then counted as chunks arrive.
   *
   * @throws ObjectTooLargeError over the size limit (also from the body)
   * @throws ObjectNotFoundError if it was deleted
   * @throws ObjectChangedError if it was overwritten since the event
   */
  public async open(ref: ObjectRef): Promise<ObjectStream> {
    if (ref.sizeBytes !== undefined && ref.sizeBytes > this.#maxBytes) {
      throw new ObjectTooLargeError(ref.sizeBytes, this.#maxBytes);
    }
    const response = await this.#get(ref);
    const body = response.Body as Readable | undefined;
    const length = response.ContentLength;
    if (length !== undefined && length > this.#maxBytes) {
      body?.destroy();
      throw new ObjectTooLargeError(length, this.#maxBytes);
    }
    const maxBytes = this.#maxBytes;
    async function* counted(): AsyncGenerator<Uint8Array> {
      if (!body) return;
      let total = 0;
      for await (const chunk of body as AsyncIterable<Uint8Array>) {
        total += chunk.length;
        if (total > maxBytes) {
          body.destroy();
          throw new ObjectTooLargeError(total, maxBytes);
        }
        yield chunk;
      }
    }
    return {
      body: counted(),
      close: () => body?.destroy(),
      metadata: response.Metadata ?? {},
      sizeBytes: length,
      // S3 leaves out what it does not know; an empty value is no better.
      contentType: response.ContentType || undefined,
      etag: response.ETag || undefined,
      versionId: response.VersionId || undefined,
    };
  }

  async #get(ref: ObjectRef) {
    try {
      return await this.#client.send(
        new GetObjectCommand({
          Bucket: ref.bucket,
          Key: ref.key,
          ...(ref.versionId
            ? { VersionId: ref.versionId }
            : ref.etag
              ? { IfMatch: quoted(ref.etag) }
              : {}),
        })
      );
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (
        name === 'NoSuchKey' ||
        name === 'NotFound' ||
        name === 'NoSuchVersion'
      ) {
        throw new ObjectNotFoundError(
          `s3://${ref.bucket}/${ref.key} no longer exists (${name}); it was deleted before it could be read`,
          { cause: error }
        );
      }
      if (name === 'PreconditionFailed') {
        throw new ObjectChangedError(
          `s3://${ref.bucket}/${ref.key} was overwritten after this event (ETag ${ref.etag} no longer matches)`,
          { cause: error }
        );
      }
      throw error;
    }
  }
}

function quoted(etag: string): string {
  return etag.startsWith('"') ? etag : `"${etag}"`;
}
