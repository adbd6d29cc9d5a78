/**
 * vitest globalSetup for integration and e2e tests: starts the real local
 * servers once per run (DynamoDB Local, s3rver) and provides their
 * endpoints to the test files, which create their own uniquely named
 * tables and buckets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, startS3Server } from '../../bin/local/servers.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
    s3Endpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const directory = mkdtempSync(join(tmpdir(), 'dropwire-s3-'));
  const [dynamoDb, s3] = await Promise.all([
    startDynamoDbLocal(),
    startS3Server({ directory }),
  ]);
  project.provide('dynamoDbEndpoint', dynamoDb.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  return async () => {
    await Promise.all([s3.stop(), dynamoDb.stop()]);
    rmSync(directory, { recursive: true, force: true });
  };
}
