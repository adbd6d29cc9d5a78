/**
 * The local ingest queue's SQS endpoint: `SendMessage` and
 * `SendMessageBatch` in SQS's JSON protocol, on the loopback interface,
 * into the in-process {@link LocalQueue}.
 *
 * Local mode's queue lives inside the `npm start` process, so a command in
 * another process (`dropwire reprocess`) could not reach it. With this
 * endpoint it sends with the real SQS client, exactly as it does to the
 * stack's queue in AWS: the same code, another URL (`queueUrl` in
 * `local.json`). Only the two send actions exist; anything else answers
 * SQS's `UnsupportedOperation`. Requests must name the loopback host (a
 * web page cannot rebind a name to it) and carry SQS's JSON content type
 * (a web page cannot send it without a preflight, which is not answered).
 * Signatures are not checked: the port is loopback-only, as the console's.
 */
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';

/** What the endpoint sends into: the local ingest queue. */
export interface QueueSink {
  send(body: string): void;
}

/** Options of {@link startQueueEndpoint}. */
export interface QueueEndpointOptions {
  readonly queue: QueueSink;
  /** The queue's name, the last segment of its URL. */
  readonly queueName: string;
  /** @default 0: a free port */
  readonly port?: number | undefined;
}

/** A running endpoint. */
export interface QueueEndpoint {
  /** The endpoint, for the SQS client: `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** The queue's URL, for `QueueUrl`. */
  readonly queueUrl: string;
  stop(): Promise<void>;
}

/** SQS's limits: 10 entries a batch, 1 MiB a message and a batch. */
const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 1024 * 1024 + 64 * 1024;
const CONTENT_TYPE = 'application/x-amz-json-1.0';
const LOOPBACK = '127.0.0.1';

/** An SQS error answer: its `__type` is what the SDK names the error. */
class SqsError extends Error {
  public readonly type: string;
  public readonly statusCode: number;

  public constructor(type: string, message: string, statusCode = 400) {
    super(message);
    this.name = 'SqsError';
    this.type = type;
    this.statusCode = statusCode;
  }
}

interface SendEntry {
  readonly Id?: unknown;
  readonly MessageBody?: unknown;
}

/** Starts the endpoint on the loopback interface. */
export async function startQueueEndpoint(
  options: QueueEndpointOptions
): Promise<QueueEndpoint> {
  let endpoint = '';
  let queueUrl = '';
  const server = createServer((request, response) => {
    handle(request, queueUrl, options.queue).then(
      (answer) => reply(response, 200, answer),
      (error: unknown) => {
        const sqs =
          error instanceof SqsError
            ? error
            : new SqsError('InternalError', String(error), 500);
        reply(
          response,
          sqs.statusCode,
          { __type: `com.amazonaws.sqs#${sqs.type}`, message: sqs.message },
          sqs.type
        );
      }
    );
  });
  server.listen(options.port ?? 0, LOOPBACK);
  await once(server, 'listening');
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error('the queue endpoint has no port');
  }
  endpoint = `http://${LOOPBACK}:${address.port}`;
  queueUrl = `${endpoint}/000000000000/${options.queueName}`;
  return {
    endpoint,
    queueUrl,
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The answer to one request, or an {@link SqsError}. */
async function handle(
  request: IncomingMessage,
  queueUrl: string,
  queue: QueueSink
): Promise<unknown> {
  const host = (request.headers.host ?? '').replace(/:\d+$/u, '');
  if (host !== LOOPBACK && host !== 'localhost') {
    throw new SqsError('AccessDenied', `host ${host} is not loopback`, 403);
  }
  if (
    request.method !== 'POST' ||
    !request.headers['content-type']?.startsWith(CONTENT_TYPE)
  ) {
    throw new SqsError(
      'UnsupportedOperation',
      `expected a POST of ${CONTENT_TYPE} (SQS's JSON protocol)`
    );
  }
  const target = String(request.headers['x-amz-target'] ?? '');
  const input = await jsonBody(request);
  if (input.QueueUrl !== queueUrl) {
    throw new SqsError(
      'QueueDoesNotExist',
      `no queue ${String(input.QueueUrl)}; the local ingest queue is ${queueUrl}`
    );
  }
  if (target === 'AmazonSQS.SendMessage') {
    const [sent] = sendAll(
      [{ Id: '0', MessageBody: input.MessageBody }],
      queue
    );
    const { Id: _id, ...answer } = sent as Record<string, string>;
    return answer;
  }
  if (target === 'AmazonSQS.SendMessageBatch') {
    const entries = input.Entries;
    if (!Array.isArray(entries) || entries.length === 0) {
      throw new SqsError('EmptyBatchRequest', 'the batch has no entries');
    }
    if (entries.length > MAX_ENTRIES) {
      throw new SqsError(
        'TooManyEntriesInBatchRequest',
        `${entries.length} entries; at most ${MAX_ENTRIES}`
      );
    }
    const ids = new Set(entries.map((entry: SendEntry) => entry.Id));
    if (ids.size !== entries.length) {
      throw new SqsError('BatchEntryIdsNotDistinct', 'two entries share an Id');
    }
    return { Successful: sendAll(entries, queue), Failed: [] };
  }
  throw new SqsError(
    'UnsupportedOperation',
    `the local ingest queue takes SendMessage and SendMessageBatch only, not ${target || 'no X-Amz-Target'}`
  );
}

/** Sends each entry; every body is checked before any is sent. */
function sendAll(entries: readonly SendEntry[], queue: QueueSink) {
  for (const entry of entries) {
    if (typeof entry.Id !== 'string' || typeof entry.MessageBody !== 'string') {
      throw new SqsError(
        'MissingParameter',
        'every entry needs a string Id and MessageBody'
      );
    }
    if (entry.MessageBody.length === 0) {
      throw new SqsError('InvalidParameterValue', 'a message body is empty');
    }
  }
  return entries.map((entry) => {
    const body = entry.MessageBody as string;
    queue.send(body);
    return {
      Id: entry.Id as string,
      MessageId: randomUUID(),
      MD5OfMessageBody: createHash('md5').update(body).digest('hex'),
    };
  });
}

/** The request's JSON object, read up to {@link MAX_REQUEST_BYTES}. */
async function jsonBody(
  request: IncomingMessage
): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > MAX_REQUEST_BYTES) {
      throw new SqsError(
        'BatchRequestTooLong',
        `the request is over ${MAX_REQUEST_BYTES} bytes`
      );
    }
    chunks.push(chunk);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // Answered below.
  }
  throw new SqsError(
    'InvalidParameterValue',
    'the request is not a JSON object'
  );
}

function reply(
  response: ServerResponse,
  status: number,
  body: unknown,
  errorType?: string
): void {
  response.writeHead(status, {
    'content-type': CONTENT_TYPE,
    ...(errorType ? { 'x-amzn-query-error': `${errorType};Sender` } : {}),
  });
  response.end(JSON.stringify(body));
}
