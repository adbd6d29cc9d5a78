/**
 * What local mode adds to s3rver so that no request can bring it down and
 * reads behave as S3's do.
 *
 * - Long key segments: s3rver stores an object at a file path made of its
 *   key (`a/b.txt` → `a/b.txt._S3rver_object`), and a file name longer than
 *   the file system's limit (255 bytes on Linux and macOS) failed with
 *   `ENAMETOOLONG` on an unhandled stream `'error'`, which ended the
 *   process. S3 keys may be 1,024 bytes in one segment. A segment longer
 *   than {@link MAX_SEGMENT_BYTES} is stored as a chain of folders, each
 *   piece but the last marked with {@link CONTINUED}; listings join them
 *   back, so clients see the key they sent.
 * - Keys over 1,024 bytes are refused with S3's `KeyTooLongError` (400);
 *   keys with a `.` or `..` segment with `InvalidArgument` (400), since
 *   s3rver would resolve them to a path outside their bucket (S3 takes them
 *   as names; local mode cannot store them).
 * - Writes that fail in the file system answer a 500 `InternalError`
 *   instead of raising an unhandled `'error'` event.
 * - `If-Match` on GET and HEAD: s3rver ignores it; S3 answers 412
 *   `PreconditionFailed` when the object's ETag differs, which is how the
 *   ingest function notices an object overwritten after its event.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type S3rver from 's3rver';

/** S3's limit on a key's length, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;

/**
 * The longest key segment stored as one file name: 255 bytes (the usual
 * `NAME_MAX`) less the longest suffix s3rver appends
 * (`._S3rver_metadata.json`, 22 bytes) and the continuation mark.
 */
export const MAX_SEGMENT_BYTES = 200;

/** Marks a folder that holds the first part of a longer key segment. */
export const CONTINUED = '._S3rver_continued';

const require = createRequire(import.meta.url);

/** The parts of s3rver's internals this module works with. */
interface FilesystemStoreClass {
  encodeKeyPath(key: string): string;
  decodeKeyPath(keyPath: string): string;
  prototype: {
    getResourcePath(bucket: string, key?: string, resource?: string): string;
    putMetadata(
      bucket: string,
      key: string,
      metadata: unknown,
      md5: string
    ): Promise<void>;
    getMetadata(bucket: string, key: string): Promise<{ etag: string }>;
    putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
  };
}
interface S3ErrorClass {
  new (code: string, message: string, detail?: object): Error;
}
interface KoaContext {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
}
type Middleware = (
  context: KoaContext,
  next: () => Promise<void>
) => Promise<void>;
/** An object as s3rver's controllers hand it to the store. */
interface StoredObject {
  readonly bucket: string;
  readonly key: string;
  readonly metadata: unknown;
  readonly content: Buffer | NodeJS.ReadableStream;
}

const FilesystemStore: FilesystemStoreClass = require('s3rver/lib/stores/filesystem');
const S3Error: S3ErrorClass = require('s3rver/lib/models/error');

/**
 * A key as a relative path the file system accepts: each segment longer
 * than {@link MAX_SEGMENT_BYTES} becomes pieces of at most that size (cut
 * between characters), all but the last followed by {@link CONTINUED}.
 *
 * @example encodeKeyPath('a/' + 'x'.repeat(300)) // 'a/xxx…(200)._S3rver_continued/xxx…(100)'
 */
export function encodeKeyPath(key: string): string {
  return key
    .split('/')
    .map((segment) => splitSegment(segment).join(`${CONTINUED}/`))
    .join('/');
}

/** The key a path made by {@link encodeKeyPath} stands for. */
export function decodeKeyPath(keyPath: string): string {
  return keyPath.replaceAll(`${CONTINUED}/`, '');
}

function splitSegment(segment: string): string[] {
  const pieces: string[] = [];
  let piece = '';
  let bytes = 0;
  for (const char of segment) {
    const size = Buffer.byteLength(char);
    if (bytes + size > MAX_SEGMENT_BYTES) {
      pieces.push(piece);
      piece = '';
      bytes = 0;
    }
    piece += char;
    bytes += size;
  }
  pieces.push(piece);
  return pieces;
}

let patched = false;

/**
 * Applies the guards to an s3rver instance before it runs. The store's
 * key encoding is patched once per process (s3rver calls it statically);
 * the request checks are added to this instance.
 */
export function guardS3rver(s3rver: S3rver): void {
  if (!patched) {
    patched = true;
    // s3rver's own encoding only escapes Windows' reserved characters;
    // local mode is for Linux and macOS.
    FilesystemStore.encodeKeyPath = encodeKeyPath;
    FilesystemStore.decodeKeyPath = decodeKeyPath;
    FilesystemStore.prototype.putObject = putObject;
  }
  const app = s3rver as unknown as {
    middleware: Middleware[];
    store: FilesystemStoreClass['prototype'];
  };
  // First in the chain: a refusal needs nothing s3rver does.
  app.middleware.unshift(checkRequest(app.store));
}

/**
 * s3rver's putObject, with every stream's errors handled: a file system
 * error rejects the request (500) instead of ending the process.
 */
async function putObject(
  this: FilesystemStoreClass['prototype'],
  object: StoredObject
): Promise<{ size: number; md5: string }> {
  const path = this.getResourcePath(object.bucket, object.key, 'object');
  await mkdir(dirname(path), { recursive: true });
  const md5 = createHash('md5');
  let size = 0;
  const source =
    object.content instanceof Buffer ? [object.content] : object.content;
  await pipeline(
    source,
    new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        md5.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    }),
    createWriteStream(path)
  );
  const digest = md5.digest('hex');
  await this.putMetadata(object.bucket, object.key, object.metadata, digest);
  return { size, md5: digest };
}

/** The bucket and key of a path-style object request, if it is one. */
function objectOf(path: string): { bucket: string; key: string } | undefined {
  const match = /^\/([^/]+)\/(.+)$/su.exec(path);
  if (!match) return undefined;
  try {
    return {
      bucket: decodeURIComponent(match[1] as string),
      key: decodeURIComponent(match[2] as string),
    };
  } catch {
    // Bad %-encoding: s3rver's router answers it.
    return undefined;
  }
}

function checkRequest(store: FilesystemStoreClass['prototype']): Middleware {
  return async (context, next) => {
    const object = objectOf(context.path);
    if (object) {
      const { bucket, key } = object;
      const bytes = Buffer.byteLength(key);
      if (bytes > MAX_KEY_BYTES) {
        throw new S3Error('KeyTooLongError', 'Your key is too long', {
          Size: bytes,
          MaxSizeAllowed: MAX_KEY_BYTES,
        });
      }
      if (key.split('/').some((segment) => /^\.{1,2}$/u.test(segment))) {
        throw new S3Error(
          'InvalidArgument',
          `local mode cannot store a key with a "." or ".." segment: "${key}"`,
          { ArgumentName: 'key', ArgumentValue: key }
        );
      }
      const ifMatch = context.headers['if-match'];
      if (
        typeof ifMatch === 'string' &&
        (context.method === 'GET' || context.method === 'HEAD')
      ) {
        await checkIfMatch(store, bucket, key, ifMatch);
      }
    }
    await next();
  };
}

async function checkIfMatch(
  store: FilesystemStoreClass['prototype'],
  bucket: string,
  key: string,
  ifMatch: string
): Promise<void> {
  let etag: string;
  try {
    ({ etag } = await store.getMetadata(bucket, key));
  } catch {
    // No such object: s3rver answers NoSuchKey, as S3 does.
    return;
  }
  const wanted = ifMatch.split(',').map((tag) => tag.trim());
  if (wanted.includes('*') || wanted.includes(etag)) return;
  throw new S3Error(
    'PreconditionFailed',
    'At least one of the pre-conditions you specified did not hold',
    { Condition: 'If-Match' }
  );
}
