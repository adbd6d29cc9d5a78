/**
 * `npm start` end to end, the lifecycle of a file and the servers while a
 * big one is parsed: uploads and deletes through the S3 API of the running
 * stack, answers read over its HTTP API.
 */
import { randomUUID } from 'node:crypto';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientOptions } from '../../bin/local/servers.ts';
import { createS3Client } from '../../functions/store/clients.ts';
import { jsonLines } from '../support/formats.ts';
import {
  type RunningStack,
  startStack,
  stopStack,
  waitFor,
} from '../support/npm-start.ts';
import { fileTempDir } from '../support/temp-dir.ts';

// Registered before the afterAll that stops the stack (run in reverse).
const root = fileTempDir('e2e-lifecycle');
const BUCKET = 'dropwire-drop';

let running: RunningStack;
let s3: ReturnType<typeof createS3Client>;

beforeAll(async () => {
  running = await startStack({
    dataDir: `${root}/data`,
    dropDir: `${root}/drop`,
  });
  s3 = createS3Client(
    localClientOptions({ s3Endpoint: running.info.s3Endpoint })
  );
});

afterAll(async () => {
  if (running) await stopStack(running);
});

// biome-ignore lint/suspicious/noExplicitAny: response bodies of several shapes, asserted field by field
type Json = any;

async function getJson(path: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${running.info.apiUrl}${path}`);
  return { status: response.status, body: await response.json() };
}

const filePath = (key: string) =>
  `/files/${key.split('/').map(encodeURIComponent).join('/')}`;

async function fileRecord(key: string): Promise<Json | undefined> {
  const { status, body } = await getJson(filePath(key));
  return status === 200 ? body : undefined;
}

async function put(key: string, body: string | Uint8Array): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
}

/** Waits until the record of `key` has status `status`; returns it. */
async function recordOnce(
  key: string,
  status: string,
  check: (record: Json) => boolean = () => true
): Promise<Json> {
  let record: Json;
  await waitFor(
    async () => {
      record = await fileRecord(key);
      return record?.status === status && check(record);
    },
    60_000,
    () =>
      `${key}: ${JSON.stringify(record)?.slice(0, 500)}\n${running.output()}`
  );
  return record;
}

/** Waits until `path` answers `status`; returns that answer. */
async function answerOnce(
  path: string,
  status: number
): Promise<{ status: number; body: Json }> {
  let answer = await getJson(path);
  await waitFor(
    async () => {
      answer = await getJson(path);
      return answer.status === status;
    },
    30_000,
    () => `${path}: ${answer.status} ${JSON.stringify(answer.body)}`
  );
  return answer;
}

/** When (performance.now) the stack printed a line about `key`'s outcome. */
function outcomeLine(key: string): Promise<number> {
  const pattern = new RegExp(
    `^(stored|rejected|duplicate) +${key.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}:`,
    'mu'
  );
  return new Promise((resolve) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        running.child.stdout?.off('data', onData);
        resolve(performance.now());
      }
    };
    running.child.stdout?.on('data', onData);
  });
}

describe('E2E: npm start, files over their life', () => {
  it('serves S3 and the API while a 3 MB JSON of 1,000,000 items and a 9 MB JSON Lines file are parsed', async () => {
    // Prepare
    const json = `[${Array(1_000_000).fill('{}').join(',')}]`;
    const lines = '{}\n'.repeat(3_000_000);
    const jsonDone = outcomeLine('busy/million.json');
    const linesDone = outcomeLine('busy/three-million.jsonl');
    await Promise.all([
      put('busy/million.json', json),
      put('busy/three-million.jsonl', lines),
    ]);
    await recordOnce('busy/million.json', 'processing');

    // Act: requests one after the other, each sent when the last answered.
    const answers: { put: boolean; get: number; at: number }[] = [];
    for (let n = 0; n < ROUNDS; n++) {
      const stored = await put(`busy/probe-${n}.txt`, `probe ${n}`).then(
        () => true,
        () => false
      );
      const { status } = await getJson('/articles?limit=1');
      answers.push({ put: stored, get: status, at: performance.now() });
    }
    const done = Math.min(await jsonDone, await linesDone);

    // Assess
    expect(answers.every((a) => a.put && a.get === 200)).toBe(true);
    // Every request was answered while the big files were still being read.
    expect(answers.filter((a) => a.at > done)).toEqual([]);
    expect(await fileRecord('busy/million.json')).toMatchObject({
      status: 'rejected',
      format: 'json',
    });
    expect(await fileRecord('busy/three-million.jsonl')).toMatchObject({
      status: 'rejected',
      format: 'jsonl',
    });
  });

  it('answers 410 deleted for the article of an object deleted through the S3 API', async () => {
    // Prepare
    const key = `life/${randomUUID()}.jsonl`;
    await put(key, jsonLines(1, 2));
    const stored = await recordOnce(key, 'stored');
    const id = stored.articleIds[0];
    expect((await getJson(`/articles/${id}`)).status).toBe(200);

    // Act
    await s3.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    const record = await recordOnce(key, 'deleted');
    // The record says deleted first; the article is removed right after.
    const article = await answerOnce(`/articles/${id}`, 410);

    // Assess
    expect(record.articleIds).toEqual([]);
    expect(article.status).toBe(410);
    expect(article.body.error.code).toBe('deleted');
  });

  it('removes the third article when a 3-line JSON Lines file is overwritten with 2 lines', async () => {
    // Prepare
    const key = 'life/three-then-two.jsonl';
    await put(key, jsonLines(10, 13));
    const first = await recordOnce(key, 'stored');
    expect(first.articleIds).toHaveLength(3);
    const ids: string[] = first.articleIds;

    // Act
    await put(key, jsonLines(10, 12));
    const second = await recordOnce(
      key,
      'stored',
      (record) => record.articleIds.length === 2
    );
    // The record comes first; the third article is removed right after.
    const third = await answerOnce(`/articles/${ids[2]}`, 410);
    const answers = await Promise.all(
      ids.map(async (id) => (await getJson(`/articles/${id}`)).status)
    );
    const listed = await getJson(`/articles?file=${encodeURIComponent(key)}`);

    // Assess
    expect(second.articleIds).toEqual(ids.slice(0, 2));
    expect(answers).toEqual([200, 200, 410]);
    expect(third.body.error.code).toBe('deleted');
    expect(listed.body.items.map((a: Json) => a.id)).toEqual(ids.slice(0, 2));
  });

  it('shows a long file as processing, with its progress, until it is stored', async () => {
    // Prepare
    const key = 'life/long.jsonl';
    const lines = LONG_FILE_LINES;

    // Act
    await put(key, jsonLines(1000, 1000 + lines));
    const processing = await recordOnce(key, 'processing');
    const stored = await recordOnce(key, 'stored');

    // Assess
    expect(processing).toMatchObject({
      status: 'processing',
      progress: { invocations: 1 },
    });
    expect(Date.parse(processing.startedAt)).toBeGreaterThan(0);
    expect(stored.counts).toMatchObject({ found: lines, stored: lines });
    expect(stored.startedAt ?? processing.startedAt).toBe(processing.startedAt);
  });
});

/** Lines of the long file: enough to be seen being read, a few seconds. */
const LONG_FILE_LINES = 200;

/** Request rounds (an S3 PUT, then an API GET) sent during the big parse. */
const ROUNDS = 10;
