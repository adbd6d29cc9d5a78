/**
 * `dropwire reprocess` against the real servers: a bucket on s3rver,
 * listed with the real S3 client, and local mode's SQS endpoint for the
 * ingest queue, sent to with the real SQS client (the same code that sends
 * to SQS in AWS). A middleware on the SQS client injects what only a
 * real SQS does (failed batch entries); the signal is SIGINT's.
 */
import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type {
  SendMessageBatchCommandInput,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ReprocessOptions,
  reprocessCommand,
  summaryLines,
} from '../../../bin/cli/reprocess.ts';
import {
  type QueueEndpoint,
  startQueueEndpoint,
} from '../../../bin/local/queue-endpoint.ts';
import { localClientOptions } from '../../../bin/local/servers.ts';
import { objectEvents } from '../../../functions/ingest/s3-events.ts';
import { createSqsClient } from '../../../functions/store/clients.ts';
import { createTestBucket, localClients } from '../../support/aws.ts';

const { s3 } = localClients();
let bucket: string;
let endpoint: QueueEndpoint;
/** What reached the queue: each body, as the handler reads it. */
let received: string[] = [];
let onReceive: (count: number) => void = () => undefined;
/** The client a run sends with unless a test gives its own. */
let defaultSqs: SQSClient;

/** 1,025 keys: more than one ListObjects page. */
const KEYS = Array.from(
  { length: 1025 },
  (_, i) => `all/${String(i).padStart(4, '0')}.txt`
);
const OTHER_KEYS = ['other/a.txt', 'other/b c.txt', 'other/d.txt'];

beforeAll(async () => {
  bucket = await createTestBucket(s3);
  endpoint = await startQueueEndpoint({
    queue: {
      send: (body) => {
        received.push(body);
        onReceive(received.length);
      },
    },
    queueName: 'dropwire-ingest',
  });
  defaultSqs = await sqsClient();
  const keys = [...KEYS, ...OTHER_KEYS];
  for (let at = 0; at < keys.length; at += 25) {
    await Promise.all(
      keys
        .slice(at, at + 25)
        .map((key) =>
          s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: key }))
        )
    );
  }
}, 120_000);
afterAll(() => endpoint.stop());

/** A run's options on the test bucket and endpoint. */
function options(
  extra: Partial<ReprocessOptions> = {},
  sqs: SQSClient = defaultSqs
): ReprocessOptions {
  received = [];
  onReceive = () => undefined;
  return {
    progress: false,
    retryDelayMs: 1,
    target: {
      s3,
      sqs,
      bucket,
      queueUrl: endpoint.queueUrl,
      where: 'the test bucket',
    },
    ...extra,
  };
}

function sqsClient(): Promise<SQSClient> {
  return createSqsClient({
    ...localClientOptions({}),
    sqsEndpoint: endpoint.endpoint,
  });
}

/** The keys of the requests received, in order. */
const receivedKeys = () =>
  received.flatMap((body) => objectEvents(body).map((event) => event.key));

/**
 * An SQS client whose SendMessageBatch answers report the entries of
 * `key` failed, `times` times (what SQS does under throttling): the entry
 * is then not sent.
 */
async function failingClient(key: string, times: number, senderFault = false) {
  const client = await sqsClient();
  let failures = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as SendMessageBatchCommandInput;
      const entry = input.Entries?.find((e) =>
        objectEvents(e.MessageBody ?? '').some((event) => event.key === key)
      );
      if (!entry || failures >= times) return next(args);
      failures++;
      const rest = input.Entries?.filter((e) => e !== entry) ?? [];
      const result =
        rest.length > 0
          ? await next({ ...args, input: { ...input, Entries: rest } })
          : { output: { Successful: [], $metadata: {} }, response: {} };
      const output = result.output as { Failed?: unknown[] };
      output.Failed = [
        {
          Id: entry.Id,
          Code: 'ThrottlingException',
          Message: 'Rate exceeded',
          SenderFault: senderFault,
        },
      ];
      return result;
    },
    { step: 'initialize', name: 'fail-entries', priority: 'high' }
  );
  return client;
}

describe('Command: reprocess', () => {
  it('sends every object once, in batches of ten, across pages', async () => {
    // Prepare
    const sqs = await sqsClient();
    let batches = 0;
    sqs.middlewareStack.add(
      (next) => async (args) => {
        batches++;
        return next(args);
      },
      { step: 'initialize', name: 'count-batches' }
    );
    const run = options({ prefix: 'all/' }, sqs);

    // Act
    const summary = await reprocessCommand(run);

    // Assess
    expect(summary).toMatchObject({
      listed: 1025,
      sent: 1025,
      failed: [],
      lastSentKey: KEYS.at(-1),
      stopped: undefined,
    });
    expect(batches).toBe(103);
    // Four batches in flight: each key once, not necessarily in order.
    expect(receivedKeys().sort()).toEqual(KEYS);
    const [first] = objectEvents(received[0] ?? '');
    expect(first).toMatchObject({ bucket, reprocess: true, sizeBytes: 12 });
    expect(first?.etag).toMatch(/^[0-9a-f]{32}$/u);
    expect(summaryLines(summary, run).err).toEqual([]);
  });

  it('sends only the keys under the prefix after --start-after', async () => {
    // Act
    const summary = await reprocessCommand(
      options({ prefix: 'other/', startAfter: 'other/a.txt' })
    );

    // Assess
    expect(summary).toMatchObject({ listed: 2, sent: 2, failed: [] });
    expect(receivedKeys()).toEqual(['other/b c.txt', 'other/d.txt']);
  });

  it('lists and counts, and sends nothing, with --dry-run', async () => {
    // Prepare
    const run = options({ dryRun: true });

    // Act
    const summary = await reprocessCommand(run);

    // Assess
    expect(summary).toMatchObject({ listed: 1028, sent: 0, failed: [] });
    expect(received).toEqual([]);
    expect(summaryLines(summary, run).out[0]).toMatch(
      /^dry run: 1028 objects in the test bucket would be sent \(nothing was sent\)/u
    );
  });

  it('sends again an entry SQS failed, and then counts it sent', async () => {
    // Act
    const summary = await reprocessCommand(
      options({ prefix: 'other/' }, await failingClient('other/b c.txt', 2))
    );

    // Assess
    expect(summary).toMatchObject({ listed: 3, sent: 3, failed: [] });
    expect(receivedKeys().sort()).toEqual(OTHER_KEYS);
  });

  it('reports an entry that failed every attempt, and resumes before it', async () => {
    // Prepare
    const run = options(
      { prefix: 'other/' },
      await failingClient('other/b c.txt', 9)
    );

    // Act
    const summary = await reprocessCommand(run);

    // Assess
    expect(summary).toMatchObject({
      listed: 3,
      sent: 2,
      failed: [
        {
          key: 'other/b c.txt',
          reason: 'ThrottlingException: Rate exceeded (after 3 attempts)',
        },
      ],
      lastSentKey: 'other/a.txt',
    });
    expect(receivedKeys()).toEqual(['other/a.txt', 'other/d.txt']);
    expect(summaryLines(summary, run).err).toEqual([
      'failed: other/b c.txt: ThrottlingException: Rate exceeded (after 3 attempts)',
      'every object up to "other/a.txt" was sent; resume with:',
      '  npx dropwire reprocess --prefix other/ --start-after other/a.txt',
    ]);
  });

  it('does not send again an entry failed by the sender', async () => {
    // Act
    const summary = await reprocessCommand(
      options({ prefix: 'other/' }, await failingClient('other/d.txt', 9, true))
    );

    // Assess
    expect(summary.failed).toEqual([
      {
        key: 'other/d.txt',
        reason: 'ThrottlingException: Rate exceeded (after 1 attempt)',
      },
    ]);
  });

  it('stops on SIGINT after the batches in flight, and a resumed run sends exactly the rest', async () => {
    // Prepare
    const interrupt = new AbortController();
    const run = options({ prefix: 'all/', signal: interrupt.signal });
    onReceive = (count) => {
      if (count === 95) interrupt.abort();
    };

    // Act
    const stopped = await reprocessCommand(run);
    const firstKeys = receivedKeys();
    const resumed = await reprocessCommand(
      options({ prefix: 'all/', startAfter: stopped.lastSentKey })
    );

    // Assess
    expect(stopped.stopped).toBe('interrupted');
    expect(stopped.sent).toBeGreaterThanOrEqual(95);
    expect(stopped.sent).toBeLessThan(1025);
    // Every key up to the resume point was sent; the resumed run sends
    // every key after it.
    const upTo = KEYS.indexOf(stopped.lastSentKey ?? '');
    expect(upTo).toBeGreaterThanOrEqual(0);
    for (const key of KEYS.slice(0, upTo + 1)) {
      expect(firstKeys).toContain(key);
    }
    expect(receivedKeys().sort()).toEqual(KEYS.slice(upTo + 1));
    expect(resumed).toMatchObject({ sent: 1025 - upTo - 1, failed: [] });
    expect(summaryLines(stopped, run).err).toEqual([
      'stopped: interrupted',
      `every object up to "${stopped.lastSentKey}" was sent; resume with:`,
      `  npx dropwire reprocess --prefix all/ --start-after ${stopped.lastSentKey}`,
    ]);
  });

  it('stops on an error with where to resume, having sent nothing', async () => {
    // Prepare
    const run = options();
    const target = {
      ...(run.target as NonNullable<ReprocessOptions['target']>),
      queueUrl: `${endpoint.endpoint}/000000000000/${randomUUID()}`,
    };

    // Act
    const summary = await reprocessCommand({ ...run, target });

    // Assess
    expect(summary.sent).toBe(0);
    expect(summary.stopped).toMatch(/^no queue /u);
    expect(summaryLines(summary, run).err.slice(1)).toEqual([
      'no object was sent in order from the start; run the same command again:',
      '  npx dropwire reprocess',
    ]);
  });
});
