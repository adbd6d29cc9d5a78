/**
 * The ingest Lambda: SQS batch of S3 events → articles in DynamoDB.
 *
 * Configuration is read once, at cold start; the clients are created once
 * per container and reused by every invocation.
 */
import { loadConfig } from '../config.ts';
import { createLogger, createMetrics } from '../shared/observability.ts';
import { ArticleStore } from '../store/article-store.ts';
import {
  sharedDynamoDbClient,
  sharedS3Client,
  sharedSqsClient,
} from '../store/clients.ts';
import { SqsContinuationQueue } from '../store/continuation-queue.ts';
import { ObjectSource } from '../store/object-source.ts';
import { createIngestHandler } from './ingest-handler.ts';

const config = loadConfig();

/** The Lambda entry point (`functions/ingest/handler.handler`). */
export const handler = createIngestHandler({
  store: new ArticleStore({
    client: sharedDynamoDbClient(config),
    tableName: config.tableName,
  }),
  source: new ObjectSource({
    client: sharedS3Client(config),
    maxBytes: config.maxObjectBytes,
  }),
  ...(config.ingestQueueUrl
    ? {
        continuations: new SqsContinuationQueue({
          client: sharedSqsClient(config),
          queueUrl: config.ingestQueueUrl,
        }),
      }
    : {}),
  logger: createLogger('ingest'),
  metrics: createMetrics('ingest'),
});
