/**
 * ObjectSource: reads uploaded objects from S3, within a size limit.
 *
 * It reads exactly the version an event names: by `VersionId` in versioned
 * buckets, else with `If-Match` on the event's ETag, so a newer upload is
 * never processed under an older event's sequencer. A version can still be
 * read after it stopped being the object (a newer version, or a delete
 * marker, took its place): for an event with a version id, one HeadObject
 * of the key (no version) says which version is current, and a version no
 * longer current is not read (the event is skipped; the newer version's
 * or the delete's own event decides). S3 answers that HEAD with the
 * current `VersionId`, or 404 when the newest version is a delete marker;
 * without a `VersionId` in the answer (an unversioned bucket, local mode's
 * s3rver) the version counts as current.
 *
 * Bodies are streamed with a running byte count: the ingest function
 * parses each chunk as it arrives (see `FileParser`), so the limit bounds
 * the work, not the memory. A continued file may be read from a byte
 * offset (a ranged GET, `Range: bytes=<offset>-`), of the same version.
 */
import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
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
   * response first, then counted as chunks arrive. From `fromByte` on,
   * if given: `sizeBytes` is still the whole object's, and the count
   * starts at `fromByte`; at or past the end, the body is empty.
   *
   * @throws ObjectTooLargeError over the size limit (also from the body)
   * @throws ObjectNotFoundError if it was deleted
   * @throws ObjectChangedError if it was overwritten since the event, or
   *   the version it names is no longer current (superseded or deleted)
   */
  public async open(ref: ObjectRef, fromByte = 0): Promise<ObjectStream> {
    if (ref.sizeBytes !== undefined && ref.sizeBytes > this.#maxBytes) {
      throw new ObjectTooLargeError(ref.sizeBytes, this.#maxBytes);
    }
    if (ref.versionId) await this.#assertCurrent(ref, ref.versionId);
    if (
      ref.sizeBytes !== undefined &&
      fromByte > 0 &&
      fromByte >= ref.sizeBytes
    ) {
      return emptyRest(ref);
    }
    const response = await this.#get(ref, fromByte);
    if (!response) return emptyRest(ref);
    const body = response.Body as Readable | undefined;
    const length =
      fromByte > 0
        ? totalOfRange(response.ContentRange)
        : response.ContentLength;
    if (length !== undefined && length > this.#maxBytes) {
      body?.destroy();
      throw new ObjectTooLargeError(length, this.#maxBytes);
    }
    const maxBytes = this.#maxBytes;
    async function* counted(): AsyncGenerator<Uint8Array> {
      if (!body) return;
      let total = fromByte;
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

  /**
   * Throws unless `versionId` is the object's current version (or S3 does
   * not say which is: no versioning).
   */
  async #assertCurrent(ref: ObjectRef, versionId: string): Promise<void> {
    let current: string | undefined;
    try {
      ({ VersionId: current } = await this.#client.send(
        new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key })
      ));
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name !== 'NotFound' && name !== 'NoSuchKey') throw error;
      throw new ObjectChangedError(
        `version ${versionId} of s3://${ref.bucket}/${ref.key} is no longer current: the object was deleted`,
        { cause: error }
      );
    }
    if (current && current !== versionId) {
      throw new ObjectChangedError(
        `version ${versionId} of s3://${ref.bucket}/${ref.key} is no longer current: version ${current} superseded it`
      );
    }
  }

  /** The GET response, or undefined when `fromByte` is past the end. */
  async #get(ref: ObjectRef, fromByte: number) {
    try {
      return await this.#client.send(
        new GetObjectCommand({
          Bucket: ref.bucket,
          Key: ref.key,
          ...(fromByte > 0 ? { Range: `bytes=${fromByte}-` } : {}),
          ...(ref.versionId
            ? { VersionId: ref.versionId }
            : ref.etag
              ? { IfMatch: quoted(ref.etag) }
              : {}),
        })
      );
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      // 416: the range starts at or past the end (nothing is left to read).
      if (name === 'InvalidRange' && fromByte > 0) return undefined;
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

/** The rest of an object read to its end already: no bytes. */
function emptyRest(ref: ObjectRef): ObjectStream {
  return {
    body: (async function* () {})(),
    close: () => undefined,
    metadata: {},
    sizeBytes: ref.sizeBytes,
    etag: ref.etag,
    versionId: ref.versionId,
  };
}

/** The whole size in a `Content-Range: bytes 10-99/100` header. */
function totalOfRange(contentRange: string | undefined): number | undefined {
  const total = contentRange?.match(/\/(\d+)$/u)?.[1];
  return total === undefined ? undefined : Number(total);
}

function quoted(etag: string): string {
  return etag.startsWith('"') ? etag : `"${etag}"`;
}
