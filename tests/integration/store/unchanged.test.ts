/**
 * Re-reading a version whose articles are stored as it would write them
 * (issue 15 §5): the ingest handler on the real servers (s3rver, DynamoDB
 * Local) writes nothing to the article items and counts `unchanged` in the
 * file record. A middleware on the real client counts the writes that
 * touch article items (`ARTICLE#…` keys), by operation.
 */
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { PARSER_VERSION } from '../../../functions/core/parser-version.ts';
import { ingestDependencies } from '../../../functions/ingest/dependencies.ts';
import { createIngestHandler } from '../../../functions/ingest/ingest-handler.ts';
import { articleKey } from '../../../functions/store/table.ts';
import {
  createTestBucket,
  createTestTable,
  lambdaContext,
  localClients,
  sqsEvent,
  sqsRecord,
  type UploadedObject,
  upload,
} from '../../support/aws.ts';
import { jsonLines } from '../../support/formats.ts';
import { countWrites } from '../../support/write-counter.ts';

const { s3, dynamoDb } = localClients();
let tableName: string;
let bucket: string;

beforeAll(async () => {
  [tableName, bucket] = await Promise.all([
    createTestTable(dynamoDb),
    createTestBucket(s3),
  ]);
});

function setup() {
  const clients = localClients();
  const writes = countWrites(clients.dynamoDb);
  const deps = ingestDependencies(
    { s3, dynamoDb: clients.dynamoDb },
    { tableName, maxObjectBytes: 64 * 1024 * 1024 }
  );
  const handler = createIngestHandler(deps);
  const ingest = async (object: UploadedObject) => {
    const response = await handler(
      sqsEvent(sqsRecord(object)),
      lambdaContext()
    );
    expect(response.batchItemFailures).toEqual([]);
  };
  return { writes, ingest, store: deps.store };
}

describe('Store: unchanged articles', () => {
  it('writes no article item when the same version is sent again, and counts its entries unchanged', async () => {
    // Prepare
    const { writes, ingest, store } = setup();
    const object = await upload(s3, {
      Bucket: bucket,
      Key: 'unchanged/five.jsonl',
      Body: jsonLines(600, 605),
    });
    await ingest(object);
    const first = await store.getFileRecord(bucket, object.key);
    const firstWrites = { ...writes };

    // Act
    await ingest(object);

    // Assess
    expect(first?.counts).toEqual({
      found: 5,
      stored: 5,
      duplicate: 0,
      rejected: 0,
    });
    expect(firstWrites.article).toBe(5);
    expect(writes.article - firstWrites.article).toBe(0);
    const again = await store.getFileRecord(bucket, object.key);
    expect(again).toMatchObject({
      status: 'stored',
      articleIds: first?.articleIds,
      counts: { found: 5, stored: 0, duplicate: 0, unchanged: 5, rejected: 0 },
    });
    // A file this small has no `processing` record: its record is
    // written once, in the transaction its articles would be written in.
    expect(writes.file - firstWrites.file).toBe(1);
    for (const id of first?.articleIds ?? []) {
      expect((await store.getArticle(id))?.parserVersion).toBe(PARSER_VERSION);
    }
  });

  it('writes again an article stored by another parserVersion, and only it', async () => {
    // Prepare: one article as an older parser would have stored it.
    const { writes, ingest, store } = setup();
    const object = await upload(s3, {
      Bucket: bucket,
      Key: 'unchanged/parser.jsonl',
      Body: jsonLines(610, 613),
    });
    await ingest(object);
    const ids = (await store.getFileRecord(bucket, object.key))?.articleIds;
    await dynamoDb.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: marshall(articleKey(ids?.[1] ?? '')),
        UpdateExpression: 'SET parserVersion = :old',
        ExpressionAttributeValues: { ':old': { N: '0' } },
      })
    );
    const before = writes.article;

    // Act
    await ingest(object);

    // Assess
    expect(writes.article - before).toBe(1);
    expect((await store.getFileRecord(bucket, object.key))?.counts).toEqual({
      found: 3,
      stored: 1,
      duplicate: 0,
      unchanged: 2,
      rejected: 0,
    });
    expect((await store.getArticle(ids?.[1] ?? ''))?.parserVersion).toBe(
      PARSER_VERSION
    );
  });

  it('writes the articles of a new version with the same text (its entries move to the new version)', async () => {
    // Prepare
    const { writes, ingest, store } = setup();
    const key = 'unchanged/reupload.jsonl';
    await ingest(
      await upload(s3, { Bucket: bucket, Key: key, Body: jsonLines(620, 622) })
    );
    const before = writes.article;

    // Act
    await ingest(
      await upload(s3, { Bucket: bucket, Key: key, Body: jsonLines(620, 622) })
    );

    // Assess: rewritten under the new sequencer, not removed as older entries.
    expect(writes.article - before).toBe(2);
    const record = await store.getFileRecord(bucket, key);
    expect(record?.counts).toEqual({
      found: 2,
      stored: 2,
      duplicate: 0,
      rejected: 0,
    });
    for (const id of record?.articleIds ?? []) {
      expect((await store.findArticle(id)).status).toBe('found');
    }
  });
});
