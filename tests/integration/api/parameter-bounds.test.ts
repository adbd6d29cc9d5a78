/**
 * The read API's parameter caps admit every value the store holds: a
 * `GET /files` page that ends at a key near S3's 1,024 bytes gives a
 * cursor the API takes back, and a publisher of 3,000 characters (stored
 * whole, listed under a bounded key) is listed by `?publisher=`. Through
 * the read handler on DynamoDB Local, records and articles written by the
 * store's own code.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_CURSOR_CHARS } from '../../../functions/api/cursor.ts';
import { openApiDocument } from '../../../functions/api/openapi.ts';
import { ingestStore } from '../../../functions/ingest/dependencies.ts';
import type { FileRecord } from '../../../functions/store/file-record.ts';
import { normaliseSequencer } from '../../../functions/store/file-record.ts';
import {
  type ApiResponse,
  callApi,
  OpenApiChecker,
  operationOf,
  TEST_DROP_BUCKET,
  testApiHandler,
} from '../../support/api.ts';
import { syntheticArticle } from '../../support/articles.ts';
import { createTestTable, localClients } from '../../support/aws.ts';

type Page = {
  items: { key?: string; id?: string }[];
  nextCursor: string | null;
};

const checker = new OpenApiChecker(openApiDocument());
const { dynamoDb } = localClients();
let tableName: string;
let call: (
  path: string,
  query?: Record<string, string>
) => Promise<ApiResponse>;

beforeAll(async () => {
  tableName = await createTestTable(dynamoDb);
  const handler = testApiHandler(dynamoDb, tableName);
  call = async (path, query = {}) => {
    const response = await callApi(handler, { method: 'GET', path, query });
    checker.check('GET', operationOf(path), response);
    return response;
  };
});

function fileRecord(key: string, uploadedAt: string): FileRecord {
  return {
    bucket: TEST_DROP_BUCKET,
    key,
    status: 'stored',
    articleIds: [],
    counts: { found: 1, stored: 1, duplicate: 0, rejected: 0 },
    problems: [],
    sequencer: normaliseSequencer('01'),
    uploadedAt,
    processedAt: uploadedAt,
  };
}

/** Every key of `GET /files?prefix=…`, page by page, `limit` a page. */
async function walkFiles(prefix: string, limit: number) {
  const keys: string[] = [];
  const cursors: string[] = [];
  let cursor: string | null = null;
  do {
    const response: ApiResponse = await call('/files', {
      prefix,
      limit: String(limit),
      ...(cursor ? { cursor } : {}),
    });
    expect(response.statusCode).toBe(200);
    const page = response.json as Page;
    keys.push(...page.items.map((item) => item.key ?? ''));
    cursor = page.nextCursor;
    if (cursor) cursors.push(cursor);
  } while (cursor !== null && keys.length < 10);
  return { keys, cursors };
}

describe('Function: createApiHandler, caps that fit the store', () => {
  it.each([
    [
      'a 1,000-byte key',
      'long/',
      (n: number) => `long/${String(n)}${'k'.repeat(994)}`,
    ],
    [
      'a 1,024-byte key of quotes and control characters',
      'ctl/',
      (n: number) => `ctl/${String(n)}${'"\u0001'.repeat(509)}"`,
    ],
  ])(
    'pages GET /files past %s with the cursor it gave',
    async (_, prefix, keyOf) => {
      // Prepare
      const store = ingestStore({ dynamoDb }, { tableName });
      const keys = [1, 2, 3].map(keyOf);
      for (const [n, key] of keys.entries()) {
        await store.putFileRecord(
          fileRecord(key, `2026-12-02T10:00:0${n}.000Z`)
        );
      }

      // Act
      const walked = await walkFiles(prefix, 1);

      // Assess
      expect(Buffer.byteLength(keys[0] as string)).toBeGreaterThanOrEqual(1000);
      expect(walked.keys).toEqual([...keys].reverse());
      expect(walked.cursors).toHaveLength(2);
      for (const cursor of walked.cursors) {
        expect(cursor.length).toBeLessThanOrEqual(MAX_CURSOR_CHARS);
      }
    }
  );

  it('lists an article of a 3,000-character publisher by ?publisher=, and pages it', async () => {
    // Prepare
    const store = ingestStore({ dynamoDb }, { tableName });
    const publisher = `The ${'Very '.repeat(598)}Long Gazette`;
    const articles = [1, 2, 3].map((n) =>
      syntheticArticle({ n: 9000 + n, publisher, publishedAt: `2026-10-0${n}` })
    );
    const other = syntheticArticle({
      n: 9100,
      publisher: `${publisher.slice(0, -7)}Herald`,
    });
    for (const [n, article] of [...articles, other].entries()) {
      await store.saveArticle(article, {
        bucket: TEST_DROP_BUCKET,
        key: `pub/${n}.txt`,
        sequencer: normaliseSequencer('01'),
      });
    }

    // Act
    const first = await call('/articles', {
      publisher: publisher.toUpperCase(),
      limit: '2',
    });
    const firstPage = first.json as Page;
    const second = await call('/articles', {
      publisher: publisher.toUpperCase(),
      limit: '2',
      cursor: firstPage.nextCursor ?? '',
    });

    // Assess
    expect(publisher.length).toBeGreaterThan(3000);
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(
      [...firstPage.items, ...(second.json as Page).items].map((a) => a.id)
    ).toEqual([...articles].reverse().map((a) => a.id));
  });
});
