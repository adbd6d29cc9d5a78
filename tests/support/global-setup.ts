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
  const [dynamoDbStart, s3Start] = await Promise.allSettled([
    startDynamoDbLocal(),
    startS3Server({ directory }),
  ]);
  if (dynamoDbStart.status === 'rejected' || s3Start.status === 'rejected') {
    // Stop the one that did start, so a failed run leaves nothing behind.
    await Promise.all(
      [dynamoDbStart, s3Start].map((start) =>
        start.status === 'fulfilled' ? start.value.stop() : undefined
      )
    );
    rmSync(directory, { recursive: true, force: true });
    throw dynamoDbStart.status === 'rejected'
      ? dynamoDbStart.reason
      : (s3Start as PromiseRejectedResult).reason;
  }
  const dynamoDb = dynamoDbStart.value;
  const s3 = s3Start.value;
  project.provide('dynamoDbEndpoint', dynamoDb.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  return async () => {
    await Promise.all([s3.stop(), dynamoDb.stop()]);
    rmSync(directory, { recursive: true, force: true });
  };
}
