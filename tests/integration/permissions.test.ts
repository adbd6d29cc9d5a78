/**
 * What each function sends on the real servers, held to the permission
 * table (lib/permissions.ts): the static check in tests/infra reads which
 * commands a function's modules contain; this one records the commands a
 * function's handler really sends across its paths, with the operations
 * inside each transaction, and finds each in the function's rows.
 */
import { readFileSync } from 'node:fs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestDependencies } from '../../functions/ingest/dependencies.ts';
import { createIngestHandler } from '../../functions/ingest/ingest-handler.ts';
import { FUNCTION_CALLS, type FunctionName } from '../../lib/permissions.ts';
import { callApi, testApiHandler } from '../support/api.ts';
import {
  createTestBucket,
  createTestTable,
  lambdaContext,
  localClients,
  sqsEvent,
  sqsRecord,
  upload,
} from '../support/aws.ts';
import { SEED_PATH } from '../support/paths.ts';

const SEED = readFileSync(SEED_PATH);

/** Records each command a client sends, as the permission table names it. */
function recordCalls(client: S3Client | DynamoDBClient, calls: Set<string>) {
  // Both clients' stacks take the same middleware; their types differ.
  (client.middlewareStack as DynamoDBClient['middlewareStack']).add(
    (next, context) => async (args) => {
      const command = String(context.commandName).replace(/Command$/u, '');
      const input = args.input as {
        TransactItems?: Record<string, unknown>[];
        VersionId?: string;
      };
      if (command === 'TransactWriteItems') {
        for (const item of input.TransactItems ?? []) {
          for (const kind of Object.keys(item)) {
            calls.add(`TransactWriteItems.${kind}`);
          }
        }
      } else {
        calls.add(command);
      }
      if (command === 'GetObject' && input.VersionId) {
        calls.add('GetObject.VersionId');
      }
      return next(args);
    },
    { step: 'initialize', name: 'record-calls' }
  );
}

/** Every call of a function's rows. */
function listed(name: FunctionName): string[] {
  const rows: Record<string, readonly string[]> = FUNCTION_CALLS[name];
  return Object.values(rows).flat();
}

const { s3, dynamoDb } = localClients();
let tableName: string;
let bucket: string;
const ingestCalls = new Set<string>();

beforeAll(async () => {
  [tableName, bucket] = await Promise.all([
    createTestTable(dynamoDb),
    createTestBucket(s3),
  ]);
});

describe('Permissions: what the functions send', () => {
  it('the ingest function sends only calls of its rows', async () => {
    // Prepare: clients of its own, so only its calls are recorded
    const clients = localClients();
    recordCalls(clients.s3, ingestCalls);
    recordCalls(clients.dynamoDb, ingestCalls);
    const handler = createIngestHandler(
      ingestDependencies(clients, { tableName, maxObjectBytes: 1024 * 1024 })
    );
    const ingest = async (key: string, body: string | Uint8Array) => {
      const object = await upload(s3, { Bucket: bucket, Key: key, Body: body });
      return handler(sqsEvent(sqsRecord(object)), lambdaContext());
    };

    // Act: stored, duplicate, overwritten with other text, rejected, many
    await ingest('perm/seed.txt', SEED);
    await ingest('perm/copy.txt', SEED);
    await ingest('perm/seed.txt', 'Another story\n\nIts only paragraph.');
    await ingest('perm/empty.txt', '');
    await ingest(
      'perm/many.jsonl',
      ['A', 'B']
        .map((t) => JSON.stringify({ title: t, text: `${t} text.` }))
        .join('\n')
    );

    // Assess
    expect(ingestCalls).toContain('GetObject');
    expect(ingestCalls).toContain('TransactWriteItems.Put');
    for (const call of ingestCalls) expect(listed('ingest')).toContain(call);
  });

  it('the read function sends only calls of its rows, on every route', async () => {
    // Prepare
    const calls = new Set<string>();
    const client = localClients().dynamoDb;
    recordCalls(client, calls);
    const handler = testApiHandler(client, tableName, {
      dropBucketName: bucket,
    });
    const get = (path: string) => callApi(handler, { method: 'GET', path });
    const { json } = await get('/articles');
    const id = (json as { items: { id: string }[] }).items[0]?.id;

    // Act
    const statuses = await Promise.all(
      [
        `/articles/${id}`,
        '/articles?publisher=The%20Telegraph',
        `/articles?file=${encodeURIComponent('perm/copy.txt')}`,
        '/files',
        '/files?status=stored&prefix=perm/',
        '/files/perm/many.jsonl',
        '/openapi.json',
      ].map(async (path) => (await get(path)).statusCode)
    );

    // Assess
    expect(id).toBeDefined();
    expect(statuses.every((status) => status < 500)).toBe(true);
    expect(calls).toContain('Query');
    expect(calls).toContain('GetItem');
    expect(calls).toContain('BatchGetItem');
    for (const call of calls) expect(listed('read')).toContain(call);
  });
});
