/**
 * Bench section `streaming`: a 200 MB JSON Lines file of 100,000 articles
 * through the streaming FileParser, with the peak memory (RSS) it needs.
 *
 * The file is generated under the OS temp folder (never committed) and
 * read three ways, each in a fresh Node process so that each peak RSS is
 * its own:
 * - `disk`: a file stream (64 KiB chunks) → FileParser, as the CLI does;
 * - `gzip`: the same file gzipped, inflated as it streams;
 * - `s3`: uploaded to s3rver and read back with ObjectSource.open, the
 *   ingest function's read path (the store is left out: 100,000 DynamoDB
 *   Local transactions would measure DynamoDB Local, not the stream).
 * The bar: peak RSS under 512 MB.
 *
 * `npm run bench:streaming [-- <articles>]` (default 100,000).
 */
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { FileParser } from '../../functions/core/index.ts';
import { writeJsonLines } from './jsonl-corpus.ts';

const DEFAULT_ARTICLES = 100_000;
/** Bytes of body per article, so that 100,000 articles make ~200 MB. */
const TARGET_LINE_BYTES = 2150;
const RSS_BAR_MB = 512;
const MB = 1024 * 1024;

const [mode, file] = process.argv.slice(2);
if (mode === '--child') await child(file as string, process.argv[4] as string);
else await main(Number(mode) || DEFAULT_ARTICLES);

async function main(count: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'dropwire-bench-stream-'));
  try {
    const path = join(dir, 'articles.jsonl');
    const started = performance.now();
    await writeJsonLines(path, count, TARGET_LINE_BYTES);
    const gz = `${path}.gz`;
    await pipeline(createReadStream(path), createGzip(), createWriteStream(gz));
    console.log(
      `generated ${count.toLocaleString('en')} articles: ${mb(statSync(path).size)} MB JSON Lines, ${mb(statSync(gz).size)} MB gzipped (${seconds(started)} s)`
    );
    console.log(
      '\nreader  file MB  articles  problems  seconds  MB/s  articles/s  peak RSS MB'
    );
    let worst = 0;
    for (const [name, target] of [
      ['disk', path],
      ['gzip', gz],
      ['s3', path],
    ] as const) {
      const run = spawnSync(
        process.execPath,
        [fileURLToPath(import.meta.url), '--child', target, name],
        { encoding: 'utf8', maxBuffer: 16 * MB }
      );
      if (run.status !== 0) {
        console.error(run.stderr);
        throw new Error(`${name} reader failed (exit ${run.status})`);
      }
      const result = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}');
      worst = Math.max(worst, result.peakRssMb);
      console.log(
        [
          name.padEnd(6),
          String(mb(statSync(target).size)).padStart(8),
          result.articles.toLocaleString('en').padStart(9),
          String(result.problems).padStart(9),
          result.seconds.toFixed(1).padStart(8),
          (statSync(path).size / MB / result.seconds).toFixed(1).padStart(5),
          Math.round(result.articles / result.seconds)
            .toLocaleString('en')
            .padStart(11),
          String(result.peakRssMb).padStart(12),
        ].join('  ')
      );
    }
    console.log(
      `\npeak RSS ${worst} MB at most: ${worst < RSS_BAR_MB ? 'under' : 'OVER'} the ${RSS_BAR_MB} MB bar`
    );
    if (worst >= RSS_BAR_MB) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One reader, in its own process: prints a JSON line of figures. */
async function child(path: string, reader: string): Promise<void> {
  const started = performance.now();
  const parser = new FileParser({
    key: reader === 'gzip' ? 'articles.jsonl.gz' : 'articles.jsonl',
  });
  let articles = 0;
  let problems = 0;
  const take = (step: {
    articles: readonly unknown[];
    problems: readonly unknown[];
  }) => {
    articles += step.articles.length;
    problems += step.problems.length;
  };
  const body =
    reader === 's3'
      ? await s3Body(path)
      : { stream: createReadStream(path), stop: async () => {} };
  try {
    for await (const chunk of body.stream as AsyncIterable<Uint8Array>) {
      take(parser.push(chunk));
    }
    take(parser.end());
  } finally {
    await body.stop();
  }
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(
    JSON.stringify({
      articles,
      problems,
      seconds: seconds(started) / 1,
      peakRssMb,
    })
  );
}

/** The file uploaded to a fresh s3rver, and its body read back as a stream. */
async function s3Body(path: string) {
  const { startS3Server, localClientOptions } = await import(
    '../../bin/local/servers.ts'
  );
  const { createS3Client } = await import('../../functions/store/clients.ts');
  const { objectSource } = await import(
    '../../functions/ingest/dependencies.ts'
  );
  const { CreateBucketCommand, PutObjectCommand } = await import(
    '@aws-sdk/client-s3'
  );
  const directory = mkdtempSync(join(tmpdir(), 'dropwire-bench-s3-'));
  const server = await startS3Server({ directory });
  const s3 = createS3Client(
    localClientOptions({ s3Endpoint: server.endpoint })
  );
  await s3.send(new CreateBucketCommand({ Bucket: 'bench' }));
  await s3.send(
    new PutObjectCommand({
      Bucket: 'bench',
      Key: 'articles.jsonl',
      Body: createReadStream(path),
      ContentLength: statSync(path).size,
    })
  );
  const source = objectSource({ s3 }, { maxObjectBytes: 1024 * MB });
  const object = await source.open({ bucket: 'bench', key: 'articles.jsonl' });
  return {
    stream: object.body,
    stop: async () => {
      object.close();
      await server.stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

function seconds(since: number): number {
  return Math.round((performance.now() - since) / 100) / 10;
}

function mb(bytes: number): number {
  return Math.round(bytes / MB);
}
