/**
 * `GET /files` against DynamoDB Local: the store's `listFiles` over the
 * `byFileTime` index, and the route through proxy events, every response
 * checked against the OpenAPI document. No SDK mocks: a middleware only
 * counts requests.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../functions/api/openapi.ts';
import type { ProxyRequest } from '../../../functions/api/proxy-event.ts';
import { ArticleStore } from '../../../functions/store/article-store.ts';
import { ArticleStoreError } from '../../../functions/store/errors.ts';
import type { FileSummary } from '../../../functions/store/file-listing.ts';
import {
  type FileRecord,
  type FileStatus,
  normaliseSequencer,
} from '../../../functions/store/file-record.ts';
import {
  type ApiResponse,
  callApi,
  OpenApiChecker,
  operationOf,
  TEST_DROP_BUCKET,
  testApiHandler,
} from '../../support/api.ts';
import {
  countRequests,
  createTestTable,
  localClients,
  scanTable,
} from '../../support/aws.ts';

const STATUSES: readonly FileStatus[] = ['stored', 'duplicate', 'rejected'];
const FILE_COUNT = 60;
const START_MS = Date.UTC(2026, 10, 1);

/**
 * File `n`: uploaded `n` minutes after the start, under `a/` or `b/`,
 * stored, duplicate or rejected in turn; every 9th has no upload time and
 * sorts by its processing time.
 */
function fileRecord(n: number, bucket = TEST_DROP_BUCKET): FileRecord {
  const at = (ms: number) => new Date(START_MS + ms).toISOString();
  const status = STATUSES[n % STATUSES.length] as FileStatus;
  return {
    bucket,
    key: `${n % 2 === 0 ? 'a' : 'b'}/file #${String(n).padStart(3, '0')}.txt`,
    status,
    ...(status === 'rejected'
      ? { reason: { code: 'empty', message: 'the file has no bytes' } }
      : {}),
    articleIds: status === 'rejected' ? [] : ['0'.repeat(31) + (n % 10)],
    counts: {
      found: 1,
      stored: status === 'stored' ? 1 : 0,
      duplicate: status === 'duplicate' ? 1 : 0,
      rejected: 0,
    },
    problems: [],
    format: 'text',
    sizeBytes: 100 + n,
    sequencer: normaliseSequencer(n.toString(16)),
    ...(n % 9 === 0 ? {} : { uploadedAt: at(n * 60_000) }),
    processedAt: at(n * 60_000 + 500),
  };
}

/** What a listing row of `record` must be. */
function summaryOf(record: FileRecord): FileSummary {
  const {
    articleIds: _ids,
    problems: _problems,
    sequencer: _sequencer,
    etag: _etag,
    versionId: _versionId,
    ...summary
  } = record;
  return summary;
}

/** A client of its own, and the requests it sends, by command name. */
function counted(): { client: DynamoDBClient; counts: Map<string, number> } {
  const { dynamoDb: client } = localClients();
  return { client, counts: countRequests(client) };
}

const { dynamoDb } = localClients();
const checker = new OpenApiChecker(openApiDocument());
let tableName: string;
let records: FileRecord[];
let newestFirst: FileRecord[];

beforeAll(async () => {
  tableName = await createTestTable(dynamoDb);
  const store = new ArticleStore({ client: dynamoDb, tableName });
  records = Array.from({ length: FILE_COUNT }, (_, n) => fileRecord(n));
  // Another bucket's records must never show in the drop bucket's listing.
  const others = [fileRecord(1000, 'other-bucket')];
  await Promise.all([...records, ...others].map((r) => store.putFileRecord(r)));
  newestFirst = [...records].sort((a, b) => {
    const ka = `${a.uploadedAt ?? a.processedAt}#${a.key}`;
    const kb = `${b.uploadedAt ?? b.processedAt}#${b.key}`;
    return ka < kb ? 1 : -1;
  });
});

/** Follows `next` from the first page to the last. */
async function walkStore(
  store: ArticleStore,
  query: { limit: number; status?: FileStatus; prefix?: string }
): Promise<FileSummary[][]> {
  const pages: FileSummary[][] = [];
  let startAt: string | undefined;
  do {
    const page = await store.listFiles({
      bucket: TEST_DROP_BUCKET,
      ...query,
      ...(startAt !== undefined ? { startAt } : {}),
    });
    pages.push([...page.items]);
    startAt = page.next;
  } while (startAt !== undefined && pages.length < 200);
  return pages;
}

describe('Class: ArticleStore, listFiles', () => {
  it('returns every record of the bucket once, newest upload first, over pages', async () => {
    // Prepare
    const { client, counts } = counted();
    const store = new ArticleStore({ client, tableName });

    // Act
    const pages = await walkStore(store, { limit: 7 });

    // Assess
    expect(pages.flat()).toEqual(newestFirst.map(summaryOf));
    expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 4]);
    expect(counts.get('Query')).toBe(pages.length);
    expect(counts.get('Scan')).toBeUndefined();
  });

  it('filters by status and by key prefix, together and alone', async () => {
    // Prepare
    const store = new ArticleStore({ client: dynamoDb, tableName });
    const expected = (keep: (r: FileRecord) => boolean) =>
      newestFirst.filter(keep).map(summaryOf);

    // Act
    const rejected = (
      await walkStore(store, { limit: 5, status: 'rejected' })
    ).flat();
    const underA = (await walkStore(store, { limit: 5, prefix: 'a/' })).flat();
    const both = (
      await walkStore(store, { limit: 5, status: 'stored', prefix: 'b/' })
    ).flat();
    const none = await walkStore(store, { limit: 5, prefix: 'c/' });

    // Assess
    expect(rejected).toEqual(expected((r) => r.status === 'rejected'));
    expect(underA).toEqual(expected((r) => r.key.startsWith('a/')));
    expect(both).toEqual(
      expected((r) => r.status === 'stored' && r.key.startsWith('b/'))
    );
    expect(none).toEqual([[]]);
  });

  it('examines at most its budget per filtered page, and goes on from there', async () => {
    // Prepare
    const { client, counts } = counted();
    const store = new ArticleStore({
      client,
      tableName,
      maxFilesExaminedPerPage: 8,
    });
    const matching = newestFirst.filter((r) => r.status === 'duplicate');

    // Act
    const pages = await walkStore(store, { limit: 100, status: 'duplicate' });

    // Assess
    expect(pages.flat()).toEqual(matching.map(summaryOf));
    // 60 records, 8 examined a page: 8 pages, each of at most 3 matches.
    expect(pages).toHaveLength(Math.ceil(FILE_COUNT / 8));
    expect(Math.max(...pages.map((p) => p.length))).toBeLessThanOrEqual(3);
    expect(counts.get('Query')).toBe(pages.length);
  });

  it('keeps the listing keys out of the record GetItem returns', async () => {
    // Prepare
    const store = new ArticleStore({ client: dynamoDb, tableName });
    const record = records[5] as FileRecord;

    // Act
    const read = await store.getFileRecord(record.bucket, record.key);
    const items = await scanTable(dynamoDb, tableName);
    const item = items.find((i) => i.key === record.key);

    // Assess
    expect(read).toEqual(record);
    expect(item).toMatchObject({
      gsi3pk: `FILES#${TEST_DROP_BUCKET}`,
      gsi3sk: `${record.uploadedAt}#${record.key}`,
    });
  });

  it('throws ArticleStoreError for a position it did not make', async () => {
    // Prepare
    const store = new ArticleStore({ client: dynamoDb, tableName });

    // Act
    const listing = store.listFiles({
      bucket: TEST_DROP_BUCKET,
      limit: 5,
      startAt: 'nonsense',
    });

    // Assess
    await expect(listing).rejects.toThrow(ArticleStoreError);
  });
});

describe('Function: createApiHandler, GET /files', () => {
  let call: (request: Omit<ProxyRequest, 'method'>) => Promise<ApiResponse>;

  beforeAll(() => {
    const handler = testApiHandler(dynamoDb, tableName);
    call = async (request) => {
      const response = await callApi(handler, { method: 'GET', ...request });
      checker.check('GET', operationOf(request.path), response);
      return response;
    };
  });

  it('pages through the filtered records with signed cursors', async () => {
    // Prepare
    const query = { status: 'rejected', prefix: 'a/', limit: '3' };
    const keys: string[] = [];
    let cursor: string | null = null;

    // Act
    do {
      const response: ApiResponse = await call({
        path: '/files',
        query: { ...query, ...(cursor ? { cursor } : {}) },
      });
      const body = response.json as {
        items: FileSummary[];
        nextCursor: string | null;
      };
      keys.push(...body.items.map((item) => item.key));
      cursor = body.nextCursor;
    } while (cursor !== null && keys.length < 100);

    // Assess
    expect(keys).toEqual(
      newestFirst
        .filter((r) => r.status === 'rejected' && r.key.startsWith('a/'))
        .map((r) => r.key)
    );
  });

  it('serves rows without article ids, problems or the sequencer', async () => {
    // Act
    const response = await call({ path: '/files', query: { limit: '1' } });
    const slash = await call({ path: '/files/', query: { limit: '1' } });
    const [row] = (response.json as { items: Record<string, unknown>[] }).items;

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.headers['Cache-Control']).toBe('no-cache');
    expect(row).toEqual(summaryOf(newestFirst[0] as FileRecord));
    // An empty key is no key: `/files/` is the listing, as `/files` is.
    expect(slash.json).toEqual(response.json);
  });

  it.each([
    ['an unknown status', { status: 'lost' }, '"status"'],
    ['an empty prefix', { prefix: '' }, '"prefix"'],
    ['a limit over 100', { limit: '101' }, '"limit"'],
    ['an unknown parameter', { publisher: 'x' }, '"publisher"'],
  ])('answers 400 for %s', async (_, query, named) => {
    // Act
    const response = await call({ path: '/files', query });

    // Assess
    expect(response.statusCode).toBe(400);
    expect(
      (response.json as { error: { message: string } }).error.message
    ).toContain(named);
  });

  it('answers 400 invalid-cursor for a cursor of other filters or of /articles', async () => {
    // Prepare
    const first = await call({
      path: '/files',
      query: { limit: '2', status: 'stored' },
    });
    const cursor = (first.json as { nextCursor: string }).nextCursor;
    const articles = testApiHandler(dynamoDb, tableName);

    // Act
    const otherStatus = await call({
      path: '/files',
      query: { status: 'rejected', cursor },
    });
    const onArticles = await callApi(articles, {
      method: 'GET',
      path: '/articles',
      query: { cursor },
    });

    // Assess
    for (const response of [otherStatus, onArticles]) {
      expect(response.statusCode).toBe(400);
      expect((response.json as { error: { code: string } }).error.code).toBe(
        'invalid-cursor'
      );
    }
  });
});
