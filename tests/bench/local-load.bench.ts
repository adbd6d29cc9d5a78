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
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { localClientOptions } from '../../bin/local/servers.ts';
import type { LocalStackInfo } from '../../bin/local/state.ts';
import { createS3Client } from '../../functions/store/clients.ts';
import { REPO_ROOT, SEED_PATH } from '../support/paths.ts';

const FILES = 1000;
const UPLOAD_CONCURRENCY = 50;
const TARGET_FILES_PER_S = 100;
/** USER_HZ: /proc reports CPU time in hundredths of a second on Linux. */
const CLOCK_TICKS_PER_SECOND = 100;
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
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, treeRss(child));
  }, 100);

  const started = performance.now();
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
  const cpu = cpuSeconds(child);

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

/**
 * CPU seconds (user + system) used so far by each process of the tree, by
 * command name: a figure other load on the machine does not inflate.
 */
function cpuSeconds(process: ChildProcess): [string, number][] {
  return descendants(process.pid as number).map((pid) => {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat: 11 and 12 after the name.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return [name, ticks / CLOCK_TICKS_PER_SECOND] as [string, number];
  });
}

/** Resident memory of a process and all its descendants, in bytes. */
function treeRss(process: ChildProcess): number {
  const pids = descendants(process.pid as number);
  return pids.reduce((sum, pid) => sum + rssOf(pid), 0);
}

function descendants(pid: number): number[] {
  const all = [pid];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/u.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) all.push(...descendants(Number(entry)));
    } catch {
      // The process ended while we looked.
    }
  }
  return all;
}

function rssOf(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(status.match(/^VmRSS:\s+(\d+)/mu)?.[1] ?? 0);
    return kb * 1024;
  } catch {
    return 0;
  }
}
