/**
 * The ingest function's composition root, built from the configuration as
 * the Lambda builds it (clients are created, nothing is sent).
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../functions/config.ts';
import { ingestDependencies } from '../../../functions/ingest/dependencies.ts';
import {
  createDynamoDbClient,
  createS3Client,
  createSqsClient,
} from '../../../functions/store/clients.ts';
import { SqsContinuationQueue } from '../../../functions/store/continuation-queue.ts';

const OPTIONS = { region: 'us-east-1' };
const CLIENTS = {
  s3: createS3Client(OPTIONS),
  dynamoDb: createDynamoDbClient(OPTIONS),
};
const QUEUE_URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/ingest';

describe('Function: ingestDependencies', () => {
  it('gives the parser the stream limit MAX_OBJECT_BYTES sets, above the core default too', () => {
    // Prepare
    const twoGiB = 2 * 1024 ** 3;
    const config = loadConfig({
      TABLE_NAME: 'articles',
      MAX_OBJECT_BYTES: String(twoGiB),
    });

    // Act
    const deps = ingestDependencies(CLIENTS, config);

    // Assess
    expect(deps.limits).toEqual({ maxStreamBytes: twoGiB });
    expect(deps.continuations).toBeUndefined();
  });

  it('continues files through the ingest queue when its URL is set', () => {
    // Prepare
    const config = loadConfig({
      TABLE_NAME: 'articles',
      INGEST_QUEUE_URL: QUEUE_URL,
    });

    // Act
    const deps = ingestDependencies(
      { ...CLIENTS, sqs: () => createSqsClient(OPTIONS) },
      config
    );

    // Assess
    expect(deps.continuations).toBeInstanceOf(SqsContinuationQueue);
  });

  it('throws when the queue URL is set without an SQS client', () => {
    // Prepare
    const config = loadConfig({
      TABLE_NAME: 'articles',
      INGEST_QUEUE_URL: QUEUE_URL,
    });

    // Act
    const act = () => ingestDependencies(CLIENTS, config);

    // Assess
    expect(act).toThrow(
      `ingestQueueUrl is ${QUEUE_URL} but no SQS client was given; expected one to send continuations with`
    );
  });
});
