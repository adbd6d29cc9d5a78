/**
 * Local mode's SQS endpoint for the ingest queue, driven by the real SQS
 * client: the sends `dropwire reprocess` makes arrive in the queue, and
 * everything else gets SQS's own error.
 */
import { request } from 'node:http';
import {
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type QueueEndpoint,
  startQueueEndpoint,
} from '../../../bin/local/queue-endpoint.ts';
import { localClientOptions } from '../../../bin/local/servers.ts';
import { createSqsClient } from '../../../functions/store/clients.ts';

const received: string[] = [];
let endpoint: QueueEndpoint;

beforeAll(async () => {
  endpoint = await startQueueEndpoint({
    queue: { send: (body) => void received.push(body) },
    queueName: 'dropwire-ingest',
  });
});
afterAll(() => endpoint.stop());

const client = () =>
  createSqsClient({
    ...localClientOptions({}),
    sqsEndpoint: endpoint.endpoint,
  });

describe('Local mode: the ingest queue endpoint', () => {
  it('puts the entries of a SendMessageBatch in the queue, with the MD5 the SDK checks', async () => {
    // Prepare
    received.length = 0;
    const bodies = Array.from({ length: 10 }, (_, i) => `{"n":${i}}`);

    // Act
    const answer = await (await client()).send(
      new SendMessageBatchCommand({
        QueueUrl: endpoint.queueUrl,
        Entries: bodies.map((body, i) => ({ Id: `e${i}`, MessageBody: body })),
      })
    );

    // Assess
    expect(received).toEqual(bodies);
    expect(answer.Successful?.map((entry) => entry.Id)).toEqual(
      bodies.map((_, i) => `e${i}`)
    );
    expect(answer.Failed ?? []).toEqual([]);
  });

  it('puts a SendMessage in the queue', async () => {
    // Prepare
    received.length = 0;

    // Act
    const answer = await (await client()).send(
      new SendMessageCommand({ QueueUrl: endpoint.queueUrl, MessageBody: 'x' })
    );

    // Assess
    expect(received).toEqual(['x']);
    expect(answer.MessageId).toMatch(/^[0-9a-f-]{36}$/u);
  });

  it.each([
    [
      'another queue',
      () =>
        new SendMessageCommand({
          QueueUrl: `${endpoint.endpoint}/000000000000/other`,
          MessageBody: 'x',
        }),
      'QueueDoesNotExist',
    ],
    [
      'eleven entries',
      () =>
        new SendMessageBatchCommand({
          QueueUrl: endpoint.queueUrl,
          Entries: Array.from({ length: 11 }, (_, i) => ({
            Id: `e${i}`,
            MessageBody: 'x',
          })),
        }),
      'TooManyEntriesInBatchRequest',
    ],
    [
      'two entries with one id',
      () =>
        new SendMessageBatchCommand({
          QueueUrl: endpoint.queueUrl,
          Entries: [
            { Id: 'a', MessageBody: 'x' },
            { Id: 'a', MessageBody: 'y' },
          ],
        }),
      'BatchEntryIdsNotDistinct',
    ],
    [
      'a receive',
      () => new ReceiveMessageCommand({ QueueUrl: endpoint.queueUrl }),
      'UnsupportedOperation',
    ],
  ])(
    'refuses %s with SQS error %s, queueing nothing',
    async (_, command, name) => {
      // Prepare
      received.length = 0;

      // Act
      const error = await (await client())
        .send(command() as SendMessageCommand)
        .catch((e: unknown) => e);

      // Assess
      expect((error as Error).name).toBe(name);
      expect(received).toEqual([]);
    }
  );

  it('refuses a request that names another host (DNS rebinding), with 403', async () => {
    // Act
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const url = new URL(endpoint.endpoint);
      const sent = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          headers: {
            host: 'attacker.example',
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': 'AmazonSQS.SendMessage',
          },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode);
        }
      );
      sent.on('error', reject);
      sent.end(
        JSON.stringify({ QueueUrl: endpoint.queueUrl, MessageBody: 'x' })
      );
    });

    // Assess
    expect(status).toBe(403);
  });
});
