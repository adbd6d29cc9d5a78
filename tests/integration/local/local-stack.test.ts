/**
 * Starting local mode where something is in its way: a port in use, a data
 * folder another stack holds, and a DynamoDB Local left running by a stack
 * that was killed with SIGKILL; and a stop while a file is being parsed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../../bin/local/data-lock.ts';
import { startLocalStack } from '../../../bin/local/local-stack.ts';
import {
  localClientOptions,
  startS3Server,
} from '../../../bin/local/servers.ts';
import { LOCAL_BUCKET } from '../../../bin/local/state.ts';
import { createS3Client } from '../../../functions/store/clients.ts';
import { waitFor } from '../../support/npm-start.ts';
import { FIXTURES_DIR, REPO_ROOT, SEED_PATH } from '../../support/paths.ts';
import { testTempDir } from '../../support/temp-dir.ts';

const LOCAL = join(REPO_ROOT, 'bin', 'local.ts');
const SEED = readFileSync(SEED_PATH);

/** In-process stack options on free ports in `dataDir` (dynalite, quiet). */
function stackOptions(dataDir: string) {
  return {
    dataDir,
    dropDir: join(dataDir, 'drop'),
    apiPort: 0,
    s3Port: 0,
    dynamoDb: 'dynalite' as const,
    print: () => {},
  };
}

/** `bin/local.ts` (what `npm start` runs) on free ports in `dataDir`. */
function localArgs(dataDir: string, extra: string[] = []): string[] {
  return [
    LOCAL,
    '--api-port',
    '0',
    '--s3-port',
    '0',
    '--data-dir',
    dataDir,
    '--drop-dir',
    join(dataDir, 'drop'),
    ...extra,
  ];
}

function runToEnd(args: string[]) {
  return spawnSync(process.execPath, args, {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('Local mode: start-up conflicts', () => {
  it('says in one line that the S3 port is in use, and exits 1', async () => {
    // Prepare
    const dataDir = testTempDir('port');
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as { port: number };

    // Act
    const result = runToEnd(
      localArgs(dataDir, ['--dynamodb', 'dynalite', '--s3-port', String(port)])
    );
    taken.close();

    // Assess
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `dropwire: port ${port} (the S3 endpoint) is already in use on 127.0.0.1: stop what listens there, or choose another port`,
    ]);
  });

  it('refuses a data folder another running stack holds, and leaves it alone', async () => {
    // Prepare
    const dataDir = testTempDir('lock');
    const first = await startLocalStack(stackOptions(dataDir));
    try {
      // Act
      const second = runToEnd(
        localArgs(dataDir, ['--dynamodb', 'dynalite', '--reset'])
      );

      // Assess
      expect(second.status).toBe(1);
      expect(second.stderr).toContain(
        `is in use by another local stack (process ${process.pid})`
      );
      const response = await fetch(`${first.apiUrl}/articles`);
      expect(response.status).toBe(200);
      expect(readFileSync(join(dataDir, 'local.json'), 'utf8')).toContain(
        first.apiUrl
      );
    } finally {
      await first.stop();
    }
  });

  it('stops the DynamoDB Local a SIGKILLed stack left running, then starts', async () => {
    // Prepare: a stack killed with SIGKILL leaves its Java process behind
    const dataDir = testTempDir('orphan');
    const killed = spawn(
      process.execPath,
      localArgs(dataDir, ['--dynamodb', 'dynamodb-local']),
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
    );
    let output = '';
    killed.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await waitFor(
      () => output.includes('Waiting for files'),
      60_000,
      () => output
    );
    const { javaPid } = JSON.parse(
      readFileSync(join(dataDir, 'lock.json'), 'utf8')
    ) as { javaPid: number };
    const exited = once(killed, 'exit');
    killed.kill('SIGKILL');
    await exited;
    expect(isAlive(javaPid)).toBe(true);
    const lines: string[] = [];

    // Act
    const next = await startLocalStack({
      ...stackOptions(dataDir),
      dynamoDb: 'dynamodb-local',
      print: (line) => lines.push(line),
    });
    try {
      // Assess
      expect(isAlive(javaPid)).toBe(false);
      expect(lines.join('\n')).toContain(
        `DynamoDB Local (process ${javaPid}) was left running`
      );
      expect((await fetch(`${next.apiUrl}/articles`)).status).toBe(200);
    } finally {
      await next.stop();
    }
  });
});

describe('Local mode: reconciliation at start', () => {
  it('ingests an object whose event was lost, and queues nothing already recorded', async () => {
    // Prepare: a stack stores one file; then, with the stack down, an
    // object lands in its S3 folder with no event (as when a SIGKILL
    // beats the queue's save)
    const dataDir = testTempDir('reconcile');
    const options = stackOptions(dataDir);
    const first = await startLocalStack(options);
    await first.s3.send(
      new PutObjectCommand({
        Bucket: first.bucket,
        Key: 'kept/first.txt',
        Body: SEED,
      })
    );
    await waitFor(() => first.queue.depth === 0, 30_000);
    await first.queue.drained();
    await first.stop();
    const s3Only = await startS3Server({ directory: join(dataDir, 's3') });
    const client = createS3Client(
      localClientOptions({ s3Endpoint: s3Only.endpoint })
    );
    await client.send(
      new PutObjectCommand({
        Bucket: LOCAL_BUCKET,
        Key: 'lost/event.txt',
        Body: readFileSync(
          join(FIXTURES_DIR, 'articles', 'ap-senate-vote', 'source.txt')
        ),
      })
    );
    await s3Only.stop();
    const lines: string[] = [];

    // Act
    const next = await startLocalStack({
      ...options,
      print: (line) => lines.push(line),
    });
    try {
      await next.queue.drained();
      const lost = await fetch(`${next.apiUrl}/files/lost/event.txt`);
      const kept = await fetch(`${next.apiUrl}/files/kept/first.txt`);

      // Assess
      expect(lines).toContain(
        'queued again: 1 object with no file record and no message (the last stop lost their events)'
      );
      expect(lost.status).toBe(200);
      expect(((await lost.json()) as { status: string }).status).toBe('stored');
      expect(kept.status).toBe(200);
    } finally {
      await next.stop();
    }
  });
});

describe('Local mode: parse workers', () => {
  it('terminates its parse workers on stop, and reads the file they held again at the next start', async () => {
    // Prepare: a stack is parsing a 3 MB JSON of 1,000,000 items.
    const dataDir = testTempDir('workers');
    const options = stackOptions(dataDir);
    const key = 'busy/million.json';
    const status = async (apiUrl: string) => {
      const response = await fetch(`${apiUrl}/files/${key}`);
      return response.status === 200
        ? ((await response.json()) as { status: string }).status
        : undefined;
    };
    const first = await startLocalStack(options);
    await first.s3.send(
      new PutObjectCommand({
        Bucket: first.bucket,
        Key: key,
        Body: `[${Array(1_000_000).fill('{}').join(',')}]`,
      })
    );
    await waitFor(
      async () =>
        first.parsePool.threadIds.length > 0 &&
        (await status(first.apiUrl)) === 'processing',
      30_000
    );

    // Act
    await first.stop();
    const threadsAfterStop = first.parsePool.threadIds;
    const next = await startLocalStack(options);
    try {
      const stoppedAt = await status(next.apiUrl);
      await waitFor(
        async () => (await status(next.apiUrl)) !== 'processing',
        60_000
      );

      // Assess
      expect(threadsAfterStop).toEqual([]);
      // Stopped mid-parse: the stop did not wait for the file to end.
      expect(stoppedAt).toBe('processing');
      expect(await status(next.apiUrl)).toBe('rejected');
    } finally {
      await next.stop();
    }
  });
});
