/**
 * Bench section `api`: the real read handler against DynamoDB Local, as in
 * the integration tests, called with REST API proxy events one at a time.
 *
 * Stores 1,000 seed-sized articles (the seed with a distinct number in
 * every paragraph) over 12 months and 4 publishers, then prints, per
 * route: handler latency p50/p99 in milliseconds and the DynamoDB
 * requests per API call, counted by command with an SDK middleware. The
 * months cache is warm (after the warm-up calls), as in a container that
 * has served a listing in the last 30 s; one line shows a listing that
 * reads the months too.
 */
import { readFileSync } from 'node:fs';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  localClientOptions,
  startDynamoDbLocal,
} from '../../bin/local/servers.ts';
import { createApiHandler } from '../../functions/api/api-handler.ts';
import { apiDependencies } from '../../functions/api/dependencies.ts';
import {
  type ProxyRequest,
  proxyEvent,
} from '../../functions/api/proxy-event.ts';
import { type Article, parseFile } from '../../functions/core/index.ts';
import { ingestStore } from '../../functions/ingest/dependencies.ts';
import { createDynamoDbClient } from '../../functions/store/clients.ts';
import { normaliseSequencer } from '../../functions/store/file-record.ts';
import { createTableInput } from '../../functions/store/table.ts';
import { SEED_PATH } from '../support/paths.ts';
import { countRequests } from '../support/requests.ts';

const ARTICLES = 1000;
const PUBLISHERS = ['The Telegraph', 'Reuters', 'BBC News', 'Le Monde'];
const WARMUP_CALLS = 50;
const CALLS = 500;
const BUCKET = 'bench-drop';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';

const seed = readFileSync(SEED_PATH, 'utf8');

/** The seed, numbered, dated and attributed to one of the publishers. */
function benchArticle(i: number): Article {
  const body = seed.replace(/\n\n(?=\S)/gu, (m) => `${m}[${i}] `);
  const published = new Date(Date.UTC(2025, 0, 1) + i * 8.7 * 3_600_000);
  const result = parseFile(new TextEncoder().encode(body), {
    bucket: BUCKET,
    key: `bench/article ${i}.txt`,
    metadata: {
      publisher: PUBLISHERS[i % PUBLISHERS.length] as string,
      'published-at': published.toISOString().replace(/\.\d+Z$/u, 'Z'),
    },
  });
  if (!result.ok) throw new Error(result.rejection.message);
  return result.articles[0] as Article;
}

function percentile(sorted: readonly number[], p: number): number {
  return (
    sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0
  );
}

const dynamo = await startDynamoDbLocal();
try {
  const clientOptions = localClientOptions({
    dynamoDbEndpoint: dynamo.endpoint,
  });
  const dynamoDb = createDynamoDbClient(clientOptions);
  const tableName = 'bench-articles';
  await dynamoDb.send(new CreateTableCommand(createTableInput(tableName)));

  const writer = ingestStore({ dynamoDb }, { tableName });
  const articles = Array.from({ length: ARTICLES }, (_, i) => benchArticle(i));
  for (let start = 0; start < ARTICLES; start += 20) {
    await Promise.all(
      articles.slice(start, start + 20).map((article) =>
        writer.saveArticle(article, {
          bucket: BUCKET,
          key: article.origin.key as string,
          sequencer: normaliseSequencer('1'),
        })
      )
    );
  }
  await writer.putFileRecord({
    bucket: BUCKET,
    key: 'bench/article 0.txt',
    status: 'stored',
    articleIds: [articles[0]?.id as string],
    counts: { found: 1, stored: 1, duplicate: 0, rejected: 0 },
    problems: [],
    sequencer: normaliseSequencer('1'),
    processedAt: new Date().toISOString(),
  });

  // Count only what the read handler sends, on a client of its own.
  const reader = createDynamoDbClient(clientOptions);
  const calls = countRequests(reader);
  const handlerWith = (monthsCacheTtlMs?: number) =>
    createApiHandler(
      apiDependencies(
        { dynamoDb: reader },
        {
          tableName,
          dropBucketName: BUCKET,
          cursorSecret: 'bench-cursor-secret-0123456789abcdef',
          monthsCacheTtlMs,
        }
      )
    );
  const handler = handlerWith();
  // Reads the months on every listing: what a listing costs every 30 s.
  const uncachedHandler = handlerWith(0);
  const context = {
    awsRequestId: 'bench',
    functionName: 'bench',
    getRemainingTimeInMillis: () => 30_000,
  } as Parameters<typeof handler>[1];

  const send = async (request: ProxyRequest, target = handler) => {
    const response = await target(proxyEvent(request), context);
    if (response.statusCode >= 400) {
      throw new Error(
        `${request.path}: ${response.statusCode} ${response.body}`
      );
    }
    return response;
  };

  /** Runs `next()` requests, after a warm-up, and prints the figures. */
  const measure = async (
    label: string,
    next: (i: number) => ProxyRequest | Promise<ProxyRequest>,
    target = handler
  ) => {
    for (let i = 0; i < WARMUP_CALLS; i++) await send(await next(i), target);
    const timed = new Map<string, number>();
    const times: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const request = await next(i);
      // Count the timed call's requests only (`next` may call the API too).
      calls.clear();
      const started = performance.now();
      await send(request, target);
      times.push(performance.now() - started);
      for (const [name, count] of calls) {
        timed.set(name, (timed.get(name) ?? 0) + count);
      }
    }
    times.sort((a, b) => a - b);
    const total = [...timed.values()].reduce((a, b) => a + b, 0);
    const byCommand = [...timed]
      .map(([name, count]) => `${name} ${(count / CALLS).toFixed(2)}`)
      .join(', ');
    console.log(
      `  ${label.padEnd(44)} p50 ${percentile(times, 0.5).toFixed(2)} ms, p99 ${percentile(times, 0.99).toFixed(2)} ms, DynamoDB requests/call ${(total / CALLS).toFixed(2)} (${byCommand})`
    );
  };

  const id = (i: number) => articles[(i * 7919) % ARTICLES]?.id as string;
  console.log(
    `api: ${ARTICLES} seed-sized articles over 12 months, ${PUBLISHERS.length} publishers; ${CALLS} sequential calls per line after ${WARMUP_CALLS} warm-up calls`
  );
  await measure('GET /articles/{id} (JSON)', (i) => ({
    method: 'GET',
    path: `/articles/${id(i)}`,
  }));
  await measure('GET /articles/{id} (text/markdown)', (i) => ({
    method: 'GET',
    path: `/articles/${id(i)}`,
    headers: { accept: 'text/markdown' },
  }));
  const etags = new Map<string, string>();
  await measure('GET /articles/{id} (If-None-Match → 304)', async (i) => {
    const path = `/articles/${id(i)}`;
    let etag = etags.get(path);
    if (!etag) {
      etag = String((await send({ method: 'GET', path })).headers?.ETag);
      etags.set(path, etag);
    }
    return { method: 'GET', path, headers: { 'if-none-match': etag } };
  });
  await measure('GET /articles?limit=20 (first page)', () => ({
    method: 'GET',
    path: '/articles',
    query: { limit: '20' },
  }));
  await measure(
    'GET /articles?limit=20 (months not cached)',
    () => ({ method: 'GET', path: '/articles', query: { limit: '20' } }),
    uncachedHandler
  );

  // Walk whole listings, following nextCursor: every page is one call.
  const walker = (query: Record<string, string>) => {
    let cursor: string | null = null;
    return async (): Promise<ProxyRequest> => {
      const request: ProxyRequest = {
        method: 'GET',
        path: '/articles',
        query: { ...query, ...(cursor ? { cursor } : {}) },
      };
      // The next cursor comes from this page; fetch it outside the timing.
      const page = JSON.parse((await send(request)).body) as {
        nextCursor: string | null;
      };
      // At the end of the listing, start again from the first page.
      cursor = page.nextCursor;
      return request;
    };
  };
  await measure(
    'GET /articles?limit=20&cursor=… (every page)',
    walker({ limit: '20' })
  );
  await measure(
    'GET /articles?publisher=…&limit=20&cursor=…',
    walker({ limit: '20', publisher: 'Reuters' })
  );
  await measure(
    'GET /articles?from=…&to=…&limit=20&cursor=…',
    walker({ limit: '20', from: '2025-03-01', to: '2025-08-31' })
  );
  await measure('GET /files/{key}', () => ({
    method: 'GET',
    path: `/files/${encodeURIComponent('bench/article 0.txt')}`,
  }));
} finally {
  await dynamo.stop();
}
