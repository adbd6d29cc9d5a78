/**
 * SqsContinuationQueue through the real SQS SDK, on the wire: there is no
 * local SQS server, so a plain HTTP server answers `SendMessage` as SQS
 * does (AWS JSON 1.0, with the body's MD5, which the SDK checks) and
 * records what arrived. The queue makes its client, and loads the SQS
 * SDK, on the first message, as the Lambda's does.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsContinuationQueue } from '../../../functions/store/continuation-queue.ts';

const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/000000000000/ingest';

/** What the stand-in received: the target header and the JSON body. */
const received: { target: string; body: Record<string, unknown> }[] = [];

const server = createServer(async (request: IncomingMessage, response) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<
    string,
    unknown
  >;
  received.push({
    target: String(request.headers['x-amz-target']),
    body,
  });
  const md5 = createHash('md5').update(String(body.MessageBody)).digest('hex');
  response.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.0' });
  response.end(
    JSON.stringify({ MessageId: `m-${received.length}`, MD5OfMessageBody: md5 })
  );
});
let endpoint = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('Class: SqsContinuationQueue', () => {
  it('makes its client on the first message only, and sends each body to the queue', async () => {
    // Prepare
    let made = 0;
    const queue = new SqsContinuationQueue({
      queueUrl: QUEUE_URL,
      client: async (): Promise<SQSClient> => {
        made++;
        const { SQSClient } = await import('@aws-sdk/client-sqs');
        return new SQSClient({
          region: 'eu-west-1',
          endpoint,
          credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        });
      },
    });
    received.length = 0;

    // Act
    const madeBefore = made;
    await queue.send('{"continuation":1}');
    await queue.send('{"continuation":2}');

    // Assess
    expect(madeBefore).toBe(0);
    expect(made).toBe(1);
    expect(received).toEqual([
      {
        target: 'AmazonSQS.SendMessage',
        body: { QueueUrl: QUEUE_URL, MessageBody: '{"continuation":1}' },
      },
      {
        target: 'AmazonSQS.SendMessage',
        body: { QueueUrl: QUEUE_URL, MessageBody: '{"continuation":2}' },
      },
    ]);
  });
});
