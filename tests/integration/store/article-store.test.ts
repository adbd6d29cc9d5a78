/**
 * ArticleStore against DynamoDB Local: the conditional writes that make
 * ingest idempotent, each tested on its own (the handler tests exercise
 * them together, where one layer can hide another's mistake).
 */
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArticleStore } from '../../../functions/store/article-store.ts';
import { ArticleTooLargeError } from '../../../functions/store/errors.ts';
import {
  type FileRecord,
  normaliseSequencer,
} from '../../../functions/store/file-record.ts';
import { itemSizeBytes } from '../../../functions/store/item-size.ts';
import { createTestTable, localClients, scanTable } from '../../support/aws.ts';
import { injectFault } from '../../support/faults.ts';
import {
  articleFromFixture,
  loadArticleFixture,
} from '../../support/fixtures.ts';

const { dynamoDb } = localClients();
let tableName: string;
let store: ArticleStore;

beforeAll(async () => {
  tableName = await createTestTable(dynamoDb);
  store = new ArticleStore({ client: dynamoDb, tableName });
});

const seq = (n: number) => normaliseSequencer(n.toString(16).padStart(12, '0'));

const articleFrom = articleFromFixture;

describe('Class: ArticleStore', () => {
  it('reads back what it saved, with text rendered again', async () => {
    // Prepare
    const article = articleFrom('telegraph-putin-kim-gifts', 'store/seed.txt');

    // Act
    const outcome = await store.saveArticle(article, {
      bucket: 'drop',
      key: 'store/seed.txt',
      sequencer: seq(1),
    });
    const read = await store.getArticle(article.id);

    // Assess
    expect(outcome).toEqual({ status: 'stored', id: article.id });
    expect(read).toEqual(article);
  });

  it('does not let an older version of an object overwrite a newer one', async () => {
    // Prepare
    const key = 'store/order.txt';
    const newer = articleFrom('reuters-wire-rates', key, (t) =>
      t.replace('5-4', '6-3')
    );
    const older = articleFrom('reuters-wire-rates', key);
    await store.saveArticle(newer, { bucket: 'drop', key, sequencer: seq(20) });

    // Act
    const outcome = await store.saveArticle(older, {
      bucket: 'drop',
      key,
      sequencer: seq(10),
    });

    // Assess
    expect(outcome).toEqual({ status: 'superseded', id: older.id });
    expect((await store.getArticle(newer.id))?.contentHash).toBe(
      newer.contentHash
    );
  });

  it('replaces the content-hash item when an object is edited', async () => {
    // Prepare
    const key = 'store/edit.txt';
    const v1 = articleFrom('guardian-budget-cuts', key);
    const v2 = articleFrom('guardian-budget-cuts', key, (t) =>
      t.replace('£4bn', '£5bn')
    );
    await store.saveArticle(v1, { bucket: 'drop', key, sequencer: seq(1) });

    // Act
    await store.saveArticle(v2, { bucket: 'drop', key, sequencer: seq(2) });

    // Assess
    const hashes = (await scanTable(dynamoDb, tableName)).filter(
      (item) => item.type === 'hash' && item.articleId === v1.id
    );
    expect(hashes.map((h) => h.pk)).toEqual([`HASH#${v2.contentHash}`]);
  });

  it('reports the same text under another id as a duplicate of the first', async () => {
    // Prepare
    const first = articleFrom('ap-senate-vote', 'store/ap-1.txt');
    const second = articleFrom('ap-senate-vote', 'store/ap-2.txt');
    await store.saveArticle(first, {
      bucket: 'drop',
      key: 'store/ap-1.txt',
      sequencer: seq(1),
    });

    // Act
    const outcome = await store.saveArticle(second, {
      bucket: 'drop',
      key: 'store/ap-2.txt',
      sequencer: seq(1),
    });

    // Assess
    expect(outcome).toEqual({ status: 'duplicate', id: first.id });
    expect(await store.getArticle(second.id)).toBeUndefined();
  });

  it('stores one of two files racing with the same text; the other is a duplicate', async () => {
    // Prepare: hold every write back until both saves have read the hash.
    const racing = localClients().dynamoDb;
    const raceStore = new ArticleStore({ client: racing, tableName });
    const gate = Promise.withResolvers<void>();
    let reads = 0;
    const remove = injectFault(
      racing,
      (_input, command) => {
        if (command === 'TransactGetItemsCommand' && ++reads === 2)
          gate.resolve();
        return false;
      },
      () => new Error('unused')
    );
    racing.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand')
          await gate.promise;
        return next(args);
      },
      { step: 'initialize', name: 'hold-writes' }
    );
    const a = articleFrom('bbc-flood-warnings', 'store/race-a.txt');
    const b = articleFrom('bbc-flood-warnings', 'store/race-b.txt');

    // Act
    const outcomes = await Promise.all([
      raceStore.saveArticle(a, {
        bucket: 'drop',
        key: 'store/race-a.txt',
        sequencer: seq(1),
      }),
      raceStore.saveArticle(b, {
        bucket: 'drop',
        key: 'store/race-b.txt',
        sequencer: seq(1),
      }),
    ]);
    remove();

    // Assess
    const statuses = outcomes.map((o) => o.status).sort();
    expect(statuses).toEqual(['duplicate', 'stored']);
    const winner = outcomes.find((o) => o.status === 'stored')?.id;
    expect(outcomes.find((o) => o.status === 'duplicate')?.id).toBe(winner);
  });

  it('refuses an article over the item limit, which DynamoDB itself would refuse', async () => {
    // Prepare: a real article, 300 distinct paragraphs of about 1.5 KB.
    const base = new TextDecoder().decode(
      loadArticleFixture('telegraph-putin-kim-gifts').source
    );
    const paragraphs = Array.from(
      { length: 300 },
      (_, i) =>
        `Paragraph ${i}: ${'The delegation travelled on by armoured train as officials briefed reporters. '.repeat(19)}`
    );
    const huge = articleFrom(
      'telegraph-putin-kim-gifts',
      'store/huge.txt',
      () =>
        base.replace(
          'Putin last visited',
          `${paragraphs.join('\n\n')}\n\nPutin last visited`
        )
    );
    const unguarded = new ArticleStore({
      client: dynamoDb,
      tableName,
      maxItemBytes: 10_000_000,
    });

    // Act
    const guarded = store.saveArticle(huge, {
      bucket: 'drop',
      key: 'store/huge.txt',
      sequencer: seq(1),
    });
    const raw = unguarded.saveArticle(huge, {
      bucket: 'drop',
      key: 'store/huge.txt',
      sequencer: seq(1),
    });

    // Assess
    await expect(guarded).rejects.toThrow(ArticleTooLargeError);
    await expect(raw).rejects.toThrow(
      /size has exceeded the maximum allowed size|Item size/iu
    );
  });

  it('sizes items as DynamoDB does, near the 400 KB limit', async () => {
    // Prepare
    const item = (bytes: number) =>
      marshall({ pk: 'SIZE#x', sk: 'SIZE', blob: 'x'.repeat(bytes) });
    const overhead = itemSizeBytes(item(0));
    const fits = item(409_600 - overhead);
    const over = item(409_600 - overhead + 1);

    // Act
    const put = (Item: ReturnType<typeof item>) =>
      dynamoDb.send(new PutItemCommand({ TableName: tableName, Item }));

    // Assess
    expect(itemSizeBytes(fits)).toBe(409_600);
    await expect(put(fits)).resolves.toBeDefined();
    await expect(put(over)).rejects.toThrow();
  });

  it('keeps the newest file record of an object', async () => {
    // Prepare
    const record = (
      sequencer: string,
      status: FileRecord['status']
    ): FileRecord => ({
      bucket: 'drop',
      key: 'store/record.txt',
      status,
      articleIds: [],
      counts: { found: 0, stored: 0, duplicate: 0, rejected: 0 },
      problems: [],
      sequencer,
      processedAt: new Date().toISOString(),
    });

    // Act
    const newer = await store.putFileRecord(record(seq(9), 'stored'));
    const older = await store.putFileRecord(record(seq(8), 'rejected'));
    const same = await store.putFileRecord(record(seq(9), 'stored'));

    // Assess
    expect([newer, older, same]).toEqual(['written', 'stale', 'written']);
    expect(
      (await store.getFileRecord('drop', 'store/record.txt'))?.status
    ).toBe('stored');
  });
});

/** Every hash item names an article with its text, and every article has one. */
async function hashInvariantBroken(): Promise<string[]> {
  const items = await scanTable(dynamoDb, tableName);
  const articles = new Map(
    items
      .filter((item) => item.type === 'article')
      .map((item) => [String(item.id), item])
  );
  const broken: string[] = [];
  for (const item of items.filter((i) => i.type === 'hash')) {
    const served = articles.get(String(item.articleId));
    if (`HASH#${served?.contentHash}` !== item.pk) {
      broken.push(`${item.pk} names ${item.articleId}, which has other text`);
    }
  }
  for (const article of articles.values()) {
    const hash = items.find((i) => i.pk === `HASH#${article.contentHash}`);
    if (hash?.articleId !== article.id) {
      broken.push(`article ${article.id} has no hash item naming it`);
    }
  }
  return broken;
}

describe('Class: ArticleStore, holders of a text', () => {
  it('moves a text to its duplicate when the first copy changes (issue 14 §1)', async () => {
    // Prepare: X at f, X at g (a duplicate of f's article), g's record.
    const [f, g] = ['holders/f.txt', 'holders/g.txt'];
    const xAtF = articleFrom('guardian-budget-cuts', f);
    const xAtG = articleFrom('guardian-budget-cuts', g);
    const yAtF = articleFrom('guardian-budget-cuts', f, (t) =>
      t.replace('£4bn', '£9bn')
    );
    await store.saveArticle(xAtF, {
      bucket: 'drop',
      key: f,
      sequencer: seq(1),
    });
    const dup = await store.saveArticle(xAtG, {
      bucket: 'drop',
      key: g,
      sequencer: seq(1),
    });
    await store.putFileRecord({
      bucket: 'drop',
      key: g,
      status: 'duplicate',
      articleIds: [xAtF.id],
      counts: { found: 1, stored: 0, duplicate: 1, rejected: 0 },
      problems: [],
      sequencer: seq(1),
      processedAt: new Date().toISOString(),
    });

    // Act: Y at f.
    const changed = await store.saveArticle(yAtF, {
      bucket: 'drop',
      key: f,
      sequencer: seq(2),
    });

    // Assess: X is now g's article, g's record says so, f's holds Y.
    expect(dup).toEqual({ status: 'duplicate', id: xAtF.id });
    expect(changed).toEqual({ status: 'stored', id: xAtF.id });
    const moved = await store.getArticle(xAtG.id);
    expect(moved?.contentHash).toBe(xAtF.contentHash);
    expect(moved?.text).toBe(xAtF.text);
    expect(moved?.origin.key).toBe(g);
    expect((await store.getArticle(xAtF.id))?.contentHash).toBe(
      yAtF.contentHash
    );
    expect(await store.getFileRecord('drop', g)).toMatchObject({
      status: 'stored',
      articleIds: [xAtG.id],
      counts: { found: 1, stored: 1, duplicate: 0, rejected: 0 },
    });
    const listed = await store.listArticles({ limit: 100 });
    expect(listed.items.map((item) => item.id)).toContain(xAtG.id);
    expect(await hashInvariantBroken()).toEqual([]);
  });

  it('keeps the hash item true when two versions of a key are saved at once (issue 14 §2)', async () => {
    // Prepare: both saves read before either writes; the older writes
    // first, then the newer, which read a state that is gone by then.
    const older = localClients().dynamoDb;
    const newer = localClients().dynamoDb;
    const bothRead = Promise.withResolvers<void>();
    const olderWrote = Promise.withResolvers<void>();
    let reads = 0;
    for (const client of [older, newer]) {
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === 'TransactGetItemsCommand') {
            const result = await next(args);
            if (++reads === 2) bothRead.resolve();
            return result;
          }
          if (context.commandName !== 'TransactWriteItemsCommand') {
            return next(args);
          }
          await bothRead.promise;
          if (client === newer) await olderWrote.promise;
          try {
            return await next(args);
          } finally {
            if (client === older) olderWrote.resolve();
          }
        },
        { step: 'initialize', name: 'order-writes' }
      );
    }
    const key = 'race/version.txt';
    const v1 = articleFrom('reuters-wire-rates', key, (t) =>
      t.replace('5-4', '7-2')
    );
    const v2 = articleFrom('reuters-wire-rates', key, (t) =>
      t.replace('5-4', '8-1')
    );

    // Act
    const outcomes = await Promise.all([
      new ArticleStore({ client: older, tableName }).saveArticle(v1, {
        bucket: 'drop',
        key,
        sequencer: seq(1),
      }),
      new ArticleStore({ client: newer, tableName }).saveArticle(v2, {
        bucket: 'drop',
        key,
        sequencer: seq(2),
      }),
    ]);

    // Assess: the newer text won, and no hash item names it falsely.
    expect(outcomes.map((o) => o.status)).toEqual(['stored', 'stored']);
    expect((await store.getArticle(v2.id))?.contentHash).toBe(v2.contentHash);
    expect(await hashInvariantBroken()).toEqual([]);
  });

  it('keeps one article per text when two versions of many keys are saved at once', async () => {
    // Prepare: 12 keys, each with two versions of different text, saved
    // concurrently in both orders of arrival.
    const racing = new ArticleStore({
      client: localClients().dynamoDb,
      tableName,
    });
    const pairs = Array.from({ length: 12 }, (_, i) => {
      const key = `race/version-${i}.txt`;
      const v1 = articleFrom('reuters-wire-rates', key, (t) =>
        t.replace('5-4', `${i}-1`)
      );
      const v2 = articleFrom('reuters-wire-rates', key, (t) =>
        t.replace('5-4', `${i}-2`)
      );
      return { key, v1, v2 };
    });

    // Act
    await Promise.all(
      pairs.flatMap(({ key, v1, v2 }, i) => {
        const saves = [
          () =>
            racing.saveArticle(v1, { bucket: 'drop', key, sequencer: seq(1) }),
          () =>
            store.saveArticle(v2, { bucket: 'drop', key, sequencer: seq(2) }),
        ];
        return (i % 2 ? saves.reverse() : saves).map((save) => save());
      })
    );

    // Assess: the newer text won everywhere, and no hash item lies.
    for (const { v2 } of pairs) {
      expect((await store.getArticle(v2.id))?.contentHash).toBe(v2.contentHash);
    }
    expect(await hashInvariantBroken()).toEqual([]);
  });
});
