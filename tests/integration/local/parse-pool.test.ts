/**
 * Local mode's parse workers (`bin/local/parse-pool.ts`): the same answers
 * as the parser in this thread, a crashed worker replaced, every worker
 * gone after close; and through the real ingest handler on the local
 * servers, a crash ends as a retried message, then the same record.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ParsePool,
  ParsePoolClosedError,
  ParseWorkerExitedError,
} from '../../../bin/local/parse-pool.ts';
import type { FileMeta } from '../../../functions/core/index.ts';
import {
  type FileParsing,
  inProcessParsing,
} from '../../../functions/ingest/file-parsing.ts';
import { sqsEvent, sqsRecord, upload } from '../../support/aws.ts';
import { jsonLines, rssFeed, zipOf } from '../../support/formats.ts';
import { ingestBed } from '../../support/ingest-bed.ts';
import { SEED_PATH } from '../../support/paths.ts';

const bed = ingestBed();
const utf8 = (text: string) => new TextEncoder().encode(text);
/** The file: 1,000,000 items, 3 MB, read whole. */
const MILLION_ITEMS = utf8(`[${Array(1_000_000).fill('{}').join(',')}]`);
const SLICE_BYTES = 64 * 1024;
/** The 1,000,000-item JSON takes seconds to parse on a loaded machine. */
const HEAVY_TEST_MS = 120_000;

const pools: ParsePool[] = [];
function newPool(size?: number): ParsePool {
  const pool = new ParsePool({ size });
  pools.push(pool);
  return pool;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

/** Every answer and state of a parse of `bytes`, in slices. */
async function answers(parsing: FileParsing, bytes: Uint8Array) {
  const seen: unknown[] = [];
  for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
    const progress = await parsing.push(bytes.subarray(at, at + SLICE_BYTES));
    seen.push(progress, parsing.entries, parsing.resumePoint, parsing.format);
  }
  seen.push(await parsing.end(), parsing.entries, parsing.format);
  parsing.close();
  return seen;
}

/** A parse of `bytes` on `pool`, ended while its worker is terminated. */
async function crashMidParse(pool: ParsePool, bytes: Uint8Array) {
  const parsing = pool.parse({ key: 'big.json' }, {});
  await parsing.push(bytes);
  const ended = parsing.end();
  await pool.terminate(pool.threadIds[0] as number);
  return ended;
}

describe('Class: ParsePool', () => {
  it(
    'answers every push and end as the parser in this thread does',
    async () => {
      // Prepare
      const pool = newPool(2);
      const ingestedAt = new Date('2026-12-02T12:00:00Z');
      const files: [FileMeta, Uint8Array][] = [
        [{ key: 'seed.txt' }, readFileSync(SEED_PATH)],
        [{ key: 'lines.jsonl' }, utf8(`${jsonLines(1, 40)}{"broken\n`)],
        [{ key: 'feed.xml' }, utf8(rssFeed(1, 5))],
        [{ key: 'many.json' }, MILLION_ITEMS],
        [{ key: 'bad.json' }, utf8('[{"title": ')],
        [{ key: 'bundle.zip' }, zipOf({ 'a.jsonl': jsonLines(1, 3) })],
      ];

      // Act
      const results = await Promise.all(
        files.map(async ([meta, bytes]) => {
          const withTime = { ...meta, ingestedAt };
          return [
            await answers(pool.parse(withTime, {}), bytes),
            await answers(inProcessParsing(withTime, {}), bytes),
          ];
        })
      );

      // Assess
      for (const [inWorker, inThread] of results) {
        expect(inWorker).toEqual(inThread);
      }
      expect(JSON.stringify(results[3]?.[0]?.at(-3))).toContain(
        'not-an-article'
      );
      expect(pool.started).toBe(2);
    },
    HEAVY_TEST_MS
  );

  it('fails the parses of a worker that exits, and starts a new one for the next parse', async () => {
    // Prepare
    const pool = newPool(1);

    // Act
    const ended = crashMidParse(pool, MILLION_ITEMS);

    // Assess
    await expect(ended).rejects.toThrow(ParseWorkerExitedError);
    const again = await answers(
      pool.parse({ key: 'a.jsonl' }, {}),
      utf8(jsonLines(1, 2))
    );
    expect(again.at(-3)).toMatchObject({ ok: true, format: 'jsonl' });
    expect(pool.started).toBe(2);
    expect(pool.threadIds).toHaveLength(1);
  });

  it('terminates every worker on close, failing the parse in progress', async () => {
    // Prepare
    const pool = newPool(2);
    const parsing = pool.parse({ key: 'big.json' }, {});
    await parsing.push(MILLION_ITEMS);

    // Act
    const ended = parsing.end();
    await pool.close();

    // Assess
    await expect(ended).rejects.toThrow(ParseWorkerExitedError);
    expect(pool.threadIds).toEqual([]);
    await expect(pool.parse({ key: 'late.txt' }, {}).end()).rejects.toThrow(
      ParsePoolClosedError
    );
  });
});

describe('Handler: parsing in worker threads', () => {
  it(
    'retries a message whose worker crashed, then records the file as in this thread',
    async () => {
      // Prepare
      const pool = newPool(1);
      const { ingest, reader } = bed.setup({ parsing: pool.parse });
      const inThread = bed.setup();
      const [object, control] = await Promise.all(
        ['pool/million.json', 'thread/million.json'].map((Key) =>
          upload(bed.s3, { Bucket: bed.bucket, Key, Body: MILLION_ITEMS })
        )
      );
      if (!object || !control) throw new Error('upload failed');
      const message = sqsRecord(object);
      await inThread.ingest(sqsEvent(sqsRecord(control)));
      const expected = await reader.getFileRecord(bed.bucket, control.key);

      // Act
      const first = ingest(sqsEvent(message));
      // The worker ends while the file is parsed (its record says processing).
      let record = await reader.getFileRecord(bed.bucket, object.key);
      while (record?.status !== 'processing' || pool.threadIds.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        record = await reader.getFileRecord(bed.bucket, object.key);
      }
      await pool.terminate(pool.threadIds[0] as number);
      const failed = await first;
      const retried = await ingest(sqsEvent(message));

      // Assess
      expect(failed.batchItemFailures).toEqual([
        { itemIdentifier: message.messageId },
      ]);
      expect(retried.batchItemFailures).toEqual([]);
      const stored = await reader.getFileRecord(bed.bucket, object.key);
      expect(expected).toMatchObject({ status: 'rejected', format: 'json' });
      const { status, reason, counts, problems, format } = expected ?? {};
      expect(stored).toMatchObject({
        status,
        reason,
        counts,
        problems,
        format,
      });
      expect(pool.started).toBe(2);
    },
    HEAVY_TEST_MS
  );
});
