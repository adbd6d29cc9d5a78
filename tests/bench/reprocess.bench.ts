/**
 * Bench section `reprocess`: `dropwire reprocess` over a local bucket of
 * 10,000 objects (one article each), all ingested once before.
 *
 * The local stack runs in this process (DynamoDB Local when Java is
 * there), so a middleware on its real DynamoDB client
 * (tests/support/write-counter.ts) counts every write ingest sends.
 * Prints the objects/s the command enqueued (listing to last send, through
 * the local queue's SQS endpoint), then, once the ingest has drained, the
 * writes per unchanged article (target 0) and the file-record writes per
 * file (target 1), with the `unchanged` counts the file records report.
 *
 * `--objects <n>` changes the bucket's size (default 10,000).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { reprocessCommand } from '../../bin/cli/reprocess.ts';
import { startLocalStack } from '../../bin/local/local-stack.ts';
import { SEED_PATH } from '../support/paths.ts';
import { countWrites } from '../support/write-counter.ts';

const { values } = parseArgs({
  options: { objects: { type: 'string', default: '10000' } },
});
const OBJECTS = Number(values.objects);
const UPLOAD_CONCURRENCY = 32;

const seed = readFileSync(SEED_PATH, 'utf8');
const root = mkdtempSync(join(tmpdir(), 'dropwire-reprocess-'));
const dataDir = join(root, 'data');
let outcomes = 0;
const stack = await startLocalStack({
  dataDir,
  dropDir: join(root, 'drop'),
  apiPort: 0,
  s3Port: 0,
  print: (line) => {
    if (/^(?:stored|duplicate|rejected|skipped) /u.test(line)) outcomes++;
  },
});

/** Waits until `target` outcomes in all were printed, and the queue is empty. */
async function outcomesReach(target: number, what: string): Promise<void> {
  const deadline = Date.now() + 30 * 60_000;
  while (outcomes < target) {
    if (Date.now() > deadline) {
      throw new Error(`${what}: only ${outcomes} of ${target} in 30 minutes`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stack.queue.drained();
}

/** Sums the `unchanged` and `stored` counts of every file record. */
async function fileCounts() {
  const sums = { files: 0, unchanged: 0, stored: 0 };
  let start: Record<string, never> | undefined;
  do {
    const page = await stack.dynamoDb.send(
      new ScanCommand({
        TableName: stack.tableName,
        ExclusiveStartKey: start,
        FilterExpression: 'begins_with(pk, :file)',
        ExpressionAttributeValues: { ':file': { S: 'FILE#' } },
      })
    );
    for (const item of page.Items ?? []) {
      const counts = unmarshall(item).counts ?? {};
      sums.files++;
      sums.unchanged += counts.unchanged ?? 0;
      sums.stored += counts.stored ?? 0;
    }
    start = page.LastEvaluatedKey as typeof start;
  } while (start);
  return sums;
}

try {
  const writes = countWrites(stack.dynamoDb);
  const uploadStarted = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: UPLOAD_CONCURRENCY }, async () => {
      while (next < OBJECTS) {
        const i = next++;
        // A distinct article per file: numbered paragraphs.
        const body = seed.replace(/\n\n(?=\S)/gu, (m) => `${m}[${i}] `);
        await stack.s3.send(
          new PutObjectCommand({
            Bucket: stack.bucket,
            Key: `reprocess/${String(i).padStart(5, '0')}.txt`,
            Body: body,
          })
        );
      }
    })
  );
  await outcomesReach(OBJECTS, 'first ingest');
  const firstSeconds = (performance.now() - uploadStarted) / 1000;
  const before = { ...writes };

  // Act: the command, as `npx dropwire reprocess --data-dir` runs it.
  const sendStarted = performance.now();
  const summary = await reprocessCommand({ dataDir, progress: false });
  const sentSeconds = (performance.now() - sendStarted) / 1000;
  await outcomesReach(2 * OBJECTS, 'reprocess');
  const drainedSeconds = (performance.now() - sendStarted) / 1000;
  const articleWrites = writes.article - before.article;
  const fileWrites = writes.file - before.file;
  const counts = await fileCounts();

  console.log(
    `reprocess (${stack.dynamoDbEngine}): ${OBJECTS} objects of one article each, ingested once (${firstSeconds.toFixed(1)} s, ${(OBJECTS / firstSeconds).toFixed(0)} files/s)`
  );
  console.log(
    `  enqueued: listed ${summary.listed}, sent ${summary.sent}, failed ${summary.failed.length} in ${sentSeconds.toFixed(1)} s: ${(summary.sent / sentSeconds).toFixed(0)} objects/s`
  );
  console.log(
    `  ingest drained ${drainedSeconds.toFixed(1)} s after the first send: ${(OBJECTS / drainedSeconds).toFixed(0)} files/s; file records report ${counts.unchanged} unchanged, ${counts.stored} stored, over ${counts.files} files`
  );
  console.log(
    `  article-item writes per unchanged article: ${(articleWrites / Math.max(counts.unchanged, 1)).toFixed(3)} (${articleWrites} writes; target 0: ${articleWrites === 0 ? 'met' : 'NOT met'})`
  );
  console.log(
    `  file-record writes per file: ${(fileWrites / OBJECTS).toFixed(3)} (${fileWrites} writes; target 1: ${fileWrites === OBJECTS ? 'met' : 'NOT met'})`
  );
} finally {
  await stack.stop();
  rmSync(root, { recursive: true, force: true });
}
