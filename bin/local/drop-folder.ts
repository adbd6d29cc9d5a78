/**
 * The drop folder: files copied into it are uploaded to the drop bucket.
 *
 * The key is the file's path relative to the folder, with `/` separators.
 * A file is uploaded only once its size has stopped changing for a moment
 * (chokidar's awaitWriteFinish), so a large copy is never picked up half
 * written. Hidden files and the temporary files of editors, browsers and
 * downloads are never uploaded (see {@link isIgnored}): they are half
 * written by nature, or not meant to be shared. Files that are already in
 * the bucket with the same content (same MD5 ETag) are not uploaded again,
 * so a restart does not re-ingest the whole folder.
 *
 * The folder mirrors the bucket: deleting a file from it deletes its
 * object (and so its articles). A file whose object was deleted from the
 * bucket directly is not uploaded again on restart unless it changed
 * since (see {@link DropFolderOptions.deletedFromBucket}).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import {
  DeleteObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { type FSWatcher, watch } from 'chokidar';

/** Options of {@link watchDropFolder}. */
export interface DropFolderOptions {
  readonly folder: string;
  readonly bucket: string;
  readonly client: S3Client;
  /** How long a file's size must hold still before upload. @default 300 ms */
  readonly settleMs?: number;
  /** Called after each upload, or with the error of a failed one. */
  readonly onUpload?: (key: string, error?: Error) => void;
  /** Called after each delete, or with the error of a failed one. */
  readonly onDelete?: ((key: string, error?: Error) => void) | undefined;
  /**
   * Whether the object `key` with this MD5 (hex) was deleted from the
   * bucket: such a file is not uploaded again.
   * @default never: every file missing from the bucket is uploaded
   */
  readonly deletedFromBucket?:
    | ((key: string, md5: string) => Promise<boolean>)
    | undefined;
}

/**
 * Endings of temporary files, in any case: editors' backups and swap files,
 * partial downloads of browsers and download tools.
 */
export const TEMPORARY_SUFFIXES = [
  '~',
  '.part',
  '.partial',
  '.crdownload',
  '.download',
  '.tmp',
  '.swp',
  '.swx',
] as const;

/**
 * Whether a path inside the drop folder is never uploaded: a hidden file,
 * one in a hidden folder (a name starting with `.`), or a temporary file.
 */
export function isIgnored(relativePath: string): boolean {
  if (relativePath.split(/[/\\]/u).some((name) => name.startsWith('.'))) {
    return true;
  }
  const lower = relativePath.toLowerCase();
  return TEMPORARY_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

/** Starts watching; returns the watcher (close it to stop). */
export async function watchDropFolder(
  options: DropFolderOptions
): Promise<FSWatcher> {
  const watcher = watch(options.folder, {
    ignored: (path) => isIgnored(relative(options.folder, path)),
    awaitWriteFinish: {
      stabilityThreshold: options.settleMs ?? 300,
      pollInterval: 50,
    },
  });
  const keyOf = (path: string) =>
    relative(options.folder, path).split(sep).join('/');
  const upload = async (path: string) => {
    const key = keyOf(path);
    try {
      const body = await readFile(path);
      if (!(await alreadyUploaded(options, key, body))) {
        await options.client.send(
          new PutObjectCommand({ Bucket: options.bucket, Key: key, Body: body })
        );
        options.onUpload?.(key);
      }
    } catch (error) {
      options.onUpload?.(
        key,
        error instanceof Error ? error : new Error(String(error))
      );
    }
  };
  const remove = async (path: string) => {
    const key = keyOf(path);
    try {
      await options.client.send(
        new DeleteObjectCommand({ Bucket: options.bucket, Key: key })
      );
      options.onDelete?.(key);
    } catch (error) {
      options.onDelete?.(
        key,
        error instanceof Error ? error : new Error(String(error))
      );
    }
  };
  watcher.on('add', upload).on('change', upload).on('unlink', remove);
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return watcher;
}

async function alreadyUploaded(
  options: DropFolderOptions,
  key: string,
  body: Uint8Array
): Promise<boolean> {
  const md5 = createHash('md5').update(body).digest('hex');
  try {
    const head = await options.client.send(
      new HeadObjectCommand({ Bucket: options.bucket, Key: key })
    );
    return head.ETag?.replaceAll('"', '') === md5;
  } catch {
    // Not in the bucket: deleted from it on purpose, or never uploaded.
    return (await options.deletedFromBucket?.(key, md5)) ?? false;
  }
}
