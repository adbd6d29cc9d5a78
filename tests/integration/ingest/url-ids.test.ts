/**
 * URL-derived ids across keys (issue 14 §3), through the real ingest
 * handler on the local servers: two objects whose articles have the same
 * canonical URL yield the same id, and the version of higher rank keeps it
 * whatever the order they arrive in (newer `modifiedAt`/`publishedAt`,
 * else the newer event); the other is a claim, read again when the
 * winner lets go of the id.
 */
import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  deleteObject,
  rawSqsRecord,
  sqsEvent,
  sqsRecord,
  type UploadedObject,
  upload,
} from '../../support/aws.ts';
import { articleTitle, jsonLine } from '../../support/formats.ts';
import { ingestBed } from '../../support/ingest-bed.ts';

const bed = ingestBed();

/** A handler whose reprocess requests (and continuations) are kept. */
function setup() {
  const sent: string[] = [];
  const { ingest, reader } = bed.setup({
    continuations: { send: async (body) => void sent.push(body) },
  });
  const run = async (event: SQSEvent) => {
    const response = await ingest(event);
    expect(response.batchItemFailures).toEqual([]);
  };
  return {
    reader,
    sent,
    /** Ingests the events of `objects`, one message each, in order. */
    ingestAll: async (...objects: UploadedObject[]) => {
      for (const object of objects) await run(sqsEvent(sqsRecord(object)));
    },
    /** Ingests every request sent so far, and forgets them. */
    drain: async () => {
      const bodies = sent.splice(0);
      for (const body of bodies) await run(sqsEvent(rawSqsRecord(body)));
      return bodies.length;
    },
  };
}

/** A one-line JSON Lines object of article `n` under `url`. */
function put(
  key: string,
  n: number,
  url: string,
  extra: Record<string, unknown> = {},
  eventTime?: string
): Promise<UploadedObject> {
  return upload(bed.s3, {
    Bucket: bed.bucket,
    Key: key,
    Body: `${jsonLine(n, { url, ...extra })}\n`,
  }).then((object) => (eventTime ? { ...object, eventTime } : object));
}

const remove = (key: string) => deleteObject(bed.s3, bed.bucket, key);

// 09:00 UTC is after 08:00 UTC, though '…T11:00…' sorts after '…T09:00…'.
const NEWER = { modified: '2024-05-01T09:00:00Z' };
const OLDER = { modified: '2024-05-01T11:00:00+03:00' };

describe('Handler: ingest, one canonical URL from two objects', () => {
  it('keeps the newer modifiedAt whatever the upload order; the other file is a duplicate of the id', async () => {
    // Prepare
    const { ingestAll, reader } = setup();
    const url = (order: string) => `https://gazette.example/same/${order}`;

    // Act: newer first, then older first (offsets compared as times)
    await ingestAll(
      await put('order1/new.jsonl', 1, url('1'), NEWER),
      await put('order1/old.jsonl', 2, url('1'), OLDER)
    );
    await ingestAll(
      await put('order2/old.jsonl', 4, url('2'), OLDER),
      await put('order2/new.jsonl', 3, url('2'), NEWER)
    );

    // Assert
    for (const [order, n] of [
      ['order1', 1],
      ['order2', 3],
    ] as const) {
      const winner = await reader.getFileRecord(
        bed.bucket,
        `${order}/new.jsonl`
      );
      const loser = await reader.getFileRecord(
        bed.bucket,
        `${order}/old.jsonl`
      );
      const id = winner?.articleIds[0] ?? '';
      expect((await reader.getArticle(id))?.title).toBe(articleTitle(n));
      expect(loser?.articleIds).toEqual([id]);
      expect(loser?.counts).toMatchObject({ stored: 0, duplicate: 1 });
    }
  });

  it('keeps the newer modifiedAt when the two objects are ingested at the same moment', async () => {
    // Prepare: 6 pairs, each two keys under one URL, the newer in turn
    // uploaded first and second
    const { reader } = setup();
    const { ingest } = bed.setup();
    const pairs = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const url = `https://gazette.example/same/race/${i}`;
        const newer = await put(`race${i}/new.jsonl`, 300 + 2 * i, url, NEWER);
        const older = await put(`race${i}/old.jsonl`, 301 + 2 * i, url, OLDER);
        return { i, newer, older };
      })
    );

    // Act: both of a pair in one batch at once, in both orders
    const responses = await Promise.all(
      pairs.flatMap(({ i, newer, older }) => {
        const [first, second] = i % 2 === 0 ? [newer, older] : [older, newer];
        return [
          ingest(sqsEvent(sqsRecord(first))),
          ingest(sqsEvent(sqsRecord(second))),
        ];
      })
    );

    // Assert: one article per URL, the newer's, and the older a duplicate
    for (const response of responses) {
      expect(response.batchItemFailures).toEqual([]);
    }
    for (const { i } of pairs) {
      const winner = await reader.getFileRecord(
        bed.bucket,
        `race${i}/new.jsonl`
      );
      const loser = await reader.getFileRecord(
        bed.bucket,
        `race${i}/old.jsonl`
      );
      const id = winner?.articleIds[0] ?? '';
      expect((await reader.getArticle(id))?.title).toBe(
        articleTitle(300 + 2 * i)
      );
      expect(loser?.articleIds).toEqual([id]);
      expect(loser?.counts).toMatchObject({ stored: 0, duplicate: 1 });
    }
  });

  it('without dates, keeps the newer event, not the last processed', async () => {
    // Prepare
    const { ingestAll, reader } = setup();
    const url = 'https://gazette.example/same/undated';
    const undated = { published: undefined };

    // Act: the newer event is processed first
    await ingestAll(
      await put(
        'undated/new.jsonl',
        5,
        url,
        undated,
        '2026-01-02T00:00:00.000Z'
      ),
      await put(
        'undated/old.jsonl',
        6,
        url,
        undated,
        '2026-01-01T00:00:00.000Z'
      )
    );

    // Assert
    const record = await reader.getFileRecord(bed.bucket, 'undated/new.jsonl');
    const article = await reader.getArticle(record?.articleIds[0] ?? '');
    expect(article?.title).toBe(articleTitle(5));
  });

  it("brings the other object's version back when the winner's object is deleted", async () => {
    // Prepare: the older version first, then the newer takes the id
    const { ingestAll, reader, drain } = setup();
    const url = 'https://gazette.example/same/deleted';
    await ingestAll(
      await put('del/old.jsonl', 8, url, OLDER),
      await put('del/new.jsonl', 7, url, NEWER)
    );
    const [id = ''] =
      (await reader.getFileRecord(bed.bucket, 'del/new.jsonl'))?.articleIds ??
      [];

    // Act
    await ingestAll(await remove('del/new.jsonl'));
    const requests = await drain();

    // Assert
    expect(requests).toBe(1);
    expect((await reader.getArticle(id))?.title).toBe(articleTitle(8));
    const back = await reader.getFileRecord(bed.bucket, 'del/old.jsonl');
    expect(back?.counts).toMatchObject({ stored: 1, duplicate: 0 });
  });

  it("brings the other object's version back when an overwrite no longer yields the id", async () => {
    // Prepare
    const { ingestAll, reader, drain } = setup();
    const url = 'https://gazette.example/same/overwritten';
    await ingestAll(
      await put('ovr/old.jsonl', 10, url, OLDER),
      await put('ovr/new.jsonl', 9, url, NEWER)
    );
    const [id = ''] =
      (await reader.getFileRecord(bed.bucket, 'ovr/new.jsonl'))?.articleIds ??
      [];

    // Act: the winner's object now holds another URL
    await ingestAll(
      await put('ovr/new.jsonl', 11, 'https://gazette.example/elsewhere', NEWER)
    );
    await drain();

    // Assert
    expect((await reader.getArticle(id))?.title).toBe(articleTitle(10));
  });

  it("replaces the article with the same key's newer version, even of an older date", async () => {
    // Prepare
    const { ingestAll, reader } = setup();
    const url = 'https://gazette.example/same/one-key';
    await ingestAll(await put('one/a.jsonl', 12, url, NEWER));

    // Act
    await ingestAll(await put('one/a.jsonl', 13, url, OLDER));

    // Assert
    const record = await reader.getFileRecord(bed.bucket, 'one/a.jsonl');
    const article = await reader.getArticle(record?.articleIds[0] ?? '');
    expect(article?.title).toBe(articleTitle(13));
  });
});
