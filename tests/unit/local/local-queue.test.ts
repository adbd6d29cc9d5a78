import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { type DeadLetter, LocalQueue } from '../../../bin/local/local-queue.ts';
import { testTempDir } from '../../support/temp-dir.ts';

/** A handler that fails the bodies in `failing`, recording every receive. */
function recordingHandler(failing: Set<string>) {
  const received: string[] = [];
  const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    received.push(...event.Records.map((r) => r.body));
    return {
      batchItemFailures: event.Records.filter((r) => failing.has(r.body)).map(
        (r) => ({
          itemIdentifier: r.messageId,
        })
      ),
    };
  };
  return { handler, received };
}

describe('Class: LocalQueue', () => {
  it('delivers messages in batches and removes the ones that succeed', async () => {
    // Prepare
    const { handler, received } = recordingHandler(new Set());
    const sizes: number[] = [];
    const queue = new LocalQueue({
      handler: async (event) => {
        sizes.push(event.Records.length);
        return handler(event);
      },
      batchSize: 10,
      concurrency: 1,
    });
    for (let i = 0; i < 25; i++) queue.send(`m${i}`);

    // Act
    queue.start();
    await queue.drained();
    await queue.stop();

    // Assess
    expect(received).toHaveLength(25);
    expect(sizes).toEqual([10, 10, 5]);
    expect(queue.depth).toBe(0);
  });

  it('retries a failing message with back-off, then dead-letters it after maxReceiveCount', async () => {
    // Prepare
    const { handler, received } = recordingHandler(new Set(['bad']));
    const dead: DeadLetter[] = [];
    const delays: number[] = [];
    const queue = new LocalQueue({
      handler,
      maxReceiveCount: 3,
      backoffMs: (n) => {
        delays.push(n);
        return 5;
      },
      onDeadLetter: (letter) => dead.push(letter),
    });
    queue.send('good');
    queue.send('bad');

    // Act
    queue.start();
    await queue.drained();
    await queue.stop();

    // Assess
    expect(received.filter((b) => b === 'bad')).toHaveLength(3);
    expect(received.filter((b) => b === 'good')).toHaveLength(1);
    expect(delays).toEqual([1, 2]);
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ body: 'bad', receiveCount: 3 });
    expect(queue.deadLetters).toEqual(dead);
  });

  it('keeps the reason failureOf gives for a message the handler failed', async () => {
    // Prepare
    const queue = new LocalQueue({
      handler: recordingHandler(new Set(['bad'])).handler,
      maxReceiveCount: 1,
      failureOf: (body) => `could not read ${body}`,
    });
    queue.send('bad');

    // Act
    queue.start();
    await queue.drained();
    await queue.stop();

    // Assess
    expect(queue.deadLetters[0]?.lastError).toBe('could not read bad');
  });

  it('fails every message of a batch whose invocation throws', async () => {
    // Prepare
    let calls = 0;
    const queue = new LocalQueue({
      handler: async () => {
        calls += 1;
        throw new Error('handler crashed');
      },
      maxReceiveCount: 2,
      backoffMs: () => 1,
    });
    queue.send('a');
    queue.send('b');

    // Act
    queue.start();
    await queue.drained();
    await queue.stop();

    // Assess
    expect(calls).toBe(2);
    expect(queue.deadLetters.map((l) => [l.body, l.lastError])).toEqual([
      ['a', 'handler crashed'],
      ['b', 'handler crashed'],
    ]);
  });

  it('keeps pending messages and dead letters across restarts', async () => {
    // Prepare
    const dir = testTempDir('queue');
    const files = {
      queueFile: join(dir, 'queue.json'),
      deadLetterFile: join(dir, 'dead-letters.json'),
    };
    const first = new LocalQueue({
      handler: recordingHandler(new Set()).handler,
      ...files,
    });
    first.send('waiting');
    await first.stop();

    // Act
    const { handler, received } = recordingHandler(new Set());
    const second = new LocalQueue({ handler, ...files });
    second.start();
    await second.drained();
    await second.stop();

    // Assess
    expect(received).toEqual(['waiting']);
    expect(JSON.parse(readFileSync(files.queueFile, 'utf8'))).toEqual([]);
  });

  it('redrives dead letters once the fault is fixed, and saves both lists', async () => {
    // Prepare
    const dir = testTempDir('queue');
    const files = {
      queueFile: join(dir, 'queue.json'),
      deadLetterFile: join(dir, 'dead-letters.json'),
    };
    const failing = new Set(['first', 'second']);
    const { handler, received } = recordingHandler(failing);
    const queue = new LocalQueue({
      handler,
      maxReceiveCount: 2,
      backoffMs: () => 1,
      ...files,
    });
    queue.send('first');
    queue.send('second');
    queue.start();
    await queue.drained();
    const [first, second] = queue.deadLetters as [DeadLetter, DeadLetter];
    failing.clear();

    // Act
    const moved = queue.redrive([first.id, 'no-such-id']);
    await queue.drained();
    const rest = queue.redrive();
    await queue.drained();
    const none = queue.redrive();
    await queue.stop();

    // Assess
    expect(moved).toEqual([first.id]);
    expect(rest).toEqual([second.id]);
    expect(none).toEqual([]);
    expect(received).toEqual([
      'first',
      'second',
      'first',
      'second',
      'first',
      'second',
    ]);
    expect(queue.deadLetters).toEqual([]);
    expect(JSON.parse(readFileSync(files.deadLetterFile, 'utf8'))).toEqual([]);
    expect(JSON.parse(readFileSync(files.queueFile, 'utf8'))).toEqual([]);
  });

  it('dead-letters a redriven message again when it still fails', async () => {
    // Prepare
    const { handler, received } = recordingHandler(new Set(['poison']));
    const queue = new LocalQueue({
      handler,
      maxReceiveCount: 2,
      backoffMs: () => 1,
    });
    queue.send('poison');
    queue.start();
    await queue.drained();

    // Act
    queue.redrive();
    await queue.drained();
    await queue.stop();

    // Assess
    expect(received).toEqual(['poison', 'poison', 'poison', 'poison']);
    expect(queue.deadLetters).toHaveLength(1);
    expect(queue.deadLetters[0]).toMatchObject({
      body: 'poison',
      receiveCount: 2,
    });
  });
});
