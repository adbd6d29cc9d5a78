/**
 * `GET /articles?file=<key>` through the real read handler, over files
 * ingested by the real ingest handler from s3rver into DynamoDB Local
 * (issue 15 §4): every article of a file, in file order, paged from the
 * `byFile` index. Every response is checked against the OpenAPI document.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../../functions/api/api-handler.ts';
import { apiDependencies } from '../../../functions/api/dependencies.ts';
import { openApiDocument } from '../../../functions/api/openapi.ts';
import type { ProxyRequest } from '../../../functions/api/proxy-event.ts';
import { ingestDependencies } from '../../../functions/ingest/dependencies.ts';
import { createIngestHandler } from '../../../functions/ingest/ingest-handler.ts';
import { ArticleStore } from '../../../functions/store/article-store.ts';
import {
  callApi,
  OpenApiChecker,
  TEST_CURSOR_SECRET,
} from '../../support/api.ts';
import {
  createTestBucket,
  createTestTable,
  lambdaContext,
  localClients,
  sqsEvent,
  sqsRecord,
  upload,
} from '../../support/aws.ts';
import { articleTitle, jsonLine, jsonLines } from '../../support/formats.ts';
import { countRequests } from '../../support/requests.ts';

const { s3, dynamoDb } = localClients();
const checker = new OpenApiChecker(openApiDocument());
let tableName: string;
let bucket: string;

beforeAll(async () => {
  [tableName, bucket] = await Promise.all([
    createTestTable(dynamoDb),
    createTestBucket(s3),
  ]);
});

/** Uploads `body` to `key` and ingests it through the ingest handler. */
async function ingestFile(key: string, body: string): Promise<void> {
  const deps = ingestDependencies(
    { s3, dynamoDb },
    { tableName, maxObjectBytes: 64 * 1024 * 1024 }
  );
  const object = await upload(s3, { Bucket: bucket, Key: key, Body: body });
  const response = await createIngestHandler(deps)(
    sqsEvent(sqsRecord(object)),
    lambdaContext()
  );
  expect(response.batchItemFailures).toEqual([]);
}

/** A read handler over the test table and bucket, on `client`. */
function readHandler(client: DynamoDBClient = dynamoDb) {
  return createApiHandler(
    apiDependencies(
      { dynamoDb: client },
      { tableName, dropBucketName: bucket, cursorSecret: TEST_CURSOR_SECRET }
    )
  );
}

async function get(
  request: Omit<ProxyRequest, 'method'>,
  client?: DynamoDBClient
) {
  const response = await callApi(readHandler(client), {
    method: 'GET',
    ...request,
  });
  checker.check('GET', '/articles', response);
  return response;
}

interface Page {
  items: { id: string; title: string }[];
  nextCursor: string | null;
}

/** Every page of `?file=key` with `limit`, followed to the end. */
async function allPages(key: string, limit: number): Promise<Page[]> {
  const pages: Page[] = [];
  let cursor: string | undefined;
  do {
    const response = await get({
      path: '/articles',
      query: { file: key, limit: String(limit), ...(cursor ? { cursor } : {}) },
    });
    expect(response.statusCode).toBe(200);
    const page = response.json as Page;
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && pages.length < 1000);
  return pages;
}

describe('Handler: GET /articles?file=', () => {
  it('pages through a JSON Lines file of 250 entries in file order, each article once, from the index alone', async () => {
    // Prepare
    await ingestFile('file/two-fifty.jsonl', jsonLines(0, 250));
    const client = localClients().dynamoDb;
    const counts = countRequests(client);

    // Act
    const pages: Page[] = [];
    let cursor: string | undefined;
    do {
      const response = await get(
        {
          path: '/articles',
          query: {
            file: 'file/two-fifty.jsonl',
            limit: '100',
            ...(cursor ? { cursor } : {}),
          },
        },
        client
      );
      pages.push(response.json as Page);
      cursor = (response.json as Page).nextCursor ?? undefined;
    } while (cursor !== undefined && pages.length < 10);

    // Assess
    expect(pages.map((page) => page.items.length)).toEqual([100, 100, 50]);
    const items = pages.flatMap((page) => page.items);
    expect(items.map((item) => item.title)).toEqual(
      Array.from({ length: 250 }, (_, n) => articleTitle(n))
    );
    expect(new Set(items.map((item) => item.id)).size).toBe(250);
    // The file record's ids (its first 1,000) are the same, in order.
    const record = await new ArticleStore({
      client: dynamoDb,
      tableName,
    }).getFileRecord(bucket, 'file/two-fifty.jsonl');
    expect(record?.articleIds).toEqual(items.map((item) => item.id));
    expect(counts.get('Scan')).toBeUndefined();
    // One file-record read on the first page; a Query and a BatchGetItem a page.
    expect(counts.get('GetItem')).toBe(1);
    expect(counts.get('Query')).toBe(3);
    expect(counts.get('BatchGetItem')).toBe(3);
  });

  it("lists a duplicate line once, at its first place, and a line duplicating another file as that file's article", async () => {
    // Prepare: "two" holds the text of "one"'s line under another URL
    // (another article id, the same text), and repeats its own first line's
    // text under another URL. (The same URL twice is one article: the id.)
    await ingestFile('file/dup-one.jsonl', jsonLines(500, 501));
    await ingestFile(
      'file/dup-two.jsonl',
      [
        jsonLine(507),
        jsonLine(500, { url: 'https://gazette.example/mirror/500' }),
        jsonLine(508),
        jsonLine(507, { url: 'https://gazette.example/mirror/507' }),
        jsonLine(509),
      ].join('\n')
    );
    const [one] = (await allPages('file/dup-one.jsonl', 10)).flatMap(
      (page) => page.items
    );

    // Act
    const pages = await allPages('file/dup-two.jsonl', 2);

    // Assess
    const items = pages.flatMap((page) => page.items);
    expect(items.map((item) => item.title)).toEqual(
      [507, 500, 508, 509].map(articleTitle)
    );
    expect(items[1]?.id).toBe(one?.id);
    expect(new Set(items.map((item) => item.id)).size).toBe(4);
  });

  it('lists only what the current version of an overwritten file yields', async () => {
    // Prepare
    await ingestFile('file/shrunk.jsonl', jsonLines(320, 323));

    // Act
    await ingestFile('file/shrunk.jsonl', jsonLines(330, 332));

    // Assess
    const items = (await allPages('file/shrunk.jsonl', 100)).flatMap(
      (page) => page.items
    );
    expect(items.map((item) => item.title)).toEqual(
      [330, 331].map(articleTitle)
    );
  });

  it('answers an empty list for a key never processed', async () => {
    // Act
    const response = await get({
      path: '/articles',
      query: { file: 'file/never-uploaded.jsonl' },
    });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ items: [], nextCursor: null });
  });

  it('refuses a cursor that was altered or belongs to another listing or file (400 invalid-cursor)', async () => {
    // Prepare
    await ingestFile('file/cursor.jsonl', jsonLines(340, 343));
    const first = (
      await get({
        path: '/articles',
        query: { file: 'file/cursor.jsonl', limit: '1' },
      })
    ).json as Page;
    const listing = (await get({ path: '/articles', query: { limit: '1' } }))
      .json as Page;
    const cursor = String(first.nextCursor);
    const cases = [
      { file: 'file/cursor.jsonl', cursor: `${cursor.slice(0, -2)}AA` },
      { file: 'file/cursor.jsonl', cursor: String(listing.nextCursor) },
      { file: 'file/two-fifty.jsonl', cursor },
      { cursor },
    ];

    // Act
    const responses = await Promise.all(
      cases.map((query) => get({ path: '/articles', query }))
    );

    // Assess
    for (const response of responses) {
      expect(response.statusCode).toBe(400);
      expect(response.json).toMatchObject({
        error: { code: 'invalid-cursor' },
      });
    }
  });

  it('refuses file with publisher, from or to, and an empty or too long key (400 invalid-parameter)', async () => {
    // Prepare
    const cases = [
      { file: 'file/cursor.jsonl', publisher: 'Reuters' },
      { file: 'file/cursor.jsonl', from: '2024-01-01' },
      { file: 'file/cursor.jsonl', to: '2024-01-01' },
      { file: '' },
      { file: 'k'.repeat(1025) },
    ];

    // Act
    const responses = await Promise.all(
      cases.map((query) => get({ path: '/articles', query }))
    );

    // Assess
    for (const response of responses) {
      expect(response.statusCode).toBe(400);
      expect(response.json).toMatchObject({
        error: { code: 'invalid-parameter' },
      });
    }
    expect(JSON.stringify(responses[0]?.json)).toContain('publisher');
  });
});
