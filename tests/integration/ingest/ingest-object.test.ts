/**
 * Multi-article files through the ingest handler, against the real local
 * servers (s3rver, DynamoDB Local): a feed, a JSON Lines file with a
 * broken line, a zip of mixed formats, and a file that does not finish in
 * one invocation and is continued through the queue.
 */
import { gzipSync } from 'node:zlib';
import type { Context, SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { readStore } from '../../../functions/api/dependencies.ts';
import { ingestDependencies } from '../../../functions/ingest/dependencies.ts';
import { createIngestHandler } from '../../../functions/ingest/ingest-handler.ts';
import type { FileRecord } from '../../../functions/store/file-record.ts';
import {
  createTestBucket,
  createTestTable,
  lambdaContext,
  localClients,
  rawSqsRecord,
  sqsEvent,
  sqsRecord,
  upload,
} from '../../support/aws.ts';
import { jsonLine, jsonLines, rssFeed, zipOf } from '../../support/formats.ts';

const { s3, dynamoDb } = localClients();
let tableName: string;
let bucket: string;

beforeAll(async () => {
  [tableName, bucket] = await Promise.all([
    createTestTable(dynamoDb),
    createTestBucket(s3),
  ]);
});

/** A handler whose continuation messages are collected in `sent`. */
function setup(maxObjectBytes = 64 * 1024 * 1024) {
  const deps = ingestDependencies(
    { s3, dynamoDb },
    { tableName, maxObjectBytes }
  );
  const sent: string[] = [];
  const handler = createIngestHandler({
    ...deps,
    continuations: { send: async (body) => void sent.push(body) },
  });
  const ingest = (event: SQSEvent, context: Context = lambdaContext()) =>
    handler(event, context);
  return { store: deps.store, ingest, sent };
}

async function fileRecord(key: string): Promise<FileRecord | undefined> {
  return readStore({ dynamoDb }, { tableName }).getFileRecord(bucket, key);
}

describe('Handler: ingest of multi-article files', () => {
  it('stores every item of an RSS feed, with counts in the file record', async () => {
    // Prepare
    const { ingest, store } = setup();
    const object = await upload(s3, {
      Bucket: bucket,
      Key: 'feeds/courier.xml',
      Body: rssFeed(0, 12),
    });

    // Act
    const response = await ingest(sqsEvent(sqsRecord(object)));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const record = await fileRecord('feeds/courier.xml');
    expect(record).toMatchObject({
      status: 'stored',
      format: 'rss',
      counts: { found: 12, stored: 12, duplicate: 0, rejected: 0 },
      problems: [],
    });
    expect(record?.articleIds).toHaveLength(12);
    const article = await store.getArticle(record?.articleIds[3] ?? '');
    expect(article).toMatchObject({
      url: 'https://gazette.example/feed/3',
      publisher: 'The Coastal Courier',
      authors: ['Tomasz Nowak'],
      publishedAt: '2024-03-05T08:30:00Z',
      origin: { bucket, key: 'feeds/courier.xml', format: 'rss' },
    });
  });

  it('stores the good lines of a gzipped JSON Lines file and records the broken one with its line number', async () => {
    // Prepare
    const { ingest } = setup();
    const body = `${jsonLine(100)}\n{"title": "cut off\n${jsonLine(101)}\n\n${jsonLine(102, { title: 42 })}\n`;
    const object = await upload(s3, {
      Bucket: bucket,
      Key: 'exports/day.jsonl.gz',
      Body: gzipSync(body),
    });

    // Act
    await ingest(sqsEvent(sqsRecord(object)));

    // Assess
    const record = await fileRecord('exports/day.jsonl.gz');
    expect(record).toMatchObject({
      status: 'stored',
      format: 'jsonl',
      counts: { found: 4, stored: 2, duplicate: 0, rejected: 2 },
      problems: [
        {
          location: 'line 2',
          code: 'malformed',
          message: expect.stringContaining('line is not valid JSON'),
        },
        {
          location: 'line 5',
          code: 'malformed',
          message: 'field "title" is a number (42); expected a string',
        },
      ],
    });
  });

  it('reads a streamed file up to MAX_OBJECT_BYTES as it inflates, not to the core default', async () => {
    // Prepare: 40 lines, about 32 KB inflated, under 2 KB gzipped.
    const maxObjectBytes = 16 * 1024;
    const { ingest } = setup(maxObjectBytes);
    const object = await upload(s3, {
      Bucket: bucket,
      Key: 'exports/long.jsonl.gz',
      Body: gzipSync(jsonLines(300, 340)),
    });

    // Act
    await ingest(sqsEvent(sqsRecord(object)));

    // Assess
    expect(object.sizeBytes).toBeLessThan(maxObjectBytes);
    expect(await fileRecord('exports/long.jsonl.gz')).toMatchObject({
      status: 'rejected',
      reason: {
        code: 'too-large',
        message: `gzip content expands beyond ${maxObjectBytes} bytes, the limit for a streamed file`,
      },
    });
  });

  it('reads each entry of a zip as its own file, with entry paths in origins and problems', async () => {
    // Prepare
    const { ingest, store } = setup();
    const archive = zipOf({
      'feed/courier.xml': rssFeed(200, 202),
      'lines/day.jsonl': jsonLines(210, 212),
      'notes/readme.txt': 'too short',
      '../escape.json': jsonLine(220),
      '__MACOSX/._day.jsonl': 'litter',
    });
    const object = await upload(s3, {
      Bucket: bucket,
      Key: 'archives/batch.zip',
      Body: archive,
    });

    // Act
    await ingest(sqsEvent(sqsRecord(object)));

    // Assess
    const record = await fileRecord('archives/batch.zip');
    expect(record).toMatchObject({
      status: 'stored',
      format: 'zip',
      counts: { found: 6, stored: 4, rejected: 2 },
    });
    expect(record?.problems.map((p) => [p.location, p.code])).toEqual([
      ['entry notes/readme.txt', 'not-an-article'],
      ['entry ../escape.json', 'malformed'],
    ]);
    const origins = await Promise.all(
      (record?.articleIds ?? []).map(
        async (id) => (await store.getArticle(id))?.origin
      )
    );
    expect(origins).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entry: 'feed/courier.xml', format: 'rss' }),
        expect.objectContaining({ entry: 'lines/day.jsonl', format: 'jsonl' }),
      ])
    );
  });

  it('continues a file that runs out of time in a follow-up message, and stores every entry once', async () => {
    // Prepare: a context whose time runs low after the first chunk.
    const { ingest, sent } = setup();
    const object = await upload(s3, {
      Bucket: bucket,
      Key: 'exports/long.jsonl',
      Body: jsonLines(300, 700),
    });
    let calls = 0;
    const hurried: Context = {
      ...lambdaContext(),
      getRemainingTimeInMillis: () => (calls++ === 0 ? 30_000 : 1_000),
    };

    // Act
    const first = await ingest(sqsEvent(sqsRecord(object)), hurried);
    const afterFirst = await fileRecord('exports/long.jsonl');
    let rounds = 0;
    while (sent.length > 0 && rounds < 50) {
      const body = sent.shift() as string;
      calls = 0;
      await ingest(sqsEvent(rawSqsRecord(body)), hurried);
      rounds++;
    }

    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(afterFirst).toMatchObject({ status: 'processing' });
    expect(rounds).toBeGreaterThan(0);
    const record = await fileRecord('exports/long.jsonl');
    expect(record).toMatchObject({
      status: 'stored',
      format: 'jsonl',
      counts: { found: 400, stored: 400, duplicate: 0, rejected: 0 },
    });
    expect(new Set(record?.articleIds).size).toBe(400);
  });

  it('reads a continuation of an object that was deleted meanwhile as a rejected file', async () => {
    // Prepare
    const { ingest } = setup();
    const body = JSON.stringify({
      dropwireContinuation: 1,
      event: {
        bucket,
        key: 'exports/gone.jsonl',
        sequencer: '00000000000000000000000000000001',
      },
      records: 10,
      invocations: 2,
      tally: {
        counts: { found: 10, stored: 10, duplicate: 0, rejected: 0 },
        problems: [],
        articleIds: [],
      },
    });

    // Act
    const response = await ingest(sqsEvent(rawSqsRecord(body)));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(await fileRecord('exports/gone.jsonl')).toMatchObject({
      status: 'rejected',
      reason: { code: 'object-not-found' },
    });
  });
});
