/**
 * Reprocess requests (`dropwire reprocess`, issue 15 §5) through the ingest
 * handler on the real servers (s3rver, DynamoDB Local): an unchanged
 * object costs no article write and one file-record write; a changed one
 * is a new version; and a request for an object deleted or overwritten
 * after it was listed brings back or replaces nothing. Writes are counted
 * by a middleware on the real client (tests/support/write-counter.ts).
 */
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import {
  type ReprocessObject,
  reprocessBody,
} from '../../../functions/ingest/s3-events.ts';
import {
  deleteObject,
  rawSqsRecord,
  sqsEvent,
  sqsRecord,
  type UploadedObject,
  upload,
} from '../../support/aws.ts';
import { jsonLines } from '../../support/formats.ts';
import { ingestBed } from '../../support/ingest-bed.ts';
import { countWrites } from '../../support/write-counter.ts';

const bed = ingestBed();
const writes = countWrites(bed.dynamoDb);

function setup() {
  const { ingest, reader } = bed.setup();
  const run = async (...records: Parameters<typeof sqsEvent>) => {
    const response = await ingest(sqsEvent(...records));
    expect(response.batchItemFailures).toEqual([]);
  };
  return {
    reader,
    /** Delivers S3's event of an object. */
    event: (object: UploadedObject) => run(sqsRecord(object)),
    /** Delivers a reprocess request of an object as it was listed. */
    reprocess: (object: ReprocessObject) =>
      run(rawSqsRecord(reprocessBody(bed.bucket, object))),
    record: (key: string) => reader.getFileRecord(bed.bucket, key),
  };
}

/** The object as ListObjectsV2 shows it now. */
async function listed(key: string): Promise<ReprocessObject> {
  const { Contents = [] } = await bed.s3.send(
    new ListObjectsV2Command({ Bucket: bed.bucket, Prefix: key })
  );
  const found = Contents.find((object) => object.Key === key);
  if (!found) throw new Error(`${key} is not listed`);
  return {
    key,
    etag: found.ETag,
    sizeBytes: found.Size,
    lastModified: found.LastModified,
  };
}

const put = (key: string, body: string) =>
  upload(bed.s3, { Bucket: bed.bucket, Key: key, Body: body });

const remove = (key: string) => deleteObject(bed.s3, bed.bucket, key);

/** The writes `act` sends. */
async function writesOf(act: () => Promise<unknown>) {
  const before = { ...writes };
  await act();
  return {
    article: writes.article - before.article,
    file: writes.file - before.file,
  };
}

describe('Handler: ingest, reprocess requests', () => {
  it('re-reads an unchanged object with no article write and one file-record write', async () => {
    // Prepare
    const { event, reprocess, record } = setup();
    await event(await put('again/five.jsonl', jsonLines(700, 705)));
    const first = await record('again/five.jsonl');
    const request = await listed('again/five.jsonl');

    // Act
    const cost = await writesOf(() => reprocess(request));

    // Assess
    expect(cost).toEqual({ article: 0, file: 1 });
    const again = await record('again/five.jsonl');
    expect(again).toMatchObject({
      status: 'stored',
      sequencer: first?.sequencer,
      uploadedAt: first?.uploadedAt,
      articleIds: first?.articleIds,
      counts: { found: 5, stored: 0, duplicate: 0, unchanged: 5, rejected: 0 },
    });
    expect(Date.parse(again?.processedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(first?.processedAt ?? '')
    );
  });

  it('reads a changed object (its event lost) as a new version, which later S3 events still supersede', async () => {
    // Prepare: version 1 ingested; version 2 uploaded, its event lost.
    const { event, reprocess, record, reader } = setup();
    await event(await put('again/changed.jsonl', jsonLines(710, 713)));
    const before = await record('again/changed.jsonl');
    await put('again/changed.jsonl', jsonLines(710, 712));

    // Act
    await reprocess(await listed('again/changed.jsonl'));

    // Assess: two articles, the third removed, a sequencer just above.
    const after = await record('again/changed.jsonl');
    expect(after?.articleIds).toEqual(before?.articleIds.slice(0, 2));
    expect((after?.sequencer ?? '') > (before?.sequencer ?? '')).toBe(true);
    expect((await reader.findArticle(before?.articleIds[2] ?? '')).status).toBe(
      'deleted'
    );
    // A newer upload's own event is not taken for an older one.
    await event(await put('again/changed.jsonl', jsonLines(710, 711)));
    expect((await record('again/changed.jsonl'))?.articleIds).toEqual(
      before?.articleIds.slice(0, 1)
    );
  });

  it('brings nothing back for an object deleted after it was listed, the delete recorded first or last', async () => {
    // Prepare
    const { event, reprocess, record, reader } = setup();
    await event(await put('again/gone-first.jsonl', jsonLines(720, 722)));
    await event(await put('again/gone-last.jsonl', jsonLines(722, 724)));
    const ids = [
      ...((await record('again/gone-first.jsonl'))?.articleIds ?? []),
      ...((await record('again/gone-last.jsonl'))?.articleIds ?? []),
    ];
    const requests = [
      await listed('again/gone-first.jsonl'),
      await listed('again/gone-last.jsonl'),
    ];
    const deleteFirst = await remove('again/gone-first.jsonl');
    const deleteLast = await remove('again/gone-last.jsonl');

    // Act: one delete is recorded before its request, one after.
    await event(deleteFirst);
    const cost = await writesOf(async () => {
      for (const request of requests) await reprocess(request);
    });
    await event(deleteLast);

    // Assess
    expect(cost).toEqual({ article: 0, file: 0 });
    for (const key of ['again/gone-first.jsonl', 'again/gone-last.jsonl']) {
      expect(await record(key)).toMatchObject({
        status: 'deleted',
        articleIds: [],
      });
    }
    expect(ids).toHaveLength(4);
    for (const id of ids) {
      expect((await reader.findArticle(id)).status).toBe('deleted');
    }
  });

  it('replaces nothing for an object overwritten after it was listed, its event recorded first or last', async () => {
    // Prepare
    const { event, reprocess, record } = setup();
    const keys = ['again/over-first.jsonl', 'again/over-last.jsonl'];
    for (const key of keys) await event(await put(key, jsonLines(730, 733)));
    const requests = [await listed(keys[0] ?? ''), await listed(keys[1] ?? '')];
    // One after the other: the test helper numbers sequencers as each
    // upload returns, and the id goes to the later one (issue 14 §3), so
    // uploads at once would let the machine's load pick the winner.
    const first = await put(keys[0] ?? '', jsonLines(740, 741));
    const last = await put(keys[1] ?? '', jsonLines(740, 741));

    // Act
    await event(first);
    const cost = await writesOf(async () => {
      for (const request of requests) await reprocess(request);
    });
    await event(last);

    // Assess
    expect(cost).toEqual({ article: 0, file: 0 });
    const [newId] = (await record(keys[0] ?? ''))?.articleIds ?? [];
    // The keys share URLs: the later event's version keeps the id, and
    // the other key's record counts it a duplicate (issue 14 §3).
    for (const [key, status] of [
      [keys[0] ?? '', 'duplicate'],
      [keys[1] ?? '', 'stored'],
    ] as const) {
      expect(await record(key)).toMatchObject({
        status,
        etag: (await listed(key)).etag,
        articleIds: [newId],
      });
    }
  });

  it('reads an object with no file record (its event never came) as its first version', async () => {
    // Prepare: uploaded past the handler, as if its event were lost.
    const { reprocess, record } = setup();
    await bed.s3.send(
      new PutObjectCommand({
        Bucket: bed.bucket,
        Key: 'again/never.jsonl',
        Body: jsonLines(750, 752),
      })
    );
    const request = await listed('again/never.jsonl');

    // Act
    await reprocess(request);

    // Assess
    expect(await record('again/never.jsonl')).toMatchObject({
      status: 'stored',
      etag: request.etag,
      uploadedAt: request.lastModified?.toISOString(),
      counts: { found: 2, stored: 2 },
    });
  });
});
