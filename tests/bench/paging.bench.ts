/**
 * Bench section `paging`: `GET /articles?file=<key>` pages through every
 * article of one file of 100,000, through the real read handler on
 * DynamoDB Local (in memory).
 *
 * The articles are written by the store's own code, as the ingest function
 * writes them: `ArticleStore.readSaves` and `saveArticles` for groups of 25
 * (one TransactGetItems and one TransactWriteItems each), every article at
 * its place in the file (ordinal 0…99,999 of one version), then
 * `putFileRecord` with that
 * version's sequencer. Then the listing is walked with `limit=100` from
 * the first page to the last, following `nextCursor`; it prints the pages,
 * the items, how many of the file's articles are missing and how many
 * were listed twice, the DynamoDB requests by command, and the seconds the
 * walk and the writes took. `PAGING_ARTICLES` overrides the count,
 * `PAGING_WRITERS` the groups in flight (8). The writes take most of the
 * time (each article is three items: the article, its hash and holder).
 */
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  localClientOptions,
  startDynamoDbLocal,
} from '../../bin/local/servers.ts';
import { ingestStore } from '../../functions/ingest/dependencies.ts';
import { createDynamoDbClient } from '../../functions/store/clients.ts';
import { normaliseSequencer } from '../../functions/store/file-record.ts';
import { createTableInput } from '../../functions/store/table.ts';
import { callApi, TEST_DROP_BUCKET, testApiHandler } from '../support/api.ts';
import { syntheticArticle } from '../support/articles.ts';
import { countRequests } from '../support/requests.ts';

const ARTICLES = Number(process.env.PAGING_ARTICLES ?? 100_000);
const PAGE_LIMIT = 100;
/** Groups saved at once while the file's articles are written. */
const WRITERS = Number(process.env.PAGING_WRITERS ?? 8);
const KEY = 'paging/one-hundred-thousand.jsonl';
/** Articles per transaction, as ingest writes a long file. */
const GROUP = 25;

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'ERROR';

const dynamo = await startDynamoDbLocal();
try {
  const dynamoDb = createDynamoDbClient(
    localClientOptions({ dynamoDbEndpoint: dynamo.endpoint })
  );
  const tableName = 'bench-paging';
  await dynamoDb.send(new CreateTableCommand(createTableInput(tableName)));
  const store = ingestStore({ dynamoDb }, { tableName });
  const sequencer = normaliseSequencer('0A1B2C3D4E5F');

  // Write: ordinal n is the n-th entry of the file, as ingest counts them.
  const writeStarted = performance.now();
  const ids: string[] = new Array(ARTICLES);
  let next = 0;
  const writer = async () => {
    while (next < ARTICLES) {
      const first = next;
      const end = Math.min(ARTICLES, first + GROUP);
      next = end;
      const group = [];
      for (let n = first; n < end; n++) {
        // Dated over 10 years: one month marker per month, so the writers
        // do not all queue on one item (as a real archive's dates spread).
        const article = syntheticArticle({
          n,
          publishedAt: new Date(Date.UTC(2016, 0, 1) + (n % 3650) * 86_400_000)
            .toISOString()
            .slice(0, 10),
        });
        ids[n] = article.id;
        group.push({
          article,
          source: { bucket: TEST_DROP_BUCKET, key: KEY, sequencer, ordinal: n },
        });
      }
      const saved = await store.saveArticles(
        group,
        await store.readSaves(group)
      );
      if (saved.status !== 'saved') {
        throw new Error(`articles ${first}-${end - 1}: ${saved.status}`);
      }
      if (Math.floor(end / 10_000) > Math.floor(first / 10_000)) {
        console.log(
          `  written ${end} (${Math.round((performance.now() - writeStarted) / 1000)} s)`
        );
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
  const now = new Date().toISOString();
  await store.putFileRecord({
    bucket: TEST_DROP_BUCKET,
    key: KEY,
    status: 'stored',
    articleIds: ids.slice(0, 1000),
    omittedArticleIds: Math.max(0, ARTICLES - 1000),
    counts: { found: ARTICLES, stored: ARTICLES, duplicate: 0, rejected: 0 },
    problems: [],
    format: 'jsonl',
    sequencer,
    uploadedAt: now,
    processedAt: now,
  });
  const writeSeconds = (performance.now() - writeStarted) / 1000;

  // Walk: every page of ?file=, as a client would.
  const reader = createDynamoDbClient(
    localClientOptions({ dynamoDbEndpoint: dynamo.endpoint })
  );
  const requests = countRequests(reader);
  const handler = testApiHandler(reader, tableName);
  const seen = new Map<string, number>();
  const order: string[] = [];
  let pages = 0;
  let cursor: string | null = null;
  const walkStarted = performance.now();
  do {
    const response = await callApi(handler, {
      method: 'GET',
      path: '/articles',
      query: {
        file: KEY,
        limit: String(PAGE_LIMIT),
        ...(cursor ? { cursor } : {}),
      },
    });
    if (response.statusCode !== 200) {
      throw new Error(
        `page ${pages + 1}: ${response.statusCode} ${response.body}`
      );
    }
    const body = response.json as {
      items: { id: string }[];
      nextCursor: string | null;
    };
    pages += 1;
    for (const { id } of body.items) {
      seen.set(id, (seen.get(id) ?? 0) + 1);
      order.push(id);
    }
    cursor = body.nextCursor;
  } while (cursor !== null);
  const walkSeconds = (performance.now() - walkStarted) / 1000;

  const missing = ids.filter((id) => !seen.has(id)).length;
  const duplicated = [...seen.values()].filter((count) => count > 1).length;
  const inOrder = order.every((id, n) => id === ids[n]);
  console.log(
    `paging: GET /articles?file= of one file of ${ARTICLES.toLocaleString('en')} articles, limit ${PAGE_LIMIT}`
  );
  console.log(
    `  pages ${pages}, items ${order.length}, missing ${missing}, duplicated ${duplicated}, in file order ${inOrder ? 'yes' : 'no'}`
  );
  console.log(
    `  walk ${walkSeconds.toFixed(1)} s (${((walkSeconds * 1000) / pages).toFixed(1)} ms a page); requests ${[
      ...requests,
    ]
      .sort()
      .map(([command, count]) => `${command.replace(/Command$/u, '')} ${count}`)
      .join(', ')}`
  );
  console.log(
    `  written by ArticleStore.saveArticles in ${writeSeconds.toFixed(0)} s (${GROUP} per transaction, ${WRITERS} at once)`
  );
  if (missing > 0 || duplicated > 0 || !inOrder || order.length !== ARTICLES) {
    process.exitCode = 1;
  }
} finally {
  await dynamo.stop();
}
