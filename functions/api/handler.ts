/**
 * The read Lambda: API Gateway REST API proxy events → articles, listings
 * and file records from DynamoDB.
 *
 * Configuration is read once, at cold start (a missing `DROP_BUCKET_NAME`
 * or `CURSOR_SECRET` fails it with a message naming them); the DynamoDB
 * client is created once per container and reused by every invocation.
 */
import { loadApiConfig } from '../config.ts';
import { sharedDynamoDbClient } from '../store/clients.ts';
import { createApiHandler } from './api-handler.ts';
import { apiDependencies } from './dependencies.ts';

const config = loadApiConfig();

/** The Lambda entry point (`functions/api/handler.handler`). */
export const handler = createApiHandler(
  apiDependencies({ dynamoDb: sharedDynamoDbClient(config) }, config)
);
