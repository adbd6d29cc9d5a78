/**
 * Bench section `long-file` (issue 17): one long JSON Lines file through
 * the local stack, beside the parser alone on the same file, then many
 * small files (section `local-load`).
 *
 * - Generates ~30 MB of JSON Lines: 21,000 distinct articles of ~1.4 KB.
 * - Parses it from disk with the FileParser alone: articles/s, the bound
 *   a write path could reach.
 * - Starts the local stack in this process, as `npm start` does
 *   (`startLocalStack`: s3rver, DynamoDB Local, the queue, the real
 *   ingest handler), uploads the file through its S3 API and waits for
 *   the file's final line. Prints articles/s from the end of the upload,
 *   the DynamoDB calls per article by command (a counting middleware on
 *   the stack's own client), the peak RSS of this Node process (the
 *   ingest function with s3rver and the API beside it; Java is not in it)
 *   and DynamoDB Local's CPU share while the file was written.
 * - Runs the ingest function alone, as Lambda would (`ingest-child.ts`):
 *   a child Node process with the heap limits of the deployed memory
 *   size, the real handler fed the file's S3 event and its continuation
 *   messages, one invocation of the deployed timeout each, against the
 *   same s3rver and DynamoDB Local (a bucket and table of its own, so its
 *   articles are new too). Prints its articles/s, invocations and peak
 *   RSS against the 400 MB target.
 * - Runs `local-load.bench.ts`: 1,000 small files through `npm start`,
 *   files/s and DynamoDB Local's CPU share.
 *
 * `npm run bench -- long-file [-- <articles>]` (default 21,000).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { toNotification } from '../../bin/local/event-bridge.ts';
import {
  type LocalStack,
  startLocalStack,
} from '../../bin/local/local-stack.ts';
import { ensureTable } from '../../bin/local/table-setup.ts';
import {
  DEFAULT_MAX_STREAM_BYTES,
  FileParser,
} from '../../functions/core/index.ts';
import { INGEST_DEFAULTS } from '../../lib/defaults.ts';
import { countRequests } from '../support/requests.ts';
import { ingestInChildProcess } from './ingest-child.ts';
import { writeJsonLines } from './jsonl-corpus.ts';
import { javaCpuSeconds } from './proc-stats.ts';

const DEFAULT_ARTICLES = 21_000;
/** Bytes per line: 21,000 lines make ~30 MB, as in issue 17's file. */
const LINE_BYTES = 1430;
const TARGET_ARTICLES_PER_S = 400;
/** Issue 17: the ingest function's peak RSS on the long file, at 1,024 MB. */
const TARGET_PEAK_RSS_MB = 400;
/** The bucket and table of the function run alone. */
const ALONE_BUCKET = 'dropwire-bench-alone';
const ALONE_TABLE = 'dropwire-bench-alone';
const MB = 1024 * 1024;
const KEY = 'long/articles.jsonl';

const count = Number(process.argv[2]) || DEFAULT_ARTICLES;
const root = mkdtempSync(join(tmpdir(), 'dropwire-bench-long-'));
try {
  const path = join(root, 'articles.jsonl');
  await writeJsonLines(path, count, LINE_BYTES);
  const bytes = statSync(path).size;
  console.log(
    `long-file: ${count.toLocaleString('en')} articles, ${(bytes / MB).toFixed(1)} MB of JSON Lines`
  );

  const parsed = await parseOnly(path);
  const parsePerS = parsed.articles / parsed.seconds;
  console.log(
    `  parse only (FileParser from disk): ${parsed.articles} articles in ${parsed.seconds.toFixed(1)} s, ${parsePerS.toFixed(0)} articles/s`
  );

  const written = await throughLocalStack(path, bytes);
  const writePerS = count / written.seconds;
  console.log(
    `  through the local stack (DynamoDB: ${written.engine}): ${written.line}`
  );
  console.log(
    `  ${count} articles in ${written.seconds.toFixed(1)} s from the end of the upload: ${writePerS.toFixed(0)} articles/s (target ≥ ${TARGET_ARTICLES_PER_S}: ${writePerS >= TARGET_ARTICLES_PER_S ? 'met' : 'NOT met'}); write/parse ${(writePerS / parsePerS).toFixed(3)}`
  );
  const total = [...written.calls.values()].reduce((a, b) => a + b, 0);
  console.log(
    `  DynamoDB calls per article: ${(total / count).toFixed(3)} (${[
      ...written.calls,
    ]
      .map(([name, n]) => `${name} ${(n / count).toFixed(3)}`)
      .join(', ')})`
  );
  console.log(
    `  peak RSS of the Node process (ingest, s3rver, API): ${written.peakRssMb} MB; CPU share while writing (CPU time / wall time): DynamoDB Local ${written.javaShare.toFixed(2)}, Node ${written.nodeShare.toFixed(2)}`
  );
  // CPU time per article does not depend on what else the machine runs.
  const msPerArticle = (share: number) =>
    ((share * written.seconds * 1000) / count).toFixed(2);
  console.log(
    `  CPU per article written: DynamoDB Local ${msPerArticle(written.javaShare)} ms, Node ${msPerArticle(written.nodeShare)} ms; parse alone ${((parsed.cpuSeconds * 1000) / parsed.articles).toFixed(2)} ms`
  );
  const alone = written.alone;
  console.log(
    `  the ingest function alone (a child process at ${alone.memoryMb} MB, ${alone.timeoutS} s per invocation, as Lambda runs it): ${alone.invocations} invocations, ${count} articles in ${alone.seconds.toFixed(1)} s, ${(count / alone.seconds).toFixed(0)} articles/s; CPU per article: DynamoDB Local ${((alone.javaSeconds * 1000) / count).toFixed(2)} ms, the function ${((alone.cpuSeconds * 1000) / count).toFixed(2)} ms`
  );
  console.log(
    `  peak RSS of the ingest function alone: ${alone.peakRssMb} MB (target ≤ ${TARGET_PEAK_RSS_MB} MB at ${alone.memoryMb} MB: ${alone.peakRssMb <= TARGET_PEAK_RSS_MB ? 'met' : 'NOT met'})`
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}

// Many small files through `npm start`, in its own process.
const load = spawnSync(
  process.execPath,
  [fileURLToPath(new URL('./local-load.bench.ts', import.meta.url))],
  { stdio: 'inherit' }
);
if (load.status !== 0) process.exitCode = 1;

/** The file through the FileParser alone. */
async function parseOnly(
  path: string
): Promise<{ articles: number; seconds: number; cpuSeconds: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const parser = new FileParser({ key: 'articles.jsonl' });
  let articles = 0;
  for await (const chunk of createReadStream(path)) {
    articles += parser.push(chunk as Buffer).articles.length;
  }
  articles += parser.end().articles.length;
  const used = process.cpuUsage(cpu);
  return {
    articles,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

/** The file through the local stack, until its final line is printed. */
async function throughLocalStack(path: string, bytes: number) {
  const lines: string[] = [];
  const stack = await startLocalStack({
    dataDir: join(root, 'data'),
    dropDir: join(root, 'drop'),
    s3Port: 0,
    apiPort: 0,
    print: (line) => lines.push(line),
  });
  try {
    const calls = countRequests(stack.dynamoDb);
    await stack.s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: KEY,
        Body: createReadStream(path),
        ContentLength: bytes,
      })
    );
    calls.clear();
    const started = performance.now();
    const javaBefore = javaCpuSeconds(process.pid);
    const nodeBefore = process.cpuUsage();
    const final = (line: string) =>
      line.includes(KEY) && !line.startsWith('continuing');
    while (!lines.some(final)) {
      if (performance.now() - started > 1_800_000) {
        throw new Error(`not done in 30 minutes:\n${lines.join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    const node = process.cpuUsage(nodeBefore);
    const javaShare = (javaCpuSeconds(process.pid) - javaBefore) / seconds;
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    return {
      nodeShare: (node.user + node.system) / 1e6 / seconds,
      engine: stack.dynamoDbEngine,
      line: lines.filter((line) => line.includes(KEY)).join(' / '),
      seconds,
      calls: new Map(calls),
      peakRssMb,
      javaShare,
      alone: await aloneInChildProcess(stack, path, bytes),
    };
  } finally {
    await stack.stop();
  }
}

/**
 * The file through the ingest function alone, in a child process (see
 * the module doc), from a bucket and into a table of its own on the
 * stack's servers; the stack's queue only hears of its drop bucket.
 */
async function aloneInChildProcess(
  stack: LocalStack,
  path: string,
  bytes: number
) {
  await stack.s3.send(new CreateBucketCommand({ Bucket: ALONE_BUCKET }));
  await ensureTable(stack.dynamoDb, ALONE_TABLE);
  const { ETag } = await stack.s3.send(
    new PutObjectCommand({
      Bucket: ALONE_BUCKET,
      Key: KEY,
      Body: createReadStream(path),
      ContentLength: bytes,
    })
  );
  // The S3 event the drop bucket's notification would send for it.
  const notification = toNotification(
    {
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          eventTime: new Date().toISOString(),
          s3: {
            bucket: { name: ALONE_BUCKET },
            object: { key: KEY, size: bytes, eTag: ETag?.replaceAll('"', '') },
          },
        },
      ],
    },
    ALONE_BUCKET
  ) as string;
  const memoryMb = INGEST_DEFAULTS.memorySize;
  const timeoutMs = INGEST_DEFAULTS.timeout.toMilliseconds();
  const javaBefore = javaCpuSeconds(process.pid);
  const result = await ingestInChildProcess({
    s3Endpoint: stack.s3Endpoint,
    dynamoDbEndpoint: stack.dynamoDbEndpoint,
    tableName: ALONE_TABLE,
    notification,
    memoryMb,
    timeoutMs,
    maxObjectBytes: DEFAULT_MAX_STREAM_BYTES,
  });
  if (result.status !== 'processed') {
    throw new Error(`the ingest function alone ended ${result.status}`);
  }
  return {
    ...result,
    memoryMb,
    timeoutS: timeoutMs / 1000,
    javaSeconds: javaCpuSeconds(process.pid) - javaBefore,
  };
}
