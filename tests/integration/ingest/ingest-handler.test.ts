/**
 * The ingest handler against real local servers: s3rver for S3 and
 * DynamoDB Local, both started by tests/support/global-setup.ts. No SDK
 * mocks; the only injected faults are ones a server cannot produce on
 * demand (see tests/support/faults.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it, vi } from 'vitest';
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
  scanTable,
  sqsEvent,
  sqsRecord,
  type UploadedObject,
  upload,
} from '../../support/aws.ts';
import { injectFault, mentions, serviceError } from '../../support/faults.ts';
import { loadArticleFixture } from '../../support/fixtures.ts';
import { FIXTURES_DIR, SEED_PATH } from '../../support/paths.ts';

const SEED = readFileSync(SEED_PATH);
const MAX_OBJECT_BYTES = 1024 * 1024;

const { s3, dynamoDb } = localClients();
let tableName: string;
let bucket: string;

beforeAll(async () => {
  [tableName, bucket] = await Promise.all([
    createTestTable(dynamoDb),
    createTestBucket(s3),
  ]);
});

/** The ingest function's dependencies on the test table and bucket. */
function dependencies(client = dynamoDb) {
  return ingestDependencies(
    { s3, dynamoDb: client },
    { tableName, maxObjectBytes: MAX_OBJECT_BYTES }
  );
}

function setup(client = dynamoDb) {
  const deps = dependencies(client);
  const handler = createIngestHandler(deps);
  const ingest = (...records: Parameters<typeof sqsEvent>) =>
    handler(sqsEvent(...records), lambdaContext());
  return {
    store: deps.store,
    handler,
    ingest,
    metrics: deps.metrics,
    logger: deps.logger,
  };
}

async function uploadText(key: string, body: string | Uint8Array, extra = {}) {
  return upload(s3, { Bucket: bucket, Key: key, Body: body, ...extra });
}

async function itemsOf(type: string) {
  return (await scanTable(dynamoDb, tableName)).filter(
    (item) => item.type === type
  );
}

async function fileRecord(key: string): Promise<FileRecord | undefined> {
  return readStore({ dynamoDb }, { tableName }).getFileRecord(bucket, key);
}

describe('Handler: ingest', () => {
  it('stores the seed with its file record', async () => {
    // Prepare
    const { ingest, store } = setup();
    const object = await uploadText('world/putin-kim.txt', SEED, {
      ContentType: 'text/plain; charset=utf-8',
    });

    // Act
    const response = await ingest(sqsRecord(object));

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    const record = await fileRecord('world/putin-kim.txt');
    expect(record).toMatchObject({
      bucket,
      key: 'world/putin-kim.txt',
      status: 'stored',
      counts: { found: 1, stored: 1, duplicate: 0, rejected: 0 },
      format: 'text',
      sizeBytes: SEED.length,
      sequencer: expect.stringMatching(/^[0-9A-F]{32}$/u),
    });
    expect(record?.articleIds).toHaveLength(1);
    const article = await store.getArticle(record?.articleIds[0] ?? '');
    expect(article).toMatchObject({
      title: 'Putin gives Kim Jong-un parting gifts as tour ends early',
      publisher: 'The Telegraph',
      language: 'en',
      origin: { bucket, key: 'world/putin-kim.txt', format: 'text' },
      images: [{ credit: 'STR/KCNA VIA KNS/AFP via Getty Images' }],
    });
    expect(article?.body).toHaveLength(13);
    expect(article?.text.startsWith(article?.standfirst ?? '?')).toBe(true);
  });

  it('stores one article and one file record when an event arrives three times', async () => {
    // Prepare
    const { ingest } = setup();
    const fixture = loadArticleFixture('reuters-wire-rates');
    const object = await uploadText('wire/rates.txt', fixture.source);
    const record = sqsRecord(object);

    // Act
    const responses = [
      await ingest(record),
      await ingest(record),
      await ingest(record),
    ];

    // Assess
    expect(responses.every((r) => r.batchItemFailures.length === 0)).toBe(true);
    const articles = (await itemsOf('article')).filter(
      (a) => (a.origin as { key: string }).key === 'wire/rates.txt'
    );
    const files = (await itemsOf('file')).filter(
      (f) => f.key === 'wire/rates.txt'
    );
    expect(articles).toHaveLength(1);
    expect(files).toHaveLength(1);
  });

  it('stores the same text under two keys once, recording the second as a duplicate', async () => {
    // Prepare
    const { ingest } = setup();
    const fixture = loadArticleFixture('ap-senate-vote');
    const first = await uploadText('dupes/a.txt', fixture.source);
    const second = await uploadText('dupes/b copy.txt', fixture.source);

    // Act
    await ingest(sqsRecord(first));
    await ingest(sqsRecord(second));

    // Assess
    const a = await fileRecord('dupes/a.txt');
    const b = await fileRecord('dupes/b copy.txt');
    expect(a?.status).toBe('stored');
    expect(b).toMatchObject({
      status: 'duplicate',
      articleIds: a?.articleIds,
      counts: { found: 1, stored: 0, duplicate: 1, rejected: 0 },
    });
    const articles = (await itemsOf('article')).filter((x) =>
      String((x.origin as { key: string }).key).startsWith('dupes/')
    );
    expect(articles).toHaveLength(1);
  });

  it('updates the article when the object is replaced under the same key', async () => {
    // Prepare
    const { ingest, store } = setup();
    const fixture = loadArticleFixture('guardian-budget-cuts');
    const original = new TextDecoder().decode(fixture.source);
    const edited = original.replace('19 authorities', '21 authorities');
    const v1 = await uploadText('updates/councils.txt', original);
    await ingest(sqsRecord(v1));
    const before = await fileRecord('updates/councils.txt');
    const oldArticle = await store.getArticle(before?.articleIds[0] ?? '');

    // Act
    const v2 = await uploadText('updates/councils.txt', edited);
    await ingest(sqsRecord(v2));

    // Assess
    const after = await fileRecord('updates/councils.txt');
    expect(after?.articleIds).toEqual(before?.articleIds);
    const article = await store.getArticle(after?.articleIds[0] ?? '');
    expect(article?.text).toContain('21 authorities');
    expect(article?.contentHash).not.toBe(oldArticle?.contentHash);
    const hashes = (await itemsOf('hash')).filter(
      (h) => h.articleId === article?.id
    );
    expect(hashes.map((h) => h.pk)).toEqual([`HASH#${article?.contentHash}`]);
  });

  it('does not let an older event overwrite a newer version', async () => {
    // Prepare
    const { ingest, store } = setup();
    const fixture = loadArticleFixture('bbc-flood-warnings');
    const text = new TextDecoder().decode(fixture.source);
    const v1 = await uploadText('order/storm.txt', text);
    const v2 = await uploadText(
      'order/storm.txt',
      text.replace('40 flood', '45 flood')
    );

    // Act: the newer event is delivered first.
    await ingest(sqsRecord(v2));
    const late = await ingest(sqsRecord({ ...v1, etag: v2.etag as string }));

    // Assess
    expect(late.batchItemFailures).toEqual([]);
    const record = await fileRecord('order/storm.txt');
    expect(record?.sequencer.startsWith(v2.sequencer)).toBe(true);
    const article = await store.getArticle(record?.articleIds[0] ?? '');
    expect(article?.standfirst).toContain('More than 45 flood warnings');
  });

  it.each([
    'spaces in/the key name.txt',
    'plus+signs/a+b.txt',
    'unicode/Grève des contrôleurs – été.txt',
    'percent/100% sure & (quoted).txt',
  ])('decodes the event key "%s"', async (key) => {
    // Prepare
    const { ingest } = setup();
    const object = await uploadText(
      key,
      loadArticleFixture('lemonde-greve-fr').source
    );

    // Act
    const response = await ingest(sqsRecord(object));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect((await fileRecord(key))?.status).toMatch(/^(stored|duplicate)$/u);
  });

  it('stores 8 of a batch of 10 and records the 2 bad files as rejected', async () => {
    // Prepare
    const { ingest } = setup();
    const good = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        uploadText(
          `batch/good-${i}.txt`,
          new TextDecoder()
            .decode(SEED)
            .replace('Putin gives', `Putin (${i}) gives`)
            .replace('Dmitry Peskov', `Dmitry Peskov (${i})`)
        )
      )
    );
    const empty = await uploadText('batch/empty.txt', '');
    const binary = await uploadText(
      'batch/random.bin',
      Uint8Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256)
    );
    const records = [...good, empty, binary].map((object) => sqsRecord(object));

    // Act
    const response = await ingest(...records);

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const statuses = await Promise.all(
      [...good, empty, binary].map(
        async (o) => (await fileRecord(o.key))?.status
      )
    );
    expect(statuses.filter((s) => s === 'stored')).toHaveLength(8);
    expect(await fileRecord('batch/empty.txt')).toMatchObject({
      status: 'rejected',
      reason: { code: 'empty', message: 'file is empty (0 bytes)' },
    });
    expect((await fileRecord('batch/random.bin'))?.reason?.code).toBe('binary');
  });

  it('fails exactly the messages DynamoDB throttles, and stores them once on redelivery', async () => {
    // Prepare
    const throttled = localClients({ maxAttempts: 1 }).dynamoDb;
    const { ingest } = setup(throttled);
    const objects = await Promise.all(
      ['a', 'b', 'c', 'd'].map((n) =>
        uploadText(
          `throttle/${n}.txt`,
          loadArticleFixture('substack-policy-digest').source
        )
      )
    );
    const records = objects.map((o) => sqsRecord(o));
    const removeFault = injectFault(
      throttled,
      (input) =>
        mentions(input, 'throttle/b.txt') || mentions(input, 'throttle/d.txt'),
      () =>
        serviceError(
          'ThrottlingException',
          'Rate of requests exceeds the allowed throughput.',
          400
        )
    );

    // Act
    const first = await ingest(...records);
    removeFault();
    const failedIds = new Set(
      first.batchItemFailures.map((f) => f.itemIdentifier)
    );
    const redelivery = await ingest(
      ...records.filter((r) => failedIds.has(r.messageId))
    );

    // Assess
    expect([...failedIds].sort()).toEqual(
      [records[1]?.messageId, records[3]?.messageId].sort()
    );
    expect(redelivery.batchItemFailures).toEqual([]);
    for (const object of objects) {
      expect((await fileRecord(object.key))?.status).toMatch(
        /^(stored|duplicate)$/u
      );
    }
    const articles = (await itemsOf('article')).filter((a) =>
      String((a.origin as { key: string }).key).startsWith('throttle/')
    );
    expect(articles).toHaveLength(1);
  });

  it('fails every message while DynamoDB is unreachable, and loses none', async () => {
    // Prepare
    const { createDynamoDbClient } = await import(
      '../../../functions/store/clients.ts'
    );
    const unreachable = createDynamoDbClient({
      region: 'us-east-1',
      dynamoDbEndpoint: 'http://127.0.0.1:9',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    unreachable.config.maxAttempts = async () => 1;
    const object = await uploadText(
      'outage/a.txt',
      loadArticleFixture('euronews-wildfires-epa').source
    );
    const record = sqsRecord(object);

    // Act
    const during = await setup(unreachable).ingest(record);
    const after = await setup().ingest(record);

    // Assess
    expect(during.batchItemFailures).toEqual([
      { itemIdentifier: record.messageId },
    ]);
    expect(after.batchItemFailures).toEqual([]);
    expect((await fileRecord('outage/a.txt'))?.status).toMatch(
      /^(stored|duplicate)$/u
    );
  });

  it('records an object deleted before it was read as not found', async () => {
    // Prepare
    const { ingest } = setup();
    const object = await uploadText('gone/deleted.txt', SEED);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: object.key }));

    // Act
    const response = await ingest(sqsRecord(object));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(await fileRecord('gone/deleted.txt')).toMatchObject({
      status: 'rejected',
      reason: { code: 'object-not-found' },
    });
  });

  it('counts a file refused as a whole as one rejected entry, so counts add up', async () => {
    // Prepare
    const { ingest } = setup();
    const empty = await uploadText('counts/empty.txt', '');
    const short = await uploadText('counts/short.txt', 'one line');
    const oneBadLine = await uploadText('counts/one-bad.jsonl', '{"title":\n');
    const deleted = await uploadText('counts/deleted.txt', SEED);
    await s3.send(
      new DeleteObjectCommand({ Bucket: bucket, Key: deleted.key })
    );

    // Act
    const response = await ingest(
      ...[empty, short, oneBadLine, deleted].map((o) => sqsRecord(o))
    );

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const oneRejected = { found: 1, stored: 0, duplicate: 0, rejected: 1 };
    for (const key of ['empty.txt', 'short.txt', 'deleted.txt']) {
      expect((await fileRecord(`counts/${key}`))?.counts).toEqual(oneRejected);
    }
    expect(await fileRecord('counts/one-bad.jsonl')).toMatchObject({
      status: 'rejected',
      counts: oneRejected,
      problems: [{ location: 'line 1', code: 'malformed' }],
    });
  });

  it('skips an event whose object was overwritten since (S3 answers 412)', async () => {
    // Prepare
    const { ingest } = setup();
    const object = await uploadText('race/changed.txt', SEED);
    const remove = injectFault(
      s3,
      (input) => input.Key === 'race/changed.txt',
      () =>
        serviceError(
          'PreconditionFailed',
          'At least one of the pre-conditions you specified did not hold',
          412
        )
    );

    // Act
    const response = await ingest(sqsRecord(object));
    remove();

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(await fileRecord('race/changed.txt')).toBeUndefined();
  });

  it('rejects an object over the size limit without reading it', async () => {
    // Prepare
    const { ingest } = setup();
    const object = await uploadText(
      'big/huge.txt',
      'x'.repeat(MAX_OBJECT_BYTES + 1)
    );

    // Act
    const response = await ingest(sqsRecord(object));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(await fileRecord('big/huge.txt')).toMatchObject({
      status: 'rejected',
      reason: {
        code: 'too-large',
        message: `object is ${MAX_OBJECT_BYTES + 1} bytes; the limit is ${MAX_OBJECT_BYTES} bytes`,
      },
    });
  });

  it('ignores S3 test events and events that neither create nor remove', async () => {
    // Prepare
    const { ingest } = setup();
    const testEvent = readFileSync(
      join(FIXTURES_DIR, 'events', 's3-test-event.json'),
      'utf8'
    );
    const restored: UploadedObject = {
      bucket,
      key: 'restored/x.txt',
      sizeBytes: 0,
      sequencer: 'FF',
      eventName: 'ObjectRestore:Completed',
    };

    // Act
    const response = await ingest(rawSqsRecord(testEvent), sqsRecord(restored));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(await fileRecord('restored/x.txt')).toBeUndefined();
  });

  it('rejects poison messages once, with a log line and a metric, instead of retrying them', async () => {
    // Prepare
    const { ingest, metrics, logger } = setup();
    const added = vi.spyOn(metrics, 'addMetric');
    const logged = vi.spyOn(logger, 'error');
    const junk = rawSqsRecord('{"hello": "world"}');
    const notJson = rawSqsRecord('not json at all');
    const badKey = sqsRecord({
      bucket,
      key: 'x',
      sizeBytes: 1,
      sequencer: '0A',
    });
    badKey.body = badKey.body.replace('"key":"x"', '"key":"bad%E0%A4%A"');
    const good = await uploadText(
      'poison/good.txt',
      'A story beside the poison\n\nIts one paragraph, stored all the same.'
    );

    // Act
    const response = await ingest(junk, notJson, badKey, sqsRecord(good));

    // Assess: acknowledged, counted and logged; the real one processed
    expect(response.batchItemFailures).toEqual([]);
    expect(
      added.mock.calls.filter(([name]) => name === 'MessagesRejected')
    ).toHaveLength(3);
    expect(logged.mock.calls.map(([, extra]) => extra)).toEqual(
      [junk, notJson, badKey].map((record) =>
        expect.objectContaining({ messageId: record.messageId })
      )
    );
    expect(JSON.stringify(logged.mock.calls[2])).toContain(
      'not valid URL encoding'
    );
    expect(await fileRecord('poison/good.txt')).toMatchObject({
      key: 'poison/good.txt',
    });
  });

  it('records an article too large for a DynamoDB item as rejected', async () => {
    // Prepare: a real article with 300 distinct long paragraphs (~550 KB).
    const base = new TextDecoder().decode(SEED);
    const paragraphs = Array.from(
      { length: 300 },
      (_, i) =>
        `Paragraph ${i}: ${'The delegation travelled on by armoured train as officials briefed reporters. '.repeat(24)}`
    );
    const body = base.replace(
      'Putin last visited',
      `${paragraphs.join('\n\n')}\n\nPutin last visited`
    );
    const object = await uploadText('big/long-read.txt', body);
    const { ingest } = setup();

    // Act
    const response = await ingest(sqsRecord(object));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const record = await fileRecord('big/long-read.txt');
    expect(record).toMatchObject({
      status: 'rejected',
      counts: { found: 1, stored: 0, duplicate: 0, rejected: 1 },
      reason: { code: 'too-large' },
    });
    expect(record?.reason?.message).toMatch(
      /DynamoDB items are limited to 400000 bytes/u
    );
  });

  it('logs one JSON line per file with its key and the request id', async () => {
    // Prepare
    const logger = new Logger({
      serviceName: 'dropwire-ingest',
      logLevel: 'INFO',
    });
    const handler = createIngestHandler({ ...dependencies(), logger });
    const object = await uploadText(
      'logs/story.txt',
      loadArticleFixture('pa-nhs-strike-cp1252').source
    );
    const context = lambdaContext();
    const lines: string[] = [];
    const write = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => {
        lines.push(String(chunk));
        return true;
      });

    // Act
    await handler(sqsEvent(sqsRecord(object)), context);
    write.mockRestore();

    // Assess
    const entries = lines
      .flatMap((l) => l.split('\n'))
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const processed = entries.find((e) => e.message === 'file processed');
    expect(processed).toMatchObject({
      level: 'INFO',
      service: 'dropwire-ingest',
      key: 'logs/story.txt',
      status: 'stored',
      function_request_id: context.awsRequestId,
    });
  });

  it('emits metrics for stored articles and rejected files', async () => {
    // Prepare
    const { ingest, metrics } = setup();
    const addMetric = vi.spyOn(metrics, 'addMetric');
    const good = await uploadText(
      'metrics/good.txt',
      loadArticleFixture('mailing-list-wrapped').source
    );
    const bad = await uploadText('metrics/bad.txt', 'one line');

    // Act
    await ingest(sqsRecord(good), sqsRecord(bad));

    // Assess
    const calls = addMetric.mock.calls.map(([name, , value]) => [name, value]);
    expect(calls).toContainEqual(['ArticlesStored', 1]);
    expect(calls).toContainEqual(['FilesRejected', 1]);
    expect(calls).toContainEqual(['BytesIngested', good.sizeBytes]);
  });
});
