/**
 * Bench section `local-load`: 1,000 files uploaded at once through the S3
 * API of a running local stack (`node bin/local.ts`, a child process, as
 * `npm start` runs it), until all 1,000 articles are queryable through the
 * read API.
 *
 * Prints files/s (first upload to last file record) and the peak resident
 * memory of the local stack's process tree (Node and, with DynamoDB Local,
 * Java), sampled every 100 ms from /proc. Target: ≥ 100 files/s, nothing
 * lost.
 *
 * `--dynamodb <auto|dynamodb-local|dynalite>` picks the DynamoDB engine, as
 * for `npm start` (default `auto`).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { localClientOptions } from '../../bin/local/servers.ts';
import type { LocalStackInfo } from '../../bin/local/state.ts';
import { createS3Client } from '../../functions/store/clients.ts';
import { REPO_ROOT, SEED_PATH } from '../support/paths.ts';
import { cpuSeconds, javaCpuSeconds, treeRss } from './proc-stats.ts';

const FILES = 1000;
const UPLOAD_CONCURRENCY = 50;
const TARGET_FILES_PER_S = 100;
const engine =
  parseArgs({ options: { dynamodb: { type: 'string', default: 'auto' } } })
    .values.dynamodb ?? 'auto';

const seed = readFileSync(SEED_PATH, 'utf8');
const root = mkdtempSync(join(tmpdir(), 'dropwire-load-'));
const dataDir = join(root, 'data');
const child = spawn(
  process.execPath,
  [
    'bin/local.ts',
    '--api-port',
    '0',
    '--s3-port',
    '0',
    '--data-dir',
    dataDir,
    '--drop-dir',
    join(root, 'drop'),
    '--dynamodb',
    engine,
  ],
  { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] }
);
let output = '';
child.stdout?.on('data', (chunk: Buffer) => {
  output += chunk.toString();
});

try {
  while (!output.includes('Waiting for files')) {
    if (child.exitCode !== null)
      throw new Error(`local stack exited:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const info = JSON.parse(
    readFileSync(join(dataDir, 'local.json'), 'utf8')
  ) as LocalStackInfo;
  const s3 = createS3Client(
    localClientOptions({ s3Endpoint: info.s3Endpoint })
  );

  let peakRss = 0;
  const pid = child.pid as number;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, treeRss(pid));
  }, 100);

  const started = performance.now();
  const javaBefore = javaCpuSeconds(pid);
  let next = 0;
  await Promise.all(
    Array.from({ length: UPLOAD_CONCURRENCY }, async () => {
      while (next < FILES) {
        const i = next++;
        // A distinct article per file: numbered paragraphs, so none is a duplicate.
        const body = seed.replace(/\n\n(?=\S)/gu, (m) => `${m}[${i}] `);
        await s3.send(
          new PutObjectCommand({
            Bucket: info.bucket,
            Key: `load/article-${i}.txt`,
            Body: body,
          })
        );
      }
    })
  );
  const uploaded = performance.now();
  const processed = () =>
    (output.match(/^(?:stored|duplicate|rejected) /gmu) ?? []).length;
  while (processed() < FILES) {
    if (performance.now() - started > 600_000)
      throw new Error(
        `only ${processed()} of ${FILES} processed in 10 minutes`
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const done = performance.now();
  clearInterval(sampler);
  const javaShare =
    (javaCpuSeconds(pid) - javaBefore) / ((done - started) / 1000);
  const cpu = cpuSeconds(pid).map(
    ({ name, seconds }) => [name, seconds] as [string, number]
  );

  let listed = 0;
  let cursor: string | null = null;
  do {
    const url = `${info.apiUrl}/articles?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = (await (await fetch(url)).json()) as {
      items: unknown[];
      nextCursor: string | null;
    };
    listed += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);

  const stored = (output.match(/^stored /gmu) ?? []).length;
  const cpuLine = cpu
    .map(([name, seconds]) => `${name} ${seconds.toFixed(1)} s`)
    .join(', ');
  const seconds = (done - started) / 1000;
  console.log(
    `local-load (${info.dynamoDbEngine}): ${FILES} files uploaded through the S3 API, ${UPLOAD_CONCURRENCY} at a time`
  );
  console.log(
    `  uploads done in ${((uploaded - started) / 1000).toFixed(1)} s; all processed in ${seconds.toFixed(1)} s: ${(FILES / seconds).toFixed(0)} files/s (target ≥ ${TARGET_FILES_PER_S}: ${FILES / seconds >= TARGET_FILES_PER_S ? 'met' : 'NOT met'})`
  );
  console.log(
    `  CPU time of the process tree (start-up included): ${cpuLine}; per file ${((cpu.reduce((sum, [, s]) => sum + s, 0) * 1000) / FILES).toFixed(1)} ms`
  );
  if (info.dynamoDbEngine === 'dynamodb-local') {
    console.log(
      `  DynamoDB Local CPU share while loading: ${javaShare.toFixed(2)} (its CPU time / wall time; 2 cores = 2.00)`
    );
  }
  console.log(
    `  ${stored} stored, ${listed} listed by GET /articles (${listed === FILES ? 'nothing lost' : 'MISSING ARTICLES'}); peak RSS of the process tree ${(peakRss / 1024 / 1024).toFixed(0)} MB`
  );
} finally {
  // The stack may have exited already (a bad option, a crash): then there
  // is no exit left to wait for.
  if (child.exitCode === null && child.signalCode === null) {
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    await exited;
  }
  rmSync(root, { recursive: true, force: true });
}
