/**
 * The ingest function's composition root: its store, object source,
 * continuation queue, parser limits, logger and metrics, built from AWS
 * clients and settings in one place.
 *
 * `handler.ts` builds them from the container's clients and the runtime
 * configuration; local mode, the integration tests and the benches build
 * them from clients of the local servers, and replace what they must (local
 * mode's in-process queue, a test's logger) by spreading over the result.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { RuntimeConfig } from '../config.ts';
import { createLogger, createMetrics } from '../shared/observability.ts';
import { ArticleStore } from '../store/article-store.ts';
import {
  type ContinuationQueue,
  SqsContinuationQueue,
} from '../store/continuation-queue.ts';
import { FileProgressStore } from '../store/file-progress.ts';
import { ObjectSource } from '../store/object-source.ts';
import type { IngestHandlerOptions } from './ingest-handler.ts';

/** The clients the ingest function talks through. */
export interface IngestClients {
  readonly s3: S3Client;
  readonly dynamoDb: DynamoDBClient;
  /**
   * Sends continuation messages; needed when `ingestQueueUrl` is set. A
   * client, or a function that makes one on the first continuation
   * (`SqsContinuationQueueOptions.client`).
   * @default none
   */
  readonly sqs?: SQSClient | (() => Promise<SQSClient>) | undefined;
}

/** What the ingest function is built from: its part of the configuration. */
export type IngestSettings = Pick<
  RuntimeConfig,
  'tableName' | 'maxObjectBytes' | 'ingestQueueUrl' | 'maxReceiveCount'
>;

/**
 * The ingest handler's dependencies.
 *
 * `maxObjectBytes` bounds both the object read from S3 and, as the core's
 * `maxStreamBytes`, a streamed file as it inflates: one setting for the
 * largest file the function reads.
 *
 * @throws Error if `ingestQueueUrl` is set without an SQS client
 * @example
 * ```ts
 * const handler = createIngestHandler(
 *   ingestDependencies({ s3, dynamoDb, sqs }, loadConfig())
 * );
 * ```
 */
export function ingestDependencies(
  clients: IngestClients,
  settings: IngestSettings
): IngestHandlerOptions {
  return {
    store: ingestStore(clients, settings),
    source: objectSource(clients, settings),
    progress: new FileProgressStore({
      client: clients.dynamoDb,
      tableName: settings.tableName,
    }),
    limits: { maxStreamBytes: settings.maxObjectBytes },
    continuations: continuationQueue(clients, settings),
    maxReceiveCount: settings.maxReceiveCount,
    logger: createLogger('ingest'),
    metrics: createMetrics('ingest'),
  };
}

/**
 * The store the ingest function writes articles and file records through;
 * tests and benches write their data with it, as ingest would.
 */
export function ingestStore(
  clients: Pick<IngestClients, 'dynamoDb'>,
  settings: Pick<IngestSettings, 'tableName'>
): ArticleStore {
  return new ArticleStore({
    client: clients.dynamoDb,
    tableName: settings.tableName,
  });
}

/** Where the ingest function reads uploaded objects from. */
export function objectSource(
  clients: Pick<IngestClients, 's3'>,
  settings: Pick<IngestSettings, 'maxObjectBytes'>
): ObjectSource {
  return new ObjectSource({
    client: clients.s3,
    maxBytes: settings.maxObjectBytes,
  });
}

/** The ingest queue, when the function may continue files through it. */
function continuationQueue(
  clients: IngestClients,
  settings: IngestSettings
): ContinuationQueue | undefined {
  const queueUrl = settings.ingestQueueUrl;
  if (!queueUrl) return undefined;
  if (!clients.sqs) {
    throw new Error(
      `ingestQueueUrl is ${queueUrl} but no SQS client was given; expected one to send continuations with`
    );
  }
  return new SqsContinuationQueue({ client: clients.sqs, queueUrl });
}
