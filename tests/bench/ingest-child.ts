/**
 * The ingest function alone in a process of its own, as Lambda runs it,
 * for `long-file.bench.ts`: started by {@link ingestInChildProcess} with
 * the heap limits Lambda's Node.js bootstrap sets for the function's
 * memory, it builds the real handler (`ingestDependencies` +
 * `createIngestHandler`, parsing in-process as in Lambda) against the
 * bench's s3rver and DynamoDB Local, hands it the object's S3 event as an
 * SQS message, then every continuation message it sends, each in an
 * invocation with the function's timeout, until the file is done; and
 * prints, as its last line, a JSON {@link IngestChildResult}: what it
 * ingested, in how long, and its peak RSS (`process.resourceUsage()`).
 *
 * Run directly: `node tests/bench/ingest-child.ts '<IngestChildOptions JSON>'`.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { SQSRecord } from 'aws-lambda';
import { invocationContext } from '../../bin/local/lambda-context.ts';
import { localClientOptions } from '../../bin/local/servers.ts';
import { ingestDependencies } from '../../functions/ingest/dependencies.ts';
import { createIngestHandler } from '../../functions/ingest/ingest-handler.ts';
import {
  createDynamoDbClient,
  createS3Client,
} from '../../functions/store/clients.ts';

/** What the child ingests, and how the function is configured. */
export interface IngestChildOptions {
  readonly s3Endpoint: string;
  readonly dynamoDbEndpoint: string;
  readonly tableName: string;
  /** The SQS message body of the object's S3 event. */
  readonly notification: string;
  /** The function's memory (sets the heap limits), in MB. */
  readonly memoryMb: number;
  /** The function's timeout: each invocation's time limit, in ms. */
  readonly timeoutMs: number;
  readonly maxObjectBytes: number;
}

/** What the child prints as its last line. */
export interface IngestChildResult {
  /** Invocations: the first, then one per continuation. */
  readonly invocations: number;
  /** The last outcome's status (`processed` when the file is done). */
  readonly status: string;
  readonly seconds: number;
  /** CPU time of the child, user + system. */
  readonly cpuSeconds: number;
  /** `process.resourceUsage().maxRSS`, in MB (1,024 × 1,024 bytes). */
  readonly peakRssMb: number;
}

/**
 * Heap limits for a function of `memoryMb`, as the Lambda Node.js
 * runtime's bootstrap derives them: a tenth of the memory for the new
 * space (half of it per semi-space), the rest for the old space.
 */
export function lambdaHeapFlags(memoryMb: number): string[] {
  const newSpace = Math.floor(memoryMb / 10);
  return [
    `--max-semi-space-size=${Math.floor(newSpace / 2)}`,
    `--max-old-space-size=${memoryMb - newSpace}`,
  ];
}

/** Runs the ingest function alone in a child process; its result. */
export async function ingestInChildProcess(
  options: IngestChildOptions
): Promise<IngestChildResult> {
  const child = spawn(
    process.execPath,
    [
      ...lambdaHeapFlags(options.memoryMb),
      fileURLToPath(import.meta.url),
      JSON.stringify(options),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  const last = output.trim().split('\n').at(-1) ?? '';
  if (code !== 0) {
    throw new Error(`the ingest child exited with ${code}:\n${output}`);
  }
  return JSON.parse(last) as IngestChildResult;
}

/** The child: the handler, fed the event and its continuations. */
async function runChild(options: IngestChildOptions): Promise<void> {
  // As local mode: Powertools' logs to warnings, no metrics output.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  const clients = localClientOptions(options);
  const messages: string[] = [options.notification];
  let status = 'none';
  const handler = createIngestHandler({
    ...ingestDependencies(
      {
        s3: createS3Client(clients),
        dynamoDb: createDynamoDbClient(clients),
      },
      { tableName: options.tableName, maxObjectBytes: options.maxObjectBytes }
    ),
    // SQS in Lambda: the continuation comes back as the next message.
    continuations: { send: async (body) => void messages.push(body) },
    onOutcome: (report) => {
      status = report.outcome.status;
      if (report.outcome.status === 'failed') {
        process.stderr.write(`ingest failed: ${report.outcome.error.stack}\n`);
      }
    },
  });
  const started = performance.now();
  const cpu = process.cpuUsage();
  let invocations = 0;
  for (let body = messages.shift(); body; body = messages.shift()) {
    invocations++;
    const { batchItemFailures } = await handler(
      { Records: [sqsRecord(body)] },
      invocationContext({
        functionName: 'dropwire-ingest-bench',
        timeoutMs: options.timeoutMs,
        memoryLimitInMB: String(options.memoryMb),
      })
    );
    if (batchItemFailures.length > 0) {
      throw new Error(`invocation ${invocations} failed its message`);
    }
  }
  const used = process.cpuUsage(cpu);
  const result: IngestChildResult = {
    invocations,
    status,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    // maxRSS is in kilobytes.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** An SQS record carrying `body`, received once. */
function sqsRecord(body: string): SQSRecord {
  const id = randomUUID();
  return {
    messageId: id,
    receiptHandle: id,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: String(Date.now()),
      SenderId: 'bench',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:dropwire-ingest-bench',
    awsRegion: 'local',
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runChild(JSON.parse(process.argv[2] ?? '{}') as IngestChildOptions);
  // The SDK clients keep sockets open; the result is out.
  process.exit(0);
}
