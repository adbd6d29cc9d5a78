/**
 * ArticleStore listings and month markers against DynamoDB Local: the
 * store's side of `GET /articles`, tested without the HTTP layer.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../functions/core/index.ts';
import { ArticleStore } from '../../functions/store/article-store.ts';
import { ArticleStoreError } from '../../functions/store/errors.ts';
import { normaliseSequencer } from '../../functions/store/file-record.ts';
import { syntheticArticle } from '../support/articles.ts';
import {
  countRequests,
  createTestTable,
  localClients,
  scanTable,
} from '../support/aws.ts';

const { dynamoDb } = localClients();

/** A client of its own, and the requests it sends, by command name. */
function counted(): { client: DynamoDBClient; counts: Map<string, number> } {
  const { dynamoDb: client } = localClients();
  return { client, counts: countRequests(client) };
}

async function save(store: ArticleStore, article: Article): Promise<void> {
  await store.saveArticle(article, {
    bucket: 'drop',
    key: article.origin.key as string,
    sequencer: normaliseSequencer('1'),
  });
}

/** Articles 1..n, one a day from 2026-01-29, so they span two months. */
function daily(count: number, offset = 0): Article[] {
  return Array.from({ length: count }, (_, i) =>
    syntheticArticle({
      n: offset + i,
      publishedAt: new Date(Date.UTC(2026, 0, 29 + i, 12))
        .toISOString()
        .replace('.000Z', 'Z'),
      publisher: i % 2 === 0 ? 'Even Times' : 'Odd Post',
    })
  );
}

describe('Class: ArticleStore, month markers', () => {
  it('marks each month once per store, outside the article transactions', async () => {
    // Prepare
    const tableName = await createTestTable(dynamoDb);
    const { client, counts } = counted();
    const store = new ArticleStore({ client, tableName });

    // Act
    for (const article of daily(6)) await save(store, article);

    // Assess
    const months = (await scanTable(dynamoDb, tableName))
      .filter((item) => item.type === 'month')
      .map((item) => item.sk);
    expect(months.sort()).toEqual(['2026-01', '2026-02']);
    expect(counts.get('PutItem')).toBe(2);
    expect(counts.get('TransactWriteItems')).toBe(6);
  });

  it('marks no month for a duplicate', async () => {
    // Prepare
    const tableName = await createTestTable(dynamoDb);
    const store = new ArticleStore({ client: dynamoDb, tableName });
    const [first] = daily(1);
    const copy = {
      ...(first as Article),
      id: 'f'.repeat(32),
      publishedAt: '2020-05-05',
      origin: { bucket: 'drop', key: 'copy.txt', format: 'text' as const },
    };
    await save(store, first as Article);

    // Act
    const outcome = await store.saveArticle(copy, {
      bucket: 'drop',
      key: 'copy.txt',
      sequencer: normaliseSequencer('1'),
    });

    // Assess
    expect(outcome.status).toBe('duplicate');
    const months = (await scanTable(dynamoDb, tableName)).filter(
      (item) => item.type === 'month'
    );
    expect(months.map((item) => item.sk)).toEqual(['2026-01']);
  });
});

describe('Class: ArticleStore, listArticles', () => {
  let tableName: string;
  let articles: Article[];

  beforeAll(async () => {
    tableName = await createTestTable(dynamoDb);
    const store = new ArticleStore({ client: dynamoDb, tableName });
    articles = daily(8);
    for (const article of articles) await save(store, article);
  });

  it('fills a page across months, newest first, and says where the next starts', async () => {
    // Prepare: Feb 5 … Jan 29; a page of 5 reaches back into January.
    const store = new ArticleStore({ client: dynamoDb, tableName });
    const newest = [...articles].reverse();

    // Act
    const first = await store.listArticles({ limit: 5 });
    const second = await store.listArticles({
      limit: 5,
      startAt: first.next as string,
    });

    // Assess
    expect(first.items.map((a) => a.id)).toEqual(
      newest.slice(0, 5).map((a) => a.id)
    );
    expect(second.items.map((a) => a.id)).toEqual(
      newest.slice(5).map((a) => a.id)
    );
    expect(second.next).toBeUndefined();
  });

  it('lists one publisher with one Query per page', async () => {
    // Prepare
    const { client, counts } = counted();
    const store = new ArticleStore({ client, tableName });

    // Act
    const page = await store.listArticles({ limit: 2, publisher: 'ODD POST' });
    const rest = await store.listArticles({
      limit: 2,
      publisher: 'odd post',
      startAt: page.next as string,
    });

    // Assess
    const odd = articles.filter((a) => a.publisher === 'Odd Post').reverse();
    expect([...page.items, ...rest.items].map((a) => a.id)).toEqual(
      odd.map((a) => a.id)
    );
    expect(counts.get('Query')).toBe(2);
  });

  it('reuses the months it read until the cache expires', async () => {
    // Prepare
    const cached = new ArticleStore({ client: dynamoDb, tableName });
    const uncached = new ArticleStore({
      client: dynamoDb,
      tableName,
      monthsCacheTtlMs: 0,
    });
    await cached.listArticles({ limit: 1 });
    await uncached.listArticles({ limit: 1 });
    const [march] = daily(1, 100).map((a) => ({
      ...a,
      publishedAt: '2026-03-01T08:00:00Z',
    }));
    await save(uncached, march as Article);

    // Act
    const fromCache = await cached.listArticles({ limit: 1 });
    const fresh = await uncached.listArticles({ limit: 1 });

    // Assess
    expect(fromCache.items[0]?.id).not.toBe(march?.id);
    expect(fresh.items[0]?.id).toBe(march?.id);
  });

  it('throws ArticleStoreError for a position it never made', async () => {
    // Prepare
    const store = new ArticleStore({ client: dynamoDb, tableName });

    // Act
    const listing = store.listArticles({ limit: 5, startAt: 'nonsense' });

    // Assess
    await expect(listing).rejects.toBeInstanceOf(ArticleStoreError);
  });
});
