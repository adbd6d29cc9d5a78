/**
 * Bench section `ingest`: the real ingest handler against the local
 * servers (s3rver, DynamoDB Local), as in the integration tests.
 *
 * Uploads 1,000 seed-sized articles (the seed with a distinct number in
 * every paragraph, so none is a duplicate), hands them to the handler in
 * SQS batches of 10, and prints files/s and the DynamoDB calls made per
 * single-article file, counted by command. Then one JSON Lines file of
 * 2,000 articles: articles/s and the calls per article, by command.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { SQSRecord } from 'aws-lambda';
import {
  localClientOptions,
  startDynamoDbLocal,
  startS3Server,
} from '../../bin/local/servers.ts';
import { ingestDependencies } from '../../functions/ingest/dependencies.ts';
import { createIngestHandler } from '../../functions/ingest/ingest-handler.ts';
import { encodeS3Key } from '../../functions/ingest/s3-events.ts';
import {
  createDynamoDbClient,
  createS3Client,
} from '../../functions/store/clients.ts';
import { createTableInput } from '../../functions/store/table.ts';
import { jsonLines } from '../support/formats.ts';
import { SEED_PATH } from '../support/paths.ts';
import { countRequests } from '../support/requests.ts';

const FILES = 1000;
/** Articles of the multi-article file. */
const LINES = 2000;
const BATCH_SIZE = 10;
/** Batches in flight at once, as Lambda would run concurrent invocations. */
const CONCURRENT_BATCHES = 4;

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';

const seed = readFileSync(SEED_PATH, 'utf8');
const directory = mkdtempSync(join(tmpdir(), 'dropwire-bench-s3-'));
const [dynamo, s3server] = await Promise.all([
  startDynamoDbLocal(),
  startS3Server({ directory }),
]);
try {
  const options = localClientOptions({
    s3Endpoint: s3server.endpoint,
    dynamoDbEndpoint: dynamo.endpoint,
  });
  const s3 = createS3Client(options);
  const dynamoDb = createDynamoDbClient(options);
  const calls = countRequests(dynamoDb);
  const tableName = 'bench-articles';
  const bucket = 'bench-drop';
  await dynamoDb.send(new CreateTableCommand(createTableInput(tableName)));
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));

  // Upload first, so the figure is the handler's throughput alone.
  const objects: { key: string; etag: string; size: number }[] = [];
  for (let start = 0; start < FILES; start += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, FILES - start) }, async (_, j) => {
        const i = start + j;
        const body = seed.replace(/\n\n(?=\S)/gu, (m) => `${m}[${i}] `);
        const key = `bench/article ${i}.txt`;
        const { ETag = '' } = await s3.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: body })
        );
        objects[i] = {
          key,
          etag: ETag.replaceAll('"', ''),
          size: Buffer.byteLength(body),
        };
      })
    );
  }

  const handler = createIngestHandler(
    ingestDependencies(
      { s3, dynamoDb },
      { tableName, maxObjectBytes: 50 * 1024 * 1024 }
    )
  );
  const record = (o: (typeof objects)[number], i: number): SQSRecord => ({
    messageId: `m-${i}`,
    receiptHandle: 'r',
    body: JSON.stringify({
      Records: [
        {
          eventName: 'ObjectCreated:Put',
          eventTime: new Date().toISOString(),
          s3: {
            bucket: { name: bucket },
            object: {
              key: encodeS3Key(o.key),
              size: o.size,
              eTag: o.etag,
              sequencer: (0x1000 + i).toString(16),
            },
          },
        },
      ],
    }),
    attributes: {} as SQSRecord['attributes'],
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:bench',
    awsRegion: 'us-east-1',
  });
  const batches: SQSRecord[][] = [];
  for (let i = 0; i < FILES; i += BATCH_SIZE) {
    batches.push(
      objects.slice(i, i + BATCH_SIZE).map((o, j) => record(o, i + j))
    );
  }

  const context = {
    awsRequestId: 'bench',
    functionName: 'bench',
    getRemainingTimeInMillis: () => 900_000,
  } as Parameters<typeof handler>[1];
  calls.clear();
  let failures = 0;
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENT_BATCHES }, async () => {
      while (next < batches.length) {
        const batch = batches[next++] as SQSRecord[];
        const { batchItemFailures } = await handler(
          { Records: batch },
          context
        );
        failures += batchItemFailures.length;
      }
    })
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `ingest: ${FILES} seed-sized files (${(objects[0]?.size ?? 0) / 1000} kB each), SQS batches of ${BATCH_SIZE}, ${CONCURRENT_BATCHES} batches at once`
  );
  console.log(
    `  ${(FILES / seconds).toFixed(0)} files/s (${seconds.toFixed(1)} s), ${failures} batch item failures`
  );
  console.log(
    `  DynamoDB calls per single-article file: ${perUnit(calls, FILES)}`
  );

  // One multi-article file, through the same handler.
  const body = jsonLines(0, LINES);
  const { ETag = '' } = await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: 'bench/lines.jsonl',
      Body: body,
    })
  );
  const lines = {
    key: 'bench/lines.jsonl',
    etag: ETag.replaceAll('"', ''),
    size: Buffer.byteLength(body),
  };
  calls.clear();
  const linesStarted = performance.now();
  const { batchItemFailures } = await handler(
    { Records: [record(lines, FILES + 1)] },
    context
  );
  const linesSeconds = (performance.now() - linesStarted) / 1000;
  console.log(
    `ingest: one JSON Lines file of ${LINES} articles (${(lines.size / 1e6).toFixed(1)} MB): ${(LINES / linesSeconds).toFixed(0)} articles/s (${linesSeconds.toFixed(1)} s), ${batchItemFailures.length} batch item failures`
  );
  console.log(`  DynamoDB calls per article: ${perUnit(calls, LINES)}`);
} finally {
  await Promise.all([s3server.stop(), dynamo.stop()]);
  rmSync(directory, { recursive: true, force: true });
}

/** Calls per unit, in all and by command: `2.00 (GetItem 1.00, …)`. */
function perUnit(calls: Map<string, number>, units: number): string {
  const total = [...calls.values()].reduce((a, b) => a + b, 0);
  const byCommand = [...calls]
    .map(([name, n]) => `${name} ${(n / units).toFixed(3)}`)
    .join(', ');
  return `${(total / units).toFixed(3)} (${byCommand})`;
}
