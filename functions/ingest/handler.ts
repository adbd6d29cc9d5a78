/**
 * The ingest Lambda: SQS batch of S3 events → articles in DynamoDB.
 *
 * Configuration is read once, at cold start; the clients are created once
 * per container and reused by every invocation.
 */
import { loadConfig } from '../config.ts';
import {
  sharedDynamoDbClient,
  sharedS3Client,
  sharedSqsClient,
} from '../store/clients.ts';
import { ingestDependencies } from './dependencies.ts';
import { createIngestHandler } from './ingest-handler.ts';

const config = loadConfig();

/** The Lambda entry point (`functions/ingest/handler.handler`). */
export const handler = createIngestHandler(
  ingestDependencies(
    {
      s3: sharedS3Client(config),
      dynamoDb: sharedDynamoDbClient(config),
      // Made, and the SQS SDK loaded, on the first continuation only.
      sqs: () => sharedSqsClient(config),
    },
    config
  )
);
