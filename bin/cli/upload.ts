/**
 * `dropwire upload <files | dirs> [--bucket name]`: puts files in the drop
 * bucket, with a progress bar and a summary.
 *
 * Without `--bucket` it uploads to the running local stack; with it, to a
 * real bucket with the normal AWS credential chain (profile, SSO, env).
 * A directory is walked recursively and each file's key is its path inside
 * it; a single file's key is its name. `--prefix` goes before every key.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SingleBar } from 'cli-progress';
import { createS3Client } from '../../functions/store/clients.ts';
import { localClientOptions } from '../local/servers.ts';
import { readLocalState } from './local-state.ts';

/** Options of {@link uploadCommand}. */
export interface UploadOptions {
  readonly paths: readonly string[];
  readonly bucket?: string | undefined;
  readonly region?: string | undefined;
  readonly prefix?: string | undefined;
  readonly dataDir?: string | undefined;
  /** Uploads in flight at once. @default 8 */
  readonly concurrency?: number;
  /** Show the progress bar (off when stderr is not a terminal). */
  readonly progress?: boolean;
}

interface FileToUpload {
  readonly path: string;
  readonly key: string;
  readonly size: number;
}

/** Uploads the files; returns the number that failed. */
export async function uploadCommand(options: UploadOptions): Promise<number> {
  const files = await collect(options.paths, options.prefix ?? '');
  if (files.length === 0) throw new Error('no files to upload');
  const { client, bucket, where } = target(options);
  const bar = new SingleBar({
    format:
      'uploading {bar} {value}/{total} files | {percentage}% | {duration_formatted}',
    noTTYOutput: false,
    stream: process.stderr,
  });
  const progress = options.progress ?? process.stderr.isTTY;
  if (progress) bar.start(files.length, 0);
  const started = performance.now();
  const failures: string[] = [];
  let next = 0;
  let bytes = 0;
  await Promise.all(
    Array.from({ length: options.concurrency ?? 8 }, async () => {
      while (next < files.length) {
        const file = files[next++] as FileToUpload;
        try {
          await put(client, bucket, file);
          bytes += file.size;
        } catch (error) {
          failures.push(
            `${file.path}: ${error instanceof Error ? error.message : String(error)}`
          );
        }
        if (progress) bar.increment();
      }
    })
  );
  if (progress) bar.stop();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `uploaded ${files.length - failures.length} of ${files.length} files (${(bytes / 1e6).toFixed(2)} MB) to ${where} in ${seconds.toFixed(1)} s`
  );
  for (const failure of failures) console.error(`failed: ${failure}`);
  if (failures.length === 0 && !options.bucket) {
    console.log(
      'follow them with `npx dropwire status <key>` or in the npm start window'
    );
  }
  return failures.length;
}

function target(options: UploadOptions): {
  client: S3Client;
  bucket: string;
  where: string;
} {
  if (options.bucket) {
    return {
      client: createS3Client({
        region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
      }),
      bucket: options.bucket,
      where: `s3://${options.bucket}`,
    };
  }
  const state = readLocalState(options.dataDir);
  return {
    client: createS3Client(
      localClientOptions({ s3Endpoint: state.s3Endpoint })
    ),
    bucket: state.bucket,
    where: `the local stack (${state.s3Endpoint}/${state.bucket})`,
  };
}

async function put(
  client: S3Client,
  bucket: string,
  file: FileToUpload
): Promise<void> {
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: file.key,
      Body: await readFile(file.path),
    })
  );
}

/** Every file under the paths, with its key. */
async function collect(
  paths: readonly string[],
  prefix: string
): Promise<FileToUpload[]> {
  const files: FileToUpload[] = [];
  for (const path of paths) {
    const info = await stat(path);
    if (info.isFile()) {
      files.push({ path, key: prefix + basename(path), size: info.size });
      continue;
    }
    for (const entry of await readdir(path, {
      recursive: true,
      withFileTypes: true,
    })) {
      if (!entry.isFile() || entry.name.startsWith('.')) continue;
      const full = join(entry.parentPath, entry.name);
      const key = prefix + relative(path, full).split(sep).join('/');
      files.push({ path: full, key, size: (await stat(full)).size });
    }
  }
  return files;
}
