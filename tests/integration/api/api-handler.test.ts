/**
 * The read handler against DynamoDB Local (started by
 * tests/support/global-setup.ts), through REST API proxy events as API
 * Gateway sends them. No SDK mocks: a middleware on the client only counts
 * the requests. Every response is checked against the OpenAPI document.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Validator } from '@seriousme/openapi-schema-validator';
import * as fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_CURSOR_CHARS } from '../../../functions/api/cursor.ts';
import { openApiDocument } from '../../../functions/api/openapi.ts';
import { MAX_PUBLISHER_CHARS } from '../../../functions/api/parameters.ts';
import {
  type ProxyRequest,
  proxyEvent,
} from '../../../functions/api/proxy-event.ts';
import { API_ENDPOINTS } from '../../../functions/api/route-manifest.ts';
import {
  type Article,
  type ArticleSummary,
  parseFile,
  renderMarkdown,
  SUMMARY_FIELDS,
} from '../../../functions/core/index.ts';
import { ingestStore } from '../../../functions/ingest/dependencies.ts';
import { ArticleStore } from '../../../functions/store/article-store.ts';
import { normaliseSequencer } from '../../../functions/store/file-record.ts';
import {
  listingSortKey,
  monthOf,
  sortDate,
} from '../../../functions/store/table.ts';
import {
  type ApiResponse,
  callApi,
  OpenApiChecker,
  operationOf,
  TEST_DROP_BUCKET,
  testApiHandler,
} from '../../support/api.ts';
import { syntheticArticle } from '../../support/articles.ts';
import {
  createTestTable,
  lambdaContext,
  localClients,
} from '../../support/aws.ts';
import { loadArticleFixture } from '../../support/fixtures.ts';
import { countRequests } from '../../support/requests.ts';

type JsonObject = Record<string, unknown>;

const PUBLISHERS = ['The Telegraph', 'Reuters', 'BBC News', undefined];
const SYNTHETIC_COUNT = 250;
const START_MS = Date.UTC(2025, 0, 1, 6);
const HOUR_MS = 3_600_000;

/**
 * 250 articles over 13 months: most dated to the second, every 7th dated
 * to the day only, every 10th (from 3) undated and so sorted by ingest
 * time, and every 25th (from 1) at the same instant as its predecessor
 * (ties are broken by id).
 */
function syntheticArticles(): Article[] {
  return Array.from({ length: SYNTHETIC_COUNT }, (_, n) => {
    const at = (k: number) =>
      new Date(START_MS + k * 37 * HOUR_MS).toISOString().replace('.000Z', 'Z');
    const instant = at(n % 25 === 1 ? n - 1 : n);
    const publisher = PUBLISHERS[n % PUBLISHERS.length];
    if (n % 10 === 3) {
      return syntheticArticle({
        n,
        ingestedAt: instant,
        ...(publisher ? { publisher } : {}),
      });
    }
    return syntheticArticle({
      n,
      publishedAt: n % 7 === 0 ? instant.slice(0, 10) : instant,
      ...(publisher ? { publisher } : {}),
    });
  });
}

function fixtureArticle(slug: string): Article {
  const fixture = loadArticleFixture(slug);
  const result = parseFile(fixture.source, {
    ...fixture.meta,
    bucket: TEST_DROP_BUCKET,
  });
  if (!result.ok) throw new Error(result.rejection.message);
  return result.articles[0] as Article;
}

/** Byte-order comparison, as DynamoDB sorts string keys. */
function byKeyDescending(a: Article, b: Article): number {
  const ka = listingSortKey(a);
  const kb = listingSortKey(b);
  return ka < kb ? 1 : ka > kb ? -1 : 0;
}

const checker = new OpenApiChecker(openApiDocument());
const { dynamoDb } = localClients();
let tableName: string;
let articles: Article[];
let seed: Article;
let requests: Map<string, number>;
let call: (
  request: Omit<ProxyRequest, 'method'> & { method?: string }
) => Promise<ApiResponse>;

beforeAll(async () => {
  tableName = await createTestTable(dynamoDb);
  const writer = ingestStore({ dynamoDb }, { tableName });
  seed = fixtureArticle('telegraph-putin-kim-gifts');
  articles = [
    ...syntheticArticles(),
    seed,
    fixtureArticle('bbc-flood-warnings'),
    fixtureArticle('lemonde-greve-fr'),
  ];
  for (let i = 0; i < articles.length; i += 25) {
    await Promise.all(
      articles.slice(i, i + 25).map((article, j) =>
        writer.saveArticle(article, {
          bucket: TEST_DROP_BUCKET,
          key: article.origin.key ?? `a-${i + j}`,
          sequencer: normaliseSequencer('1'),
        })
      )
    );
  }
  const reader = localClients().dynamoDb;
  requests = countRequests(reader);
  const handler = testApiHandler(reader, tableName);
  call = async (request) => {
    const response = await callApi(handler, { method: 'GET', ...request });
    checker.check(request.method ?? 'GET', operationOf(request.path), response);
    return response;
  };
});

/** Follows nextCursor from the first page to the last. */
async function walk(
  query: Record<string, string>
): Promise<{ pages: ArticleSummary[][]; queries: number[] }> {
  const pages: ArticleSummary[][] = [];
  const queries: number[] = [];
  let cursor: string | null = null;
  do {
    const before = requests.get('Query') ?? 0;
    const response = await call({
      path: '/articles',
      query: { ...query, ...(cursor ? { cursor } : {}) },
    });
    expect(response.statusCode).toBe(200);
    const body = response.json as {
      items: ArticleSummary[];
      nextCursor: string | null;
    };
    pages.push(body.items);
    queries.push((requests.get('Query') ?? 0) - before);
    cursor = body.nextCursor;
  } while (cursor !== null && pages.length < 1000);
  return { pages, queries };
}

const ids = (items: readonly { id: string }[]) => items.map((item) => item.id);

describe('Function: createApiHandler, GET /articles', () => {
  it('returns every article exactly once, newest first, over pages', async () => {
    // Prepare
    const expected = ids([...articles].sort(byKeyDescending));

    // Act
    const { pages } = await walk({ limit: '7' });

    // Assess
    const listed = ids(pages.flat());
    expect(listed).toEqual(expected);
    expect(new Set(listed).size).toBe(articles.length);
    expect(pages.slice(0, -1).every((page) => page.length === 7)).toBe(true);
    expect(pages.at(-1)?.length).toBeGreaterThan(0);
  });

  it('serves summaries with exactly the summary fields', async () => {
    // Act
    const response = await call({ path: '/articles', query: { limit: '100' } });

    // Assess
    const { items } = response.json as { items: Record<string, unknown>[] };
    expect(items).toHaveLength(100);
    const newest = [...articles].sort(byKeyDescending)[0] as Article;
    const expected = Object.fromEntries(
      SUMMARY_FIELDS.filter((f) => newest[f] !== undefined).map((f) => [
        f,
        newest[f],
      ])
    );
    expect(items[0]).toEqual(expected);
    expect(response.headers['Cache-Control']).toBe('no-cache');
  });
});

/** The instant an article sorts at (a date alone: its midnight, UTC). */
function sortInstant(article: Article): number {
  const date = sortDate(article);
  return Date.parse(date.length === 10 ? `${date}T00:00:00Z` : date);
}

/** Articles in a date range, computed without the store's key bounds. */
function inRange(from?: string, to?: string) {
  const start = from
    ? Date.parse(from.length === 10 ? `${from}T00:00:00Z` : from)
    : -Infinity;
  const end = to
    ? to.length === 10
      ? Date.parse(`${to}T00:00:00Z`) + 86_400_000 - 1
      : Date.parse(to)
    : Infinity;
  return (article: Article) =>
    sortInstant(article) >= start && sortInstant(article) <= end;
}

const synthetic = (n: number) =>
  articles.find((a) => a.title === `Article ${n}`) as Article;

describe('Function: createApiHandler, GET /articles filters', () => {
  it('lists one publisher, in any case, in one Query per page', async () => {
    // Prepare
    const expected = ids(
      articles
        .filter((a) => a.publisher?.toLowerCase() === 'reuters')
        .sort(byKeyDescending)
    );

    // Act
    const { pages, queries } = await walk({
      publisher: '  rEUTERS ',
      limit: '9',
    });

    // Assess
    expect(ids(pages.flat())).toEqual(expected);
    expect(expected.length).toBeGreaterThan(50);
    expect(queries.every((count) => count === 1)).toBe(true);
  });

  it('lists a date range, both ends inclusive, across months', async () => {
    // Prepare: `to` is exactly article 60's instant, given with an offset.
    const to60 = synthetic(60).publishedAt as string;
    const to = new Date(Date.parse(to60) + 2 * HOUR_MS)
      .toISOString()
      .replace('.000Z', '+02:00');
    const from = '2025-02-12';
    const expected = ids(
      articles.filter(inRange(from, to60)).sort(byKeyDescending)
    );

    // Act
    const { pages } = await walk({ from, to, limit: '11' });

    // Assess
    const listed = ids(pages.flat());
    expect(listed).toEqual(expected);
    expect(listed[0]).toBe(synthetic(60).id);
    expect(new Set(expected.map((id) => monthOfId(id))).size).toBeGreaterThan(
      1
    );
  });

  it('includes undated articles by ingest time, and whole days for dates', async () => {
    // Prepare: article 3 is undated; article 7 is dated to the day only.
    const undated = synthetic(3);
    const dayOnly = synthetic(7);

    // Act
    const byIngest = await call({
      path: '/articles',
      query: { from: undated.ingestedAt, to: undated.ingestedAt },
    });
    const byDay = await call({
      path: '/articles',
      query: {
        from: dayOnly.publishedAt as string,
        to: dayOnly.publishedAt as string,
      },
    });

    // Assess
    expect(ids((byIngest.json as { items: Article[] }).items)).toEqual([
      undated.id,
    ]);
    expect(undated.publishedAt).toBeUndefined();
    expect(ids((byDay.json as { items: Article[] }).items)).toContain(
      dayOnly.id
    );
    expect(dayOnly.publishedAt).toHaveLength(10);
  });

  it('combines publisher, from and to over pages', async () => {
    // Prepare
    const from = '2025-03-01T00:00:00Z';
    const to = '2025-09-30';
    const expected = ids(
      articles
        .filter((a) => a.publisher === 'The Telegraph')
        .filter(inRange(from, to))
        .sort(byKeyDescending)
    );

    // Act
    const { pages, queries } = await walk({
      publisher: 'The Telegraph',
      from,
      to,
      limit: '5',
    });

    // Assess
    expect(ids(pages.flat())).toEqual(expected);
    expect(expected.length).toBeGreaterThan(10);
    expect(queries.every((count) => count === 1)).toBe(true);
  });

  it('reads a page inside one month with exactly one Query, and never Scans', async () => {
    // Prepare: warm the months cache, as a container does after its first call.
    await call({ path: '/articles', query: { limit: '1' } });

    // Act
    const { pages, queries } = await walk({ limit: '7' });

    // Assess: a page whose items and the next page's first item share a
    // month never needed another partition.
    const inOneMonth = pages
      .map((page, i) => [...page, ...(pages[i + 1]?.slice(0, 1) ?? [])])
      .map((items) => new Set(items.map((item) => monthOfId(item.id))).size);
    const single = queries.filter((_, i) => inOneMonth[i] === 1);
    expect(single.length).toBeGreaterThan(20);
    expect(single.every((count) => count === 1)).toBe(true);
    expect(Math.max(...queries)).toBeLessThanOrEqual(2);
    expect(requests.get('Scan')).toBeUndefined();
  });

  it('returns no items and no cursor for a range with no articles', async () => {
    // Act
    const response = await call({
      path: '/articles',
      query: { from: '1990-01-01', to: '1990-12-31' },
    });

    // Assess
    expect(response.json).toEqual({ items: [], nextCursor: null });
  });

  it('accepts another limit with the same cursor', async () => {
    // Prepare
    const first = await call({ path: '/articles', query: { limit: '3' } });
    const { nextCursor } = first.json as { nextCursor: string };

    // Act
    const next = await call({
      path: '/articles',
      query: { limit: '4', cursor: nextCursor },
    });

    // Assess
    const expected = ids([...articles].sort(byKeyDescending)).slice(3, 7);
    expect(ids((next.json as { items: Article[] }).items)).toEqual(expected);
  });
});

function monthOfId(id: string): string {
  return monthOf(sortDate(articles.find((a) => a.id === id) as Article));
}

describe('Function: createApiHandler, GET /articles errors', () => {
  it.each([
    [{ limit: 'abc' }, 'limit'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '1000' }, 'limit'],
    [{ limit: '101' }, 'limit'],
    [{ limit: '-1' }, 'limit'],
    [{ limit: '2.5' }, 'limit'],
    [{ limit: '' }, 'limit'],
    [{ from: 'yesterday' }, 'from'],
    [{ from: '2023-02-30' }, 'from'],
    [{ to: '2023-09-14T10:00' }, 'to'],
    [{ from: '2023-09-15', to: '2023-09-14' }, 'from'],
    [{ from: '2023-09-14T12:00:00Z', to: '2023-09-14T11:59:59Z' }, 'from'],
    [{ publisher: '   ' }, 'publisher'],
    [{ publisher: 'x'.repeat(MAX_PUBLISHER_CHARS + 1) }, 'publisher'],
    [{ cursor: `${'a'.repeat(MAX_CURSOR_CHARS)}.b` }, 'cursor'],
    [{ sort: 'oldest' }, 'sort'],
    [{ limit: ['5', '6'] }, 'limit'],
  ])('answers 400 for %j', async (query, name) => {
    // Act
    const response = await call({ path: '/articles', query });

    // Assess
    expect(response.statusCode).toBe(400);
    const { error } = response.json as {
      error: { code: string; message: string };
    };
    expect(error.code).toBe('invalid-parameter');
    expect(error.message).toContain(`"${name}"`);
  });

  it('answers 400 for an altered cursor', async () => {
    // Prepare
    const first = await call({ path: '/articles', query: { limit: '2' } });
    const { nextCursor } = first.json as { nextCursor: string };
    const [payload, tag] = nextCursor.split('.') as [string, string];
    const position = Buffer.from(payload, 'base64url').toString();
    const altered = Buffer.from(position.replace(/^\d{4}/u, '2099')).toString(
      'base64url'
    );

    // Act
    const responses = await Promise.all(
      [
        `${altered}.${tag}`,
        `${payload}.${tag.slice(0, -2)}AA`,
        `${payload}.${tag}.${tag}`,
        `${payload}x.${tag}`,
        'not a cursor',
        '',
      ].map((cursor) => call({ path: '/articles', query: { cursor } }))
    );

    // Assess
    for (const response of responses) {
      expect(response.statusCode).toBe(400);
      expect((response.json as { error: { code: string } }).error.code).toBe(
        'invalid-cursor'
      );
    }
  });

  it('answers 400 for a cursor of a listing with other filters', async () => {
    // Prepare
    const first = await call({
      path: '/articles',
      query: { limit: '2', publisher: 'Reuters' },
    });
    const { nextCursor } = first.json as { nextCursor: string };

    // Act
    const foreign = await Promise.all(
      [
        { publisher: 'BBC News' },
        {},
        { publisher: 'Reuters', from: '2025-01-01' },
        { publisher: 'Reuters', to: '2026-12-31' },
      ].map((filters) =>
        call({ path: '/articles', query: { ...filters, cursor: nextCursor } })
      )
    );
    const same = await call({
      path: '/articles',
      query: { publisher: 'reuters', cursor: nextCursor },
    });

    // Assess
    expect(foreign.map((r) => r.statusCode)).toEqual([400, 400, 400, 400]);
    expect(same.statusCode).toBe(200);
  });
});

describe('Function: createApiHandler, GET /articles/{id}', () => {
  it('returns the whole article as JSON by default', async () => {
    // Act
    const response = await call({ path: `/articles/${seed.id}` });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual(seed);
    expect(response.headers['Content-Type']).toBe('application/json');
    expect(response.headers['Cache-Control']).toBe('max-age=60');
    expect(response.headers.Vary).toContain('Accept');
    expect(response.headers.ETag).toMatch(/^"[\w-]{22}"$/u);
  });

  it('answers 304 to If-None-Match with the current ETag, weak or in a list', async () => {
    // Prepare
    const first = await call({ path: `/articles/${seed.id}` });
    const etag = first.headers.ETag as string;

    // Act
    const matches = await Promise.all(
      [etag, `W/${etag}`, `"other", ${etag}`, '*'].map((value) =>
        call({
          path: `/articles/${seed.id}`,
          headers: { 'If-None-Match': value },
        })
      )
    );
    const stale = await call({
      path: `/articles/${seed.id}`,
      headers: { 'if-none-match': '"stale"' },
    });

    // Assess
    for (const response of matches) {
      expect(response.statusCode).toBe(304);
      expect(response.body).toBe('');
      expect(response.headers.ETag).toBe(etag);
    }
    expect(stale.statusCode).toBe(200);
  });

  it('gives each representation its own ETag, and a new one when the article changes', async () => {
    // Prepare
    const store = ingestStore({ dynamoDb }, { tableName });
    const article = synthetic(200);
    const path = `/articles/${article.id}`;
    const json = await call({ path });
    const text = await call({ path, headers: { Accept: 'text/plain' } });

    // Act
    await store.saveArticle(
      { ...article, title: 'Article 200, corrected' },
      {
        bucket: TEST_DROP_BUCKET,
        key: article.origin.key as string,
        sequencer: normaliseSequencer('2'),
      }
    );
    const after = await call({
      path,
      headers: { 'If-None-Match': json.headers.ETag as string },
    });

    // Assess
    expect(text.headers.ETag).not.toBe(json.headers.ETag);
    expect(after.statusCode).toBe(200);
    expect((after.json as Article).title).toBe('Article 200, corrected');
  });

  it('returns the text for Accept: text/plain and Markdown for text/markdown', async () => {
    // Act
    const text = await call({
      path: `/articles/${seed.id}`,
      headers: { Accept: 'text/plain' },
    });
    const markdown = await call({
      path: `/articles/${seed.id}`,
      headers: { Accept: 'text/html;q=0.9, text/markdown' },
    });
    const anyText = await call({
      path: `/articles/${seed.id}`,
      headers: { Accept: 'text/*' },
    });

    // Assess
    expect(text.headers['Content-Type']).toBe('text/plain; charset=utf-8');
    expect(text.body).toBe(`${seed.text}\n`);
    expect(markdown.headers['Content-Type']).toBe(
      'text/markdown; charset=utf-8'
    );
    expect(markdown.body).toBe(renderMarkdown(seed));
    expect(markdown.body.startsWith(`# ${seed.title}\n`)).toBe(true);
    expect(anyText.headers['Content-Type']).toBe('text/plain; charset=utf-8');
  });

  it('prefers JSON for a browser Accept, and answers 406 for nothing acceptable', async () => {
    // Act
    const browser = await call({
      path: `/articles/${seed.id}`,
      headers: {
        Accept:
          'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
      },
    });
    const image = await call({
      path: `/articles/${seed.id}`,
      headers: { Accept: 'image/png' },
    });

    // Assess
    expect(browser.headers['Content-Type']).toBe('application/json');
    expect(image.statusCode).toBe(406);
    expect((image.json as { error: { code: string } }).error.code).toBe(
      'not-acceptable'
    );
  });

  it('answers 404 for an unknown id', async () => {
    // Act
    const response = await call({ path: `/articles/${'0'.repeat(32)}` });

    // Assess
    expect(response.statusCode).toBe(404);
    expect(response.json).toEqual({
      error: {
        code: 'not-found',
        message: `no article has id ${'0'.repeat(32)}`,
      },
    });
  });

  it('answers 410 for a removed article while its tombstone lasts, then 404', async () => {
    // Prepare: an article, its object deleted; another with a tombstone
    // that expired (DynamoDB deletes expired items only later).
    const writer = ingestStore({ dynamoDb }, { tableName });
    const expiring = new ArticleStore({
      client: dynamoDb,
      tableName,
      tombstoneTtlSeconds: -1,
    });
    const gone = fixtureArticle('reuters-wire-rates');
    const expired = fixtureArticle('ap-senate-vote');
    for (const [store, article] of [
      [writer, gone],
      [expiring, expired],
    ] as const) {
      const key = article.origin.key ?? '';
      await store.saveArticle(article, {
        bucket: TEST_DROP_BUCKET,
        key,
        sequencer: normaliseSequencer('1'),
      });
      await store.removeEntries(TEST_DROP_BUCKET, key, {
        sequencer: normaliseSequencer('2'),
        removedAt: new Date(),
      });
    }

    // Act
    const removed = await call({ path: `/articles/${gone.id}` });
    const past = await call({ path: `/articles/${expired.id}` });

    // Assess
    expect(removed.statusCode).toBe(410);
    expect(removed.json).toEqual({
      error: {
        code: 'deleted',
        message: expect.stringMatching(
          new RegExp(`^article ${gone.id} was removed at \\d{4}-`, 'u')
        ),
      },
    });
    expect(past.statusCode).toBe(404);
  });

  it.each([
    ['too long', 'a'.repeat(33)],
    ['over-long', 'f'.repeat(5000)],
    ['too short', 'a'.repeat(31)],
    ['upper case', 'A'.repeat(32)],
    ['not hex', 'g'.repeat(32)],
    ['badly percent-encoded', '%E0%A4%A'],
    ['encoded slash', `${'a'.repeat(16)}%2F${'a'.repeat(13)}`],
  ])('answers 400 for an id that is %s', async (_, id) => {
    // Act
    const response = await call({ path: `/articles/${id}` });

    // Assess
    expect(response.statusCode).toBe(400);
    const { error } = response.json as {
      error: { code: string; message: string };
    };
    expect(error.code).toBe('invalid-parameter');
    expect(error.message).toContain('"id"');
  });
});

describe('Function: createApiHandler, GET /files/{key}', () => {
  it('returns the file record of a key with spaces, slashes and non-ASCII', async () => {
    // Prepare
    const store = ingestStore({ dynamoDb }, { tableName });
    const key = 'world/Über uns+more/putin kim.txt';
    await store.putFileRecord({
      bucket: TEST_DROP_BUCKET,
      key,
      status: 'stored',
      articleIds: [seed.id],
      counts: { found: 1, stored: 1, duplicate: 0, rejected: 0 },
      problems: [],
      format: 'text',
      sizeBytes: 4321,
      etag: 'abc123',
      sequencer: normaliseSequencer('0A'),
      uploadedAt: '2026-11-27T10:00:00.000Z',
      processedAt: '2026-11-27T10:00:01.000Z',
    });
    const encoded = key.split('/').map(encodeURIComponent).join('/');

    // Act
    const response = await call({ path: `/files/${encoded}` });
    const slashEncoded = await call({
      path: `/files/${encodeURIComponent(key)}`,
    });

    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({
      bucket: TEST_DROP_BUCKET,
      key,
      status: 'stored',
      articleIds: [seed.id],
      counts: { found: 1, stored: 1, duplicate: 0, rejected: 0 },
      problems: [],
      format: 'text',
      sizeBytes: 4321,
      etag: 'abc123',
      uploadedAt: '2026-11-27T10:00:00.000Z',
      processedAt: '2026-11-27T10:00:01.000Z',
    });
    expect(slashEncoded.json).toEqual(response.json);
  });

  it('returns the reason of a rejected file', async () => {
    // Prepare
    const store = ingestStore({ dynamoDb }, { tableName });
    await store.putFileRecord({
      bucket: TEST_DROP_BUCKET,
      key: 'empty.txt',
      status: 'rejected',
      reason: { code: 'empty', message: 'the file has no bytes' },
      articleIds: [],
      counts: { found: 0, stored: 0, duplicate: 0, rejected: 0 },
      problems: [],
      sequencer: normaliseSequencer('0B'),
      processedAt: '2026-11-27T10:00:01.000Z',
    });

    // Act
    const response = await call({ path: '/files/empty.txt' });

    // Assess
    expect(response.json).toMatchObject({
      status: 'rejected',
      reason: { code: 'empty', message: 'the file has no bytes' },
    });
  });

  it('answers 404 for a key never seen', async () => {
    // Act
    const response = await call({ path: '/files/never/seen.txt' });

    // Assess
    expect(response.statusCode).toBe(404);
    expect((response.json as { error: { code: string } }).error.code).toBe(
      'not-found'
    );
  });

  it.each([
    ['over 1,024 bytes', 'é'.repeat(513)],
    ['badly percent-encoded', 'a%zz'],
  ])('answers 400 for a key that is %s', async (_, key) => {
    // Act
    const response = await call({ path: `/files/${key}` });

    // Assess
    expect(response.statusCode).toBe(400);
    expect(
      (response.json as { error: { message: string } }).error.message
    ).toContain('"key"');
  });
});

describe('Function: createApiHandler, routing', () => {
  it.each([
    ['POST', '/articles'],
    ['PUT', `/articles/${'a'.repeat(32)}`],
    ['DELETE', '/files/some/key.txt'],
    ['PATCH', '/openapi.json'],
  ])('answers 405 with Allow for %s %s', async (method, path) => {
    // Act
    const response = await call({ method, path });

    // Assess
    expect(response.statusCode).toBe(405);
    expect(response.headers.Allow).toBe('GET, HEAD');
    expect(response.headers['X-Content-Type-Options']).toBe('nosniff');
    expect((response.json as { error: { code: string } }).error.code).toBe(
      'method-not-allowed'
    );
  });

  it.each([
    ['/articles'],
    ['/files'],
    [`/articles/${'a'.repeat(32)}`],
    ['/openapi.json'],
  ])('answers HEAD %s as its GET, without the body', async (path) => {
    // Act
    const get = await call({ path });
    const head = await call({ method: 'HEAD', path });

    // Assess
    expect(head.statusCode).toBe(get.statusCode);
    expect(head.headers).toEqual(get.headers);
    expect(get.body).not.toBe('');
    expect(head.body).toBe('');
  });

  it.each([
    ['/articles'],
    [`/articles/${'a'.repeat(32)}`],
    ['/nowhere'],
    ['/articles?limit=abc'],
  ])('sends nosniff, Cache-Control and HSTS with GET %s', async (path) => {
    // Act
    const response = await call({ path });

    // Assess
    expect(response.headers['X-Content-Type-Options']).toBe('nosniff');
    expect(response.headers['Cache-Control']).toMatch(/\S/u);
    expect(response.headers['Strict-Transport-Security']).toBe(
      'max-age=31536000'
    );
  });

  it.each([['/'], ['/article'], ['/articles/a/b'], ['//articles']])(
    'answers 404 for the unknown path %s',
    async (path) => {
      // Act
      const response = await call({ path });

      // Assess
      expect(response.statusCode).toBe(404);
      expect((response.json as { error: { code: string } }).error.code).toBe(
        'not-found'
      );
    }
  );

  it('answers a CORS preflight, and sends CORS headers on errors too', async () => {
    // Act
    const preflight = await call({
      method: 'OPTIONS',
      path: '/articles',
      headers: {
        Origin: 'https://reader.example',
        'Access-Control-Request-Method': 'GET',
      },
    });
    const error = await call({
      path: '/articles',
      query: { limit: 'x' },
      headers: { Origin: 'https://reader.example' },
    });

    // Assess
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['Access-Control-Allow-Origin']).toBe('*');
    expect(preflight.headers['Access-Control-Allow-Methods']).toContain('GET');
    expect(error.headers['Access-Control-Allow-Origin']).toBe('*');
  });

  it('answers a generic 500 when DynamoDB fails, without its message', async () => {
    // Prepare
    const broken = localClients({ maxAttempts: 1 }).dynamoDb;
    const handler = testApiHandler(broken, 'no-such-table', {
      logger: () => new Logger({ logLevel: 'SILENT' }),
    });

    // Act
    const response = await callApi(handler, {
      method: 'GET',
      path: `/articles/${seed.id}`,
    });

    // Assess
    checker.check('GET', '/articles/{id}', response);
    expect(response.statusCode).toBe(500);
    expect(
      (response.json as { error: { code: string; message: string } }).error
    ).toEqual({
      code: 'internal-error',
      message: 'the request failed on our side; try again later',
    });
  });
});

describe('Function: createApiHandler, logging', () => {
  /**
   * The handler's log lines, as Powertools writes them: errors to stderr,
   * the rest to stdout.
   */
  async function logLines(act: () => Promise<unknown>): Promise<JsonObject[]> {
    // Spies that let every write through: they only read them.
    const spies = [
      vi.spyOn(process.stdout, 'write'),
      vi.spyOn(process.stderr, 'write'),
    ];
    let written: string;
    try {
      await act();
    } finally {
      written = spies
        .flatMap((spy) => spy.mock.calls.map(([chunk]) => String(chunk)))
        .join('');
      for (const spy of spies) spy.mockRestore();
    }
    return written
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as JsonObject);
  }

  /** A handler over a table that does not exist, counting logger builds. */
  function failingHandler() {
    const builds = { count: 0 };
    const handler = testApiHandler(
      localClients({ maxAttempts: 1 }).dynamoDb,
      'no-such-table',
      {
        logger: () => {
          builds.count += 1;
          return new Logger({ serviceName: 'dropwire-api', logLevel: 'ERROR' });
        },
      }
    );
    return { handler, builds };
  }

  it('builds no logger for answers, and logs a failure on our side once, with its request', async () => {
    // Prepare: Powertools counts cold starts of on-demand containers only.
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const { handler, builds } = failingHandler();
    const context = lambdaContext();

    // Act
    const answered = await callApi(handler, {
      method: 'GET',
      path: '/articles',
      query: { limit: 'x' },
    });
    const lines = await logLines(() =>
      handler(
        proxyEvent({ method: 'GET', path: `/articles/${seed.id}` }),
        context
      )
    );
    vi.unstubAllEnvs();

    // Assess
    expect(answered.statusCode).toBe(400);
    expect(builds.count).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'ERROR',
      message: 'request failed',
      service: 'dropwire-api',
      function_request_id: context.awsRequestId,
      function_name: context.functionName,
      cold_start: false,
    });
    expect(lines[0]?.error).toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('logs every event when POWERTOOLS_LOGGER_LOG_EVENT asks for it', async () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_LOGGER_LOG_EVENT', 'true');
    const handler = testApiHandler(localClients().dynamoDb, 'no-such-table', {
      logger: () =>
        new Logger({ serviceName: 'dropwire-api', logLevel: 'INFO' }),
      logEvents: true,
    });
    const context = lambdaContext();

    // Act
    const lines = await logLines(() =>
      handler(
        proxyEvent({ method: 'GET', path: '/articles', query: { limit: 'x' } }),
        context
      )
    );
    vi.unstubAllEnvs();

    // Assess: Powertools' event line, with the request's context.
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      function_request_id: context.awsRequestId,
      event: { path: '/articles', queryStringParameters: { limit: 'x' } },
    });
  });

  it('says cold_start only in the first invocation', async () => {
    // Prepare
    vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
    const { handler } = failingHandler();
    const request = () =>
      handler(
        proxyEvent({ method: 'GET', path: `/articles/${seed.id}` }),
        lambdaContext()
      );

    // Act
    const lines = await logLines(async () => {
      await request();
      await request();
    });
    vi.unstubAllEnvs();

    // Assess
    expect(lines.map((line) => line.cold_start)).toEqual([true, false]);
  });
});

describe('Function: createApiHandler, GET /openapi.json', () => {
  it('serves a valid OpenAPI 3.1 document', async () => {
    // Act
    const response = await call({ path: '/openapi.json' });
    const result = await new Validator().validate(
      response.json as Record<string, unknown>
    );

    // Assess
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect((response.json as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('documents every route the handler serves, and no other', async () => {
    // Prepare: each documented path with its parameters filled in.
    const documented = Object.keys(openApiDocument().paths as JsonObject);
    const sample = (path: string) =>
      path.replace('{id}', seed.id).replace('{key}', 'a/b.txt');

    // Act
    const answers = await Promise.all(
      documented.map((path) => call({ path: sample(path) }))
    );
    const undocumented = await call({ path: '/articles/x/y' });

    // Assess
    expect(documented).toEqual([
      '/articles',
      '/articles/{id}',
      '/files',
      '/files/{key}',
      '/openapi.json',
    ]);
    for (const answer of answers) {
      expect(JSON.stringify(answer.json)).not.toContain('no route matches');
    }
    expect(JSON.stringify(undocumented.json)).toContain('no route matches');
  });

  it('names as the default media type the one served without Accept', async () => {
    // Prepare
    const ok = (openApiDocument().paths as Record<string, { get: JsonObject }>)[
      '/articles/{id}'
    ]?.get.responses as Record<string, JsonObject>;
    const description = String(ok['200']?.description);

    // Act
    const response = await call({ path: `/articles/${seed.id}` });

    // Assess
    const named = /`([^`]+)` is the default/u.exec(description)?.[1];
    expect(named).toBe(response.headers['Content-Type']);
    expect(Object.keys(ok['200']?.content as JsonObject)[0]).toBe(named);
  });

  it('documents invalid-cursor exactly where a cursor is taken, and a 405 on every path', () => {
    // Prepare
    const paths = openApiDocument().paths as Record<string, JsonObject>;

    // Act
    const routes = Object.entries(paths).map(([path, item]) => {
      const get = item.get as {
        parameters?: { name: string }[];
        responses: Record<string, { description: string }>;
      };
      return {
        path,
        takesCursor: (get.parameters ?? []).some((p) => p.name === 'cursor'),
        saysCursor: String(get.responses['400']?.description).includes(
          'invalid-cursor'
        ),
        notServed: ['put', 'post', 'delete', 'patch'].filter(
          (method) =>
            !(item[method] as { responses?: JsonObject } | undefined)
              ?.responses?.['405']
        ),
      };
    });

    // Assess
    for (const route of routes) {
      expect(route.saysCursor, route.path).toBe(route.takesCursor);
      expect(route.notServed, route.path).toEqual([]);
    }
    expect(routes.filter((r) => r.takesCursor).map((r) => r.path)).toEqual([
      '/articles',
      '/files',
    ]);
  });

  it('lists the servers it is served from: the stage of a stack, and local mode', () => {
    // Act
    const servers = openApiDocument().servers as { url: string }[];

    // Assess
    expect(servers.map((server) => server.url)).toEqual([
      `https://{restApiId}.execute-api.{region}.amazonaws.com/${API_ENDPOINTS.stageName}`,
      `http://127.0.0.1:${API_ENDPOINTS.localPort}`,
    ]);
  });

  it('fails a 405 on a method the document does not list', () => {
    // Prepare
    const response: ApiResponse = {
      statusCode: 405,
      headers: {
        'Content-Type': 'application/json',
        Allow: 'GET, HEAD',
        'X-Content-Type-Options': 'nosniff',
      },
      body: '{"error":{"code":"method-not-allowed","message":"no"}}',
      json: { error: { code: 'method-not-allowed', message: 'no' } },
    };

    // Act
    const documented = () => checker.check('POST', '/articles', response);
    const undocumented = () => checker.check('TRACE', '/articles', response);

    // Assess
    expect(documented).not.toThrow();
    expect(undocumented).toThrow(/TRACE is not documented on \/articles/u);
  });

  it('rejects a response that breaks the documented schema', () => {
    // Prepare
    const response: ApiResponse = {
      statusCode: 200,
      headers: {
        'Content-Type': 'application/json',
        'X-Content-Type-Options': 'nosniff',
      },
      body: '{"items":[{"id":"x"}],"nextCursor":null}',
      json: { items: [{ id: 'x' }], nextCursor: null },
    };

    // Act
    const check = () => checker.check('GET', '/articles', response);

    // Assess
    expect(check).toThrow(/breaks its schema/u);
  });
});

describe('Function: createApiHandler, fuzzed requests', () => {
  const segment = fc.oneof(
    fc.constantFrom('articles', 'files', 'openapi.json', '', '..', '%', '%2F'),
    fc.string({ maxLength: 40 }).map(encodeURIComponent),
    fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
    fc.stringMatching(/^[0-9a-fA-F%]{0,40}$/u)
  );
  const path = fc.oneof(
    fc
      .array(segment, { minLength: 1, maxLength: 4 })
      .map((s) => `/${s.join('/')}`),
    fc.constantFrom('/articles', `/articles/${'a'.repeat(32)}`, '/files/x')
  );
  const value = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.integer({ min: -1000, max: 100_000 }).map(String),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.stringMatching(
      /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z))?$/u
    ),
    fc.stringMatching(/^[A-Za-z0-9_-]{0,60}\.[A-Za-z0-9_-]{0,30}$/u)
  );
  const query = fc.dictionary(
    fc.oneof(
      fc.constantFrom('limit', 'cursor', 'publisher', 'from', 'to'),
      fc.string({ maxLength: 10 })
    ),
    fc.oneof(value, fc.array(value, { minLength: 1, maxLength: 3 })),
    { maxKeys: 4 }
  );
  const headers = fc.record(
    {
      Accept: fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.constantFrom('text/plain', 'text/markdown;q=0.5, */*;q=0', '*/*;q=x')
      ),
      'If-None-Match': fc.string({ maxLength: 40 }),
    },
    { requiredKeys: [] }
  );
  const method = fc.constantFrom(
    'GET',
    'GET',
    'GET',
    'POST',
    'HEAD',
    'OPTIONS'
  );

  it('never answers a 5xx, and every answer is documented', async () => {
    await fc.assert(
      fc.asyncProperty(method, path, query, headers, async (m, p, q, h) => {
        // Act
        const response = await call({
          method: m,
          path: p,
          query: q,
          headers: h,
        });

        // Assess
        expect(response.statusCode).toBeLessThan(500);
      }),
      { numRuns: 400 }
    );
  });
});
