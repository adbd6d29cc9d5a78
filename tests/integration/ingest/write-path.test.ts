/**
 * The ingest write path (issue 17) through the real handler on the local
 * servers (s3rver, DynamoDB Local): what a small file costs in DynamoDB
 * calls, and that writing a long file's articles several per transaction,
 * several transactions at once, keeps the guarantees of one transaction
 * per article (two versions racing, duplicates inside one batch, the same
 * article twice in one file).
 */
import { describe, expect, it } from 'vitest';
import { ingestDependencies } from '../../../functions/ingest/dependencies.ts';
import { createIngestHandler } from '../../../functions/ingest/ingest-handler.ts';
import { normaliseSequencer } from '../../../functions/store/file-record.ts';
import {
  countRequests,
  lambdaContext,
  localClients,
  sqsEvent,
  sqsRecord,
  upload,
} from '../../support/aws.ts';
import { articleTitle, jsonLine, jsonLines } from '../../support/formats.ts';
import { ingestBed } from '../../support/ingest-bed.ts';

const bed = ingestBed();
const calls = countRequests(bed.dynamoDb);

/** Calls by command since `before` (a copy of `calls`). */
function callsSince(before: Map<string, number>): Record<string, number> {
  const since: Record<string, number> = {};
  for (const [name, count] of calls) {
    const added = count - (before.get(name) ?? 0);
    if (added > 0) since[name] = added;
  }
  return since;
}

/** The numbers of the generated articles a listing serves in [from, to). */
async function servedNumbers(
  reader: ReturnType<typeof bed.setup>['reader'],
  from: number,
  to: number
): Promise<number[]> {
  const numbers: number[] = [];
  let startAt: string | undefined;
  do {
    const page = await reader.listArticles({ limit: 100, startAt });
    for (const item of page.items) {
      const n = Number(/number (\d+)/u.exec(item.title)?.[1]);
      if (n >= from && n < to) numbers.push(n);
    }
    startAt = page.next;
  } while (startAt);
  return numbers.sort((a, b) => a - b);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

describe('Handler: the write path of a small file', () => {
  it('stores a single-article file in one read and one write, record included', async () => {
    // Prepare: the month's marker is written once per container; write it.
    const { ingest, reader } = bed.setup();
    const warm = await upload(bed.s3, {
      Bucket: bed.bucket,
      Key: 'small/warm.jsonl',
      Body: `${jsonLine(1000)}\n`,
    });
    await ingest(sqsEvent(sqsRecord(warm)));
    const object = await upload(bed.s3, {
      Bucket: bed.bucket,
      Key: 'small/one.jsonl',
      Body: `${jsonLine(1001)}\n`,
    });
    const before = new Map(calls);

    // Act
    const response = await ingest(sqsEvent(sqsRecord(object)));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(callsSince(before)).toEqual({
      TransactGetItems: 1,
      TransactWriteItems: 1,
    });
    const record = await reader.getFileRecord(bed.bucket, 'small/one.jsonl');
    expect(record).toMatchObject({
      status: 'stored',
      counts: { found: 1, stored: 1, duplicate: 0, rejected: 0 },
    });
    expect(record).not.toHaveProperty('progress');
    const article = await reader.getArticle(record?.articleIds[0] ?? '');
    expect(article?.title).toBe(articleTitle(1001));
  });

  it('looks for an older version’s entries only when the record it replaces says there is one', async () => {
    // Prepare: two lines, then one.
    const { ingest, reader } = bed.setup();
    const key = 'small/shrinks.jsonl';
    const v1 = await upload(bed.s3, {
      Bucket: bed.bucket,
      Key: key,
      Body: jsonLines(1100, 1102),
    });
    await ingest(sqsEvent(sqsRecord(v1)));
    const [kept, dropped] =
      (await reader.getFileRecord(bed.bucket, key))?.articleIds ?? [];
    const v2 = await upload(bed.s3, {
      Bucket: bed.bucket,
      Key: key,
      Body: jsonLines(1100, 1101),
    });
    const before = new Map(calls);

    // Act
    await ingest(sqsEvent(sqsRecord(v2)));

    // Assess: the second line's article is gone. The small file's own
    // read and write, one Query of the object's older entries, and the
    // removal of the dropped one (a read of its item, a Query of its
    // text's holders, a transaction).
    expect(callsSince(before)).toEqual({
      TransactGetItems: 1,
      TransactWriteItems: 2,
      Query: 2,
      GetItem: 1,
    });
    expect(await reader.findArticle(dropped ?? '')).toMatchObject({
      status: 'deleted',
    });
    expect((await reader.getArticle(kept ?? ''))?.title).toBe(
      articleTitle(1100)
    );
  });
});

describe('Handler: several articles per transaction, several at once', () => {
  it('leaves only the newer version’s articles when two versions of a long file race', async () => {
    // Prepare: v1 has articles 2000–2299, v2 2100–2349, under one key.
    const { ingest, reader } = bed.setup();
    const key = 'race/long.jsonl';
    const v1 = await upload(bed.s3, {
      Bucket: bed.bucket,
      Key: key,
      Body: jsonLines(2000, 2300),
    });
    // s3rver keeps no versions: the older event reads v1's bytes from a
    // copy, through a client that serves the key from there.
    await upload(bed.s3, {
      Bucket: bed.bucket,
      Key: `${key}.v1`,
      Body: jsonLines(2000, 2300),
    });
    const v2 = await upload(bed.s3, {
      Bucket: bed.bucket,
      Key: key,
      Body: jsonLines(2100, 2350),
    });
    const { s3: v1Reader } = localClients();
    v1Reader.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Key?: string };
        return next(
          input.Key === key
            ? ({
                ...args,
                input: { ...input, Key: `${key}.v1` },
              } as typeof args)
            : args
        );
      },
      { step: 'initialize', name: 'serve-v1' }
    );
    const ingestV1 = createIngestHandler({
      ...ingestDependencies(
        { s3: v1Reader, dynamoDb: bed.dynamoDb },
        { tableName: bed.tableName, maxObjectBytes: 64 * 1024 * 1024 }
      ),
      continuations: { send: async () => undefined },
    });

    // Act: both at once.
    const [first, second] = await Promise.all([
      ingest(sqsEvent(sqsRecord(v2))),
      ingestV1(sqsEvent(sqsRecord(v1)), lambdaContext()),
    ]);

    // Assess
    expect(first.batchItemFailures).toEqual([]);
    expect(second.batchItemFailures).toEqual([]);
    const record = await reader.getFileRecord(bed.bucket, key);
    expect(record).toMatchObject({
      sequencer: normaliseSequencer(v2.sequencer),
      status: 'stored',
      counts: { found: 250, rejected: 0 },
    });
    expect(await servedNumbers(reader, 2000, 2400)).toEqual(range(2100, 2350));
  });

  it('stores the first copy of a text and counts the others duplicates when they share a batch', async () => {
    // Prepare: 60 lines, 20 texts three times each, under 60 URLs.
    const { ingest, reader } = bed.setup();
    const lines = range(0, 60).map((k) =>
      jsonLine(3000 + (k % 20), { url: `https://gazette.example/copy/${k}` })
    );
    const object = await upload(bed.s3, {
      Bucket: bed.bucket,
      Key: 'batch/copies.jsonl',
      Body: `${lines.join('\n')}\n`,
    });

    // Act
    await ingest(sqsEvent(sqsRecord(object)));

    // Assess: each text is served by its first line's article.
    const record = await reader.getFileRecord(bed.bucket, 'batch/copies.jsonl');
    expect(record?.counts).toEqual({
      found: 60,
      stored: 20,
      duplicate: 40,
      rejected: 0,
    });
    expect(record?.articleIds).toHaveLength(20);
    const urls = await Promise.all(
      (record?.articleIds ?? []).map(
        async (id) => (await reader.getArticle(id))?.url
      )
    );
    expect(urls).toEqual(
      range(0, 20).map((k) => `https://gazette.example/copy/${k}`)
    );
  });

  it('keeps the last of two entries with one URL in one file, as one article', async () => {
    // Prepare: 40 lines; line 30 has line 3's URL and other text.
    const { ingest, reader } = bed.setup();
    const lines = range(4000, 4040).map((n) =>
      n === 4030
        ? jsonLine(n, { url: 'https://gazette.example/news/4003' })
        : jsonLine(n)
    );
    const object = await upload(bed.s3, {
      Bucket: bed.bucket,
      Key: 'batch/twice.jsonl',
      Body: `${lines.join('\n')}\n`,
    });

    // Act
    await ingest(sqsEvent(sqsRecord(object)));

    // Assess: 40 entries, 39 articles; 4003's URL serves line 30's text.
    const record = await reader.getFileRecord(bed.bucket, 'batch/twice.jsonl');
    expect(record?.counts).toMatchObject({ found: 40, rejected: 0 });
    expect(record?.articleIds).toHaveLength(39);
    const numbers = await servedNumbers(reader, 4000, 4100);
    expect(numbers).toEqual(range(4000, 4040).filter((n) => n !== 4003));
  });
});
