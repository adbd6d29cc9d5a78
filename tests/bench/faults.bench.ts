/**
 * Bench section `faults`: 1,000 files through a running local stack
 * (`node bin/local.ts`, as `npm start` runs it) while it is hurt, then a
 * count of what became of every acknowledged upload.
 *
 * 1. DynamoDB Local is killed (SIGKILL) after 300 uploads and started
 *    again 10 s later on the same port and database: messages that failed
 *    meanwhile are retried with back-off.
 * 2. Node (the whole local stack but Java) is killed (SIGKILL) after 500
 *    uploads and started again on the same data folder and ports; uploads
 *    refused while it is down are sent again. At start it stops the
 *    orphaned DynamoDB Local and requeues objects whose events were lost.
 *
 * For each run it prints stored (a file record for the key), lost (an
 * acknowledged upload with none) and duplicated (articles listed beyond
 * one per file: every file holds a distinct article). Target: 0 lost, 0
 * duplicated.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  freePort,
  localClientOptions,
  startDynamoDbLocal,
} from '../../bin/local/servers.ts';
import type { LocalStackInfo } from '../../bin/local/state.ts';
import { createS3Client } from '../../functions/store/clients.ts';
import { REPO_ROOT, SEED_PATH } from '../support/paths.ts';

const FILES = 1000;
const UPLOAD_CONCURRENCY = 20;
const JAVA_DOWN_MS = 10_000;
const DEADLINE_MS = 900_000;
const seed = readFileSync(SEED_PATH, 'utf8');

/** A running `node bin/local.ts` and what it printed. */
interface Stack {
  readonly child: ChildProcess;
  readonly info: LocalStackInfo;
  readonly output: () => string;
}

async function startStack(
  dataDir: string,
  ports: { s3: number; api: number }
): Promise<Stack> {
  const child = spawn(
    process.execPath,
    [
      'bin/local.ts',
      '--api-port',
      String(ports.api),
      '--s3-port',
      String(ports.s3),
      '--data-dir',
      dataDir,
      '--drop-dir',
      join(dataDir, '..', 'drop'),
      '--dynamodb',
      'dynamodb-local',
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  while (!output.includes('Waiting for files')) {
    if (child.exitCode !== null) throw new Error(`stack exited:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const info = JSON.parse(
    readFileSync(join(dataDir, 'local.json'), 'utf8')
  ) as LocalStackInfo;
  return { child, info, output: () => output };
}

async function stopStack(stack: Stack): Promise<void> {
  if (stack.child.exitCode !== null || stack.child.signalCode !== null) return;
  const exited = once(stack.child, 'exit');
  stack.child.kill('SIGINT');
  await exited;
}

const keyOf = (i: number) => `faults/article-${i}.txt`;

/** Uploads file `i`, again and again while the stack is down. */
async function uploadOne(client: () => S3Client, i: number): Promise<void> {
  // A distinct article per file: numbered paragraphs.
  const body = seed.replace(/\n\n(?=\S)/gu, (m) => `${m}[${i}] `);
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    try {
      await client().send(
        new PutObjectCommand({
          Bucket: 'dropwire-drop',
          Key: keyOf(i),
          Body: body,
        })
      );
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** Uploads all files, calling `at(n)` once n uploads were acknowledged. */
async function uploadAll(
  client: () => S3Client,
  hooks: Record<number, () => Promise<void>>
): Promise<void> {
  let next = 0;
  let acknowledged = 0;
  const pending: Promise<void>[] = [];
  await Promise.all(
    Array.from({ length: UPLOAD_CONCURRENCY }, async () => {
      while (next < FILES) {
        const i = next++;
        await uploadOne(client, i);
        acknowledged += 1;
        const hook = hooks[acknowledged];
        if (hook) pending.push(hook());
      }
    })
  );
  await Promise.all(pending);
}

/** What became of every upload, once nothing is left to process. */
async function count(stack: () => Stack): Promise<string> {
  const deadline = Date.now() + DEADLINE_MS;
  const recorded = new Set<number>();
  while (recorded.size < FILES && Date.now() < deadline) {
    for (let i = 0; i < FILES; i++) {
      if (recorded.has(i)) continue;
      try {
        const response = await fetch(
          `${stack().info.apiUrl}/files/${keyOf(i)}`
        );
        const record = (await response.json()) as { status?: string };
        if (record.status === 'stored' || record.status === 'duplicate') {
          recorded.add(i);
        }
      } catch {
        // The stack is restarting.
      }
    }
    if (recorded.size < FILES) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
  let listed = 0;
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const url = `${stack().info.apiUrl}/articles?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = (await (await fetch(url)).json()) as {
      items: { id: string }[];
      nextCursor: string | null;
    };
    listed += page.items.length;
    for (const item of page.items) ids.add(item.id);
    cursor = page.nextCursor;
  } while (cursor);
  const deadLetters = (
    stack()
      .output()
      .match(/^dead letter /gmu) ?? []
  ).length;
  return `${recorded.size} stored, ${FILES - recorded.size} lost, ${listed - ids.size + Math.max(0, ids.size - FILES)} duplicated (${listed} articles listed, ${deadLetters} dead letters)`;
}

async function javaDownRun(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'dropwire-faults-'));
  const dataDir = join(root, 'data');
  const stack = await startStack(dataDir, { s3: 0, api: 0 });
  let restarted: Awaited<ReturnType<typeof startDynamoDbLocal>> | undefined;
  try {
    const s3 = createS3Client(
      localClientOptions({ s3Endpoint: stack.info.s3Endpoint })
    );
    const { javaPid } = JSON.parse(
      readFileSync(join(dataDir, 'lock.json'), 'utf8')
    ) as { javaPid: number };
    const port = Number(new URL(stack.info.dynamoDbEndpoint).port);
    await uploadAll(() => s3, {
      300: async () => {
        process.kill(javaPid, 'SIGKILL');
        await new Promise((resolve) => setTimeout(resolve, JAVA_DOWN_MS));
        restarted = await startDynamoDbLocal({
          port,
          dbPath: join(dataDir, 'dynamodb'),
        });
      },
    });
    return await count(() => stack);
  } finally {
    await stopStack(stack);
    await restarted?.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

async function nodeKilledRun(): Promise<string> {
  const root = mkdtempSync(join(tmpdir(), 'dropwire-faults-'));
  const dataDir = join(root, 'data');
  const ports = { s3: await freePort(), api: await freePort() };
  let stack = await startStack(dataDir, ports);
  try {
    const s3 = createS3Client(
      localClientOptions({ s3Endpoint: stack.info.s3Endpoint })
    );
    await uploadAll(() => s3, {
      500: async () => {
        const exited = once(stack.child, 'exit');
        stack.child.kill('SIGKILL');
        await exited;
        stack = await startStack(dataDir, ports);
      },
    });
    const counts = await count(() => stack);
    const requeued = /queued again: (\d+)/u.exec(stack.output())?.[1] ?? '0';
    return `${counts}; ${requeued} requeued at restart`;
  } finally {
    await stopStack(stack);
    rmSync(root, { recursive: true, force: true });
  }
}

console.log(`faults: ${FILES} files through a local stack (DynamoDB Local)`);
const started = performance.now();
console.log(
  `  DynamoDB Local killed at upload 300, back after ${JAVA_DOWN_MS / 1000} s: ${await javaDownRun()}`
);
console.log(
  `  node killed (SIGKILL) at upload 500, then restarted: ${await nodeKilledRun()}`
);
console.log(`  (${((performance.now() - started) / 1000).toFixed(0)} s)`);
