/**
 * `npx dropwire reprocess` end to end: `npm start` as a child process,
 * objects uploaded through its S3 API and ingested, then the command as a
 * child process of its own, which finds the stack through `local.json` and
 * sends through the local queue's SQS endpoint; the file records then say
 * every article was read again unchanged.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { localClientOptions } from '../../bin/local/servers.ts';
import { createS3Client } from '../../functions/store/clients.ts';
import { jsonLines } from '../support/formats.ts';
import {
  type RunningStack,
  startStack,
  stopStack,
  waitFor,
} from '../support/npm-start.ts';
import { REPO_ROOT } from '../support/paths.ts';
import { fileTempDir } from '../support/temp-dir.ts';

// Registered before the afterAll that stops `npm start` (they run in
// reverse order), so the stack stops before its folder goes.
const root = fileTempDir('e2e-reprocess');
const dataDir = join(root, 'data');
let running: RunningStack | undefined;

afterAll(async () => {
  if (running) await stopStack(running);
});

const CLI = join(REPO_ROOT, 'bin', 'cli.ts');
const KEYS = ['re/a.jsonl', 're/b c.jsonl', 'other/c.jsonl'];

function dropwire(args: string[]) {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    cwd: REPO_ROOT,
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

// biome-ignore lint/suspicious/noExplicitAny: a file record, asserted field by field
async function fileRecord(key: string): Promise<any> {
  const path = key.split('/').map(encodeURIComponent).join('/');
  // A new connection each time: under load, fetch reused a keep-alive
  // socket the server was closing ("other side closed").
  const response = await fetch(`${running?.info.apiUrl}/files/${path}`, {
    headers: { connection: 'close' },
  });
  return response.status === 200 ? response.json() : undefined;
}

describe('E2E: npx dropwire reprocess on npm start', () => {
  it('re-reads every object under the prefix, unchanged, and counts the rest with --dry-run', async () => {
    // Prepare
    running = await startStack({ dataDir, dropDir: join(root, 'drop') });
    const s3 = createS3Client(
      localClientOptions({ s3Endpoint: running.info.s3Endpoint })
    );
    for (const [i, key] of KEYS.entries()) {
      await s3.send(
        new PutObjectCommand({
          Bucket: running.info.bucket,
          Key: key,
          Body: jsonLines(i * 10, i * 10 + 2),
        })
      );
    }
    await waitFor(
      async () =>
        (await Promise.all(KEYS.map(fileRecord))).every(
          (record) => record?.status === 'stored'
        ),
      60_000,
      () => running?.output() ?? ''
    );

    // Act
    const dry = dropwire(['reprocess', '--dry-run', '--data-dir', dataDir]);
    const run = dropwire([
      'reprocess',
      '--prefix',
      're/',
      '--data-dir',
      dataDir,
    ]);
    await waitFor(
      async () =>
        (await fileRecord('re/b c.jsonl'))?.counts.unchanged === 2 &&
        (await fileRecord('re/a.jsonl'))?.counts.unchanged === 2,
      60_000,
      () => running?.output() ?? ''
    );

    // Assess
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(
      /^dry run: 3 objects in the local stack \(dropwire-drop → http:\/\/127\.0\.0\.1:\d+\/000000000000\/dropwire-ingest\) would be sent \(nothing was sent\)/u
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /^reprocess under "re\/" of the local stack \(.*\): listed 2, sent 2, failed 0 in \d+\.\d s/u
    );
    for (const key of ['re/a.jsonl', 're/b c.jsonl']) {
      expect((await fileRecord(key))?.counts).toEqual({
        found: 2,
        stored: 0,
        duplicate: 0,
        unchanged: 2,
        rejected: 0,
      });
    }
    expect((await fileRecord('other/c.jsonl'))?.counts.stored).toBe(2);
  });

  it('says there is no local stack when none runs in the data folder, and exits 1', () => {
    // Act
    const run = dropwire([
      'reprocess',
      '--data-dir',
      join(root, 'nothing-here'),
    ]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^dropwire: no local stack is running/u);
  });

  it('refuses --bucket without --queue-url, exiting 1', () => {
    // Act
    const run = dropwire(['reprocess', '--bucket', 'drop']);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--bucket and --queue-url go together');
  });
});
