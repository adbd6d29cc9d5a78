/**
 * The lifecycle of an object's articles through the ingest handler,
 * against the real local servers (s3rver, DynamoDB Local): deletes,
 * overwrites that yield fewer articles, texts held by two objects, and the
 * orders in which S3 may deliver their events (issue 14 §1, issue 15 §1,
 * §2, §6).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestDependencies } from '../../../functions/ingest/dependencies.ts';
import { createIngestHandler } from '../../../functions/ingest/ingest-handler.ts';
import {
  createTestBucket,
  createTestTable,
  deleteObject,
  lambdaContext,
  localClients,
  sqsEvent,
  sqsRecord,
  type UploadedObject,
  upload,
} from '../../support/aws.ts';
import { loadArticleFixture } from '../../support/fixtures.ts';
import { jsonLine } from '../../support/formats.ts';

const { s3, dynamoDb } = localClients();
let tableName: string;
let bucket: string;

beforeAll(async () => {
  [tableName, bucket] = await Promise.all([
    createTestTable(dynamoDb),
    createTestBucket(s3),
  ]);
});

function setup(client = dynamoDb) {
  const deps = ingestDependencies(
    { s3, dynamoDb: client },
    { tableName, maxObjectBytes: 64 * 1024 * 1024 }
  );
  const handler = createIngestHandler(deps);
  const ingest = async (...objects: UploadedObject[]) => {
    const response = await handler(
      sqsEvent(...objects.map((object) => sqsRecord(object))),
      lambdaContext()
    );
    expect(response.batchItemFailures).toEqual([]);
  };
  return { store: deps.store, ingest };
}

async function put(key: string, body: string | Uint8Array) {
  return upload(s3, { Bucket: bucket, Key: key, Body: body });
}

const remove = (key: string) => deleteObject(s3, bucket, key);

const TEXT = (slug: string) => loadArticleFixture(slug).source;

describe('Handler: ingest, deletes', () => {
  it('removes the article of a deleted object: 410 while its tombstone lasts, never listed', async () => {
    // Prepare
    const { ingest, store } = setup();
    await ingest(await put('del/one.txt', TEXT('ap-senate-vote')));
    const [id] = (await store.getFileRecord(bucket, 'del/one.txt'))
      ?.articleIds ?? [''];

    // Act
    await ingest(await remove('del/one.txt'));

    // Assess
    const record = await store.getFileRecord(bucket, 'del/one.txt');
    expect(record).toMatchObject({ status: 'deleted', articleIds: [] });
    expect(Date.parse(record?.deletedAt ?? '')).toBeGreaterThan(0);
    expect(await store.findArticle(id ?? '')).toMatchObject({
      status: 'deleted',
    });
    const listed = await store.listArticles({ limit: 100 });
    expect(listed.items.map((item) => item.id)).not.toContain(id);
  });

  it('does not bring a deleted article back for an older created event arriving late', async () => {
    // Prepare
    const { ingest, store } = setup();
    const created = await put('del/late.txt', TEXT('bbc-flood-warnings'));
    await ingest(created);
    const [id] = (await store.getFileRecord(bucket, 'del/late.txt'))
      ?.articleIds ?? [''];
    const deleted = await remove('del/late.txt');
    await ingest(deleted);

    // Act: the created event again, after the delete.
    await ingest(created);

    // Assess
    expect(await store.findArticle(id ?? '')).toMatchObject({
      status: 'deleted',
    });
    expect((await store.getFileRecord(bucket, 'del/late.txt'))?.status).toBe(
      'deleted'
    );
  });

  it('records a delete of a key never ingested, and of a rejected file, as deleted', async () => {
    // Prepare
    const { ingest, store } = setup();
    await ingest(await put('del/empty.txt', ''));
    const rejected = await store.getFileRecord(bucket, 'del/empty.txt');

    // Act
    await ingest(await remove('del/never.txt'), await remove('del/empty.txt'));

    // Assess
    expect(rejected?.status).toBe('rejected');
    for (const key of ['del/never.txt', 'del/empty.txt']) {
      expect((await store.getFileRecord(bucket, key))?.status).toBe('deleted');
    }
  });

  it('keeps an article two objects hold when one is deleted, pointing at the other', async () => {
    // Prepare
    const { ingest, store } = setup();
    await ingest(await put('del/held-a.txt', TEXT('reuters-wire-rates')));
    await ingest(await put('del/held-b.txt', TEXT('reuters-wire-rates')));
    const [id] = (await store.getFileRecord(bucket, 'del/held-a.txt'))
      ?.articleIds ?? [''];

    // Act
    await ingest(await remove('del/held-a.txt'));
    const afterFirst = await store.getArticle(id ?? '');
    await ingest(await remove('del/held-b.txt'));

    // Assess: it stayed, from b, until b went too.
    expect(afterFirst?.origin.key).toBe('del/held-b.txt');
    expect(await store.findArticle(id ?? '')).toMatchObject({
      status: 'deleted',
    });
  });

  it('changes nothing more when the delete event arrives three times', async () => {
    // Prepare
    const { ingest, store } = setup();
    await ingest(await put('del/thrice-a.txt', TEXT('guardian-budget-cuts')));
    await ingest(await put('del/thrice-b.txt', TEXT('guardian-budget-cuts')));
    const [id] = (await store.getFileRecord(bucket, 'del/thrice-a.txt'))
      ?.articleIds ?? [''];
    const deleted = await remove('del/thrice-a.txt');

    // Act
    await ingest(deleted);
    await ingest(deleted);
    await ingest(deleted);

    // Assess: b still holds the article.
    expect((await store.getArticle(id ?? ''))?.origin.key).toBe(
      'del/thrice-b.txt'
    );
    expect(
      (await store.getFileRecord(bucket, 'del/thrice-b.txt'))?.status
    ).toBe('duplicate');
  });

  it('keeps the new version when the delete of the older one arrives after it', async () => {
    // Prepare: v1, its delete, v2; the delete's event arrives last.
    const { ingest, store } = setup();
    const v1 = await put('del/order.txt', TEXT('euronews-wildfires-epa'));
    await ingest(v1);
    const deleted = await remove('del/order.txt');
    const v2 = await put('del/order.txt', TEXT('lemonde-greve-fr'));

    // Act
    await ingest(v2);
    await ingest(deleted);

    // Assess
    const record = await store.getFileRecord(bucket, 'del/order.txt');
    expect(record?.status).toBe('stored');
    const article = await store.getArticle(record?.articleIds[0] ?? '');
    expect(article?.title).toMatch(/Grève/u);
  });

  it('removes what a file wrote when its delete is processed while it is read', async () => {
    // Prepare: the delete runs just before the created event's record.
    const racing = localClients().dynamoDb;
    const { ingest: ingestDelete, store } = setup();
    const created = await put(
      'del/racing.txt',
      TEXT('telegraph-putin-kim-gifts')
    );
    const deleted = { ...(await remove('del/racing.txt')) };
    let ran = false;
    racing.middlewareStack.add(
      (next, context) => async (args) => {
        const item = (args.input as { Item?: { pk?: { S?: string } } }).Item;
        if (
          !ran &&
          context.commandName === 'PutItemCommand' &&
          item?.pk?.S?.startsWith('FILE#')
        ) {
          ran = true;
          await ingestDelete(deleted);
        }
        return next(args);
      },
      { step: 'initialize', name: 'delete-meanwhile' }
    );
    const { ingest } = setup(racing);

    // Act
    await ingest({ ...created, sequencer: created.sequencer });

    // Assess: nothing of the file is served.
    expect(ran).toBe(true);
    expect((await store.getFileRecord(bucket, 'del/racing.txt'))?.status).toBe(
      'deleted'
    );
    const listed = await store.listArticles({ limit: 100 });
    expect(listed.items.filter((item) => /Putin/u.test(item.title))).toEqual(
      []
    );
  });
});

describe('Handler: ingest, overwrites', () => {
  it('moves a text to its duplicate when the first copy is overwritten (issue 14 §1)', async () => {
    // Prepare: X at f, X at g, then Y at f.
    const { ingest, store } = setup();
    await ingest(await put('dup/f.txt', TEXT('longread-river-towns')));
    await ingest(await put('dup/g.txt', TEXT('longread-river-towns')));

    // Act
    await ingest(await put('dup/f.txt', TEXT('substack-policy-digest')));

    // Assess: g now serves X under its own id.
    const g = await store.getFileRecord(bucket, 'dup/g.txt');
    const f = await store.getFileRecord(bucket, 'dup/f.txt');
    expect(g).toMatchObject({ status: 'stored' });
    expect(g?.articleIds).not.toEqual(f?.articleIds);
    const x = await store.getArticle(g?.articleIds[0] ?? '');
    expect(x?.title).toMatch(/river towns/iu);
    expect(x?.origin.key).toBe('dup/g.txt');
    const y = await store.getArticle(f?.articleIds[0] ?? '');
    expect(y?.title).toMatch(/housing white paper/iu);
  });

  it('removes the articles of lines a re-uploaded JSON Lines file no longer has', async () => {
    // Prepare
    const { ingest, store } = setup();
    const lines = (n: number) =>
      `${Array.from({ length: n }, (_, i) => jsonLine(900 + i)).join('\n')}\n`;
    await ingest(await put('over/feed.jsonl', lines(3)));
    const before = await store.getFileRecord(bucket, 'over/feed.jsonl');

    // Act
    await ingest(await put('over/feed.jsonl', lines(2)));

    // Assess
    const after = await store.getFileRecord(bucket, 'over/feed.jsonl');
    expect(before?.articleIds).toHaveLength(3);
    expect(after?.articleIds).toEqual(before?.articleIds.slice(0, 2));
    const [kept1, kept2, gone] = before?.articleIds ?? [];
    for (const id of [kept1, kept2]) {
      expect((await store.findArticle(id ?? '')).status).toBe('found');
    }
    expect((await store.findArticle(gone ?? '')).status).toBe('deleted');
  });

  it('removes every article of the old version when the new one is rejected', async () => {
    // Prepare
    const { ingest, store } = setup();
    await ingest(await put('over/emptied.txt', TEXT('mailing-list-wrapped')));
    const [id] = (await store.getFileRecord(bucket, 'over/emptied.txt'))
      ?.articleIds ?? [''];

    // Act
    await ingest(await put('over/emptied.txt', ''));

    // Assess
    expect(
      (await store.getFileRecord(bucket, 'over/emptied.txt'))?.status
    ).toBe('rejected');
    expect((await store.findArticle(id ?? '')).status).toBe('deleted');
  });
});
