/**
 * The article store on dynalite, local mode's fallback when Java is
 * missing, through the transaction emulation in
 * bin/local/dynalite-transactions.ts: the same guarantees as on DynamoDB.
 */
import {
  PutItemCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulateTransactions } from '../../../bin/local/dynalite-transactions.ts';
import { type LocalServer, startDynalite } from '../../../bin/local/servers.ts';
import { ArticleStore } from '../../../functions/store/article-store.ts';
import { createDynamoDbClient } from '../../../functions/store/clients.ts';
import { normaliseSequencer } from '../../../functions/store/file-record.ts';
import { createTestTable, scanTable } from '../../support/aws.ts';
import { articleFromFixture } from '../../support/fixtures.ts';

let server: LocalServer;
let store: ArticleStore;
let client: ReturnType<typeof createDynamoDbClient>;
let tableName: string;

beforeAll(async () => {
  server = await startDynalite();
  client = createDynamoDbClient({
    region: 'us-east-1',
    dynamoDbEndpoint: server.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  emulateTransactions(client);
  tableName = await createTestTable(client);
  store = new ArticleStore({ client, tableName });
});

afterAll(async () => {
  await server.stop();
});

const seq = (n: number) => normaliseSequencer(n.toString(16));

const articleFrom = articleFromFixture;

describe('Emulated transactions on dynalite', () => {
  it('stores, reads back, and reports duplicates as on DynamoDB', async () => {
    // Prepare
    const a = articleFrom('ap-senate-vote', 'a.txt');
    const b = articleFrom('ap-senate-vote', 'b.txt');

    // Act
    const first = await store.saveArticle(a, {
      bucket: 'drop',
      key: 'a.txt',
      sequencer: seq(1),
    });
    const second = await store.saveArticle(b, {
      bucket: 'drop',
      key: 'b.txt',
      sequencer: seq(1),
    });

    // Assess
    expect(first).toEqual({ status: 'stored', id: a.id });
    expect(second).toEqual({ status: 'duplicate', id: a.id });
    expect(await store.getArticle(a.id)).toEqual(a);
  });

  it('cancels the whole write when a condition fails, leaving nothing half done', async () => {
    // Prepare
    const newer = articleFrom('reuters-wire-rates', 'r.txt', (t) =>
      t.replace('5-4', '6-3')
    );
    const older = articleFrom('reuters-wire-rates', 'r.txt');
    await store.saveArticle(newer, {
      bucket: 'drop',
      key: 'r.txt',
      sequencer: seq(9),
    });

    // Act
    const outcome = await store.saveArticle(older, {
      bucket: 'drop',
      key: 'r.txt',
      sequencer: seq(2),
    });

    // Assess
    expect(outcome.status).toBe('superseded');
    const hashes = (await scanTable(client, tableName)).filter(
      (item) => item.type === 'hash' && item.articleId === newer.id
    );
    expect(hashes.map((h) => h.pk)).toEqual([`HASH#${newer.contentHash}`]);
  });

  it('undoes earlier writes of a transaction whose later condition fails', async () => {
    // Prepare
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { pk: { S: 'T#2' }, sk: { S: 'T' }, v: { S: 'old' } },
      })
    );
    const write = new TransactWriteItemsCommand({
      TransactItems: [
        {
          Put: {
            TableName: tableName,
            Item: { pk: { S: 'T#1' }, sk: { S: 'T' } },
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: { pk: { S: 'T#2' }, sk: { S: 'T' }, v: { S: 'new' } },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    });

    // Act
    const error = await client.send(write).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(
      (error as TransactionCanceledException).CancellationReasons?.map(
        (r) => r.Code
      )
    ).toEqual(['None', 'ConditionalCheckFailed']);
    const items = await scanTable(client, tableName);
    expect(items.find((item) => item.pk === 'T#1')).toBeUndefined();
    expect(items.find((item) => item.pk === 'T#2')?.v).toBe('old');
  });

  it('moves the content hash when an object is edited', async () => {
    // Prepare
    const v1 = articleFrom('guardian-budget-cuts', 'g.txt');
    const v2 = articleFrom('guardian-budget-cuts', 'g.txt', (t) =>
      t.replace('£4bn', '£6bn')
    );
    await store.saveArticle(v1, {
      bucket: 'drop',
      key: 'g.txt',
      sequencer: seq(1),
    });

    // Act
    await store.saveArticle(v2, {
      bucket: 'drop',
      key: 'g.txt',
      sequencer: seq(2),
    });

    // Assess
    const hashes = (await scanTable(client, tableName)).filter(
      (item) => item.type === 'hash' && item.articleId === v1.id
    );
    expect(hashes.map((h) => h.pk)).toEqual([`HASH#${v2.contentHash}`]);
  });
});
