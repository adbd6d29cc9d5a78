/**
 * `npm start` end to end: the real command as a child process on free
 * ports, files dropped into the drop folder and uploaded with the AWS SDK,
 * read back over HTTP, a restart, and a clean Ctrl-C.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { localClientOptions } from '../../bin/local/servers.ts';
import { createS3Client } from '../../functions/store/clients.ts';
import { loadArticleFixture } from '../support/fixtures.ts';
import {
  type RunningStack,
  startStack,
  stopStack,
  waitFor,
} from '../support/npm-start.ts';
import { REPO_ROOT, SEED_PATH } from '../support/paths.ts';
import { fileTempDir } from '../support/temp-dir.ts';

const SEED = SEED_PATH;
// Registered before the afterAll below that stops `npm start`: Vitest runs
// afterAll hooks in reverse order, so the stack stops before its folder goes.
const root = fileTempDir('e2e');
const dataDir = join(root, 'data');
const dropDir = join(root, 'drop');

type Running = RunningStack;

const start = (extra: string[] = []) => startStack({ dataDir, dropDir }, extra);
const stop = stopStack;

let running: Running | undefined;

// biome-ignore lint/suspicious/noExplicitAny: response bodies of several shapes, asserted field by field
type Json = any;

async function getJson(path: string): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${running?.info.apiUrl}${path}`);
  return { status: response.status, body: await response.json() };
}

async function fileStatus(key: string): Promise<string | undefined> {
  const { status, body } = await getJson(
    `/files/${key.split('/').map(encodeURIComponent).join('/')}`
  );
  return status === 200 ? body.status : undefined;
}

/** Whether a file's status is its outcome (not absent, not `processing`). */
function isFinal(status: string | undefined): boolean {
  return status !== undefined && status !== 'processing';
}

/** Processes whose command line mentions the data folder (Java included). */
function processesUsing(path: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', path], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
}

afterAll(async () => {
  const child = running?.child;
  if (running && child?.exitCode === null && child.signalCode === null) {
    await stop(running);
  }
});

describe('E2E: npm start', () => {
  it('starts, prints where everything is, and serves an empty API', async () => {
    // Act
    running = await start(['--reset']);
    const { status, body } = await getJson('/articles');

    // Assess
    const banner = running.output();
    expect(banner).toContain(`API          ${running.info.apiUrl}`);
    expect(banner).toContain(`S3 endpoint  ${running.info.s3Endpoint}`);
    expect(banner).toContain('bucket: dropwire-drop');
    expect(banner).toContain(`drop folder  ${dropDir}`);
    expect(status).toBe(200);
    expect(body).toEqual({ items: [], nextCursor: null });
  });

  it('ingests a file dropped into the drop folder and serves it', async () => {
    // Act
    copyFileSync(SEED, join(dropDir, 'putin-kim.txt'));
    await waitFor(
      async () => (await fileStatus('putin-kim.txt')) === 'stored',
      30_000
    );
    const list = await getJson('/articles');
    const article = await getJson(`/articles/${list.body.items[0]?.id}`);

    // Assess
    expect(list.body.items).toHaveLength(1);
    expect(article.status).toBe(200);
    expect(article.body.title).toBe(
      'Putin gives Kim Jong-un parting gifts as tour ends early'
    );
    expect(running?.output()).toMatch(/stored {5}putin-kim\.txt: 1 article/u);
  });

  it('ingests an object uploaded with the AWS SDK', async () => {
    // Prepare
    const s3 = createS3Client(
      localClientOptions({ s3Endpoint: running?.info.s3Endpoint })
    );

    // Act
    await s3.send(
      new PutObjectCommand({
        Bucket: 'dropwire-drop',
        Key: 'wire/rates today.txt',
        Body: loadArticleFixture('reuters-wire-rates').source,
      })
    );
    await waitFor(
      async () => (await fileStatus('wire/rates today.txt')) === 'stored',
      30_000
    );

    // Assess
    expect((await getJson('/articles')).body.items).toHaveLength(2);
  });

  it('records the same file under another name as a duplicate', async () => {
    // Act
    copyFileSync(SEED, join(dropDir, 'putin-kim copy.txt'));
    await waitFor(
      async () => isFinal(await fileStatus('putin-kim copy.txt')),
      30_000
    );

    // Assess
    expect(await fileStatus('putin-kim copy.txt')).toBe('duplicate');
    expect((await getJson('/articles')).body.items).toHaveLength(2);
  });

  it('rejects an empty file and random bytes, with reasons', async () => {
    // Act
    writeFileSync(join(dropDir, 'empty.txt'), '');
    writeFileSync(
      join(dropDir, 'noise.bin'),
      Uint8Array.from({ length: 4096 }, (_, i) => (i * 2654435761) % 256)
    );
    await waitFor(
      async () =>
        isFinal(await fileStatus('empty.txt')) &&
        isFinal(await fileStatus('noise.bin')),
      30_000
    );
    const empty = await getJson('/files/empty.txt');
    const noise = await getJson('/files/noise.bin');

    // Assess
    expect(empty.body).toMatchObject({
      status: 'rejected',
      reason: { code: 'empty' },
    });
    expect(noise.body).toMatchObject({
      status: 'rejected',
      reason: { code: 'binary' },
    });
  });

  it('keeps its data across a restart', async () => {
    // Prepare
    const before = (await getJson('/articles')).body.items;

    // Act
    await stop(running as Running);
    running = await start();
    const after = (await getJson('/articles')).body.items;

    // Assess
    expect(after).toEqual(before);
  });

  it('stops on Ctrl-C within 5 s, leaving no process behind', async () => {
    // Act
    const ms = await stop(running as Running);

    // Assess
    expect(ms).toBeLessThan(5000);
    expect(running?.output()).toContain('SIGINT: stopping');
    expect(processesUsing(dataDir)).toEqual([]);
    expect(existsSync(join(dataDir, 'local.json'))).toBe(false);
  });

  it('stops at once, saying to add --, when its flags come before it: npm start --api-port 3001', () => {
    // Act
    const result = spawnSync('npm', ['start', '--api-port', '3001'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "dropwire: npm took --api-port for itself: flags before -- are npm's; put Dropwire's after it, as in npm start -- --api-port <value>"
    );
    expect(result.stdout).not.toContain('Dropwire is running locally');
  });
});
