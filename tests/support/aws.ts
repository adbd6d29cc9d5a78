/**
 * Helpers for tests against the real local servers started by
 * global-setup.ts: clients, unique tables and buckets, and SQS events shaped
 * exactly as S3 and SQS send them (built from the captured event in
 * tests/fixtures/events/).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateTableCommand,
  type DynamoDBClient,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { inject } from 'vitest';
import { invocationContext } from '../../bin/local/lambda-context.ts';
import { localClientOptions } from '../../bin/local/servers.ts';
import { encodeS3Key } from '../../functions/ingest/s3-events.ts';
import {
  createDynamoDbClient,
  createS3Client,
} from '../../functions/store/clients.ts';
import { createTableInput } from '../../functions/store/table.ts';
import { FIXTURES_DIR } from './paths.ts';

/** Clients for the local servers of this test run. */
export function localClients(overrides: { maxAttempts?: number } = {}): {
  s3: S3Client;
  dynamoDb: DynamoDBClient;
} {
  const options = localClientOptions({
    s3Endpoint: inject('s3Endpoint'),
    dynamoDbEndpoint: inject('dynamoDbEndpoint'),
  });
  const s3 = createS3Client(options);
  const dynamoDb = createDynamoDbClient(options);
  if (overrides.maxAttempts !== undefined) {
    dynamoDb.config.maxAttempts = async () => overrides.maxAttempts as number;
  }
  return { s3, dynamoDb };
}

/** Counts the requests `client` sends, by command name (`Query`, `Scan`…). */
export function countRequests(client: DynamoDBClient): Map<string, number> {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName).replace(/Command$/u, '');
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'count-requests' }
  );
  return counts;
}

/** Creates a table with a unique name from the stack's definition. */
export async function createTestTable(client: DynamoDBClient): Promise<string> {
  const name = `articles-${randomUUID()}`;
  await client.send(new CreateTableCommand(createTableInput(name)));
  return name;
}

/** Creates a bucket with a unique name. */
export async function createTestBucket(client: S3Client): Promise<string> {
  const name = `drop-${randomUUID().slice(0, 18)}`;
  await client.send(new CreateBucketCommand({ Bucket: name }));
  return name;
}

/** Every item of a table, unmarshalled (tests only: a Scan). */
export async function scanTable(
  client: DynamoDBClient,
  tableName: string
): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await client.send(
    new ScanCommand({ TableName: tableName })
  );
  return Items.map((item) => unmarshall(item));
}

/** What an S3 event says about an object. */
export interface UploadedObject {
  readonly bucket: string;
  readonly key: string;
  readonly etag?: string;
  readonly sizeBytes: number;
  readonly sequencer: string;
  readonly eventName?: string;
  /** The event's time (default: the captured event's). */
  readonly eventTime?: string;
}

let sequence = 0x10_0000_0000;

/** A new sequencer, greater than every earlier one in this process. */
export function nextSequencer(): string {
  sequence += 1;
  return sequence.toString(16).toUpperCase().padStart(18, '0');
}

/** Uploads an object and describes it as its S3 event would. */
export async function upload(
  client: S3Client,
  input: Omit<PutObjectCommandInput, 'Body'> & {
    Bucket: string;
    Key: string;
    Body: string | Uint8Array;
  }
): Promise<UploadedObject> {
  const { ETag } = await client.send(new PutObjectCommand(input));
  const sizeBytes =
    typeof input.Body === 'string'
      ? Buffer.byteLength(input.Body)
      : input.Body.length;
  return {
    bucket: input.Bucket,
    key: input.Key,
    sizeBytes,
    sequencer: nextSequencer(),
    ...(ETag ? { etag: ETag.replaceAll('"', '') } : {}),
  };
}

/** Deletes an object, and describes the event S3 sends for it. */
export async function deleteObject(
  client: S3Client,
  bucket: string,
  key: string
): Promise<UploadedObject> {
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  return {
    bucket,
    key,
    sizeBytes: 0,
    sequencer: nextSequencer(),
    eventName: 'ObjectRemoved:Delete',
  };
}

const CAPTURED = JSON.parse(
  readFileSync(
    join(FIXTURES_DIR, 'events', 'sqs-s3-object-created.json'),
    'utf8'
  )
) as SQSEvent;

/** An SQS record carrying the S3 notification for `objects`. */
export function sqsRecord(...objects: UploadedObject[]): SQSRecord {
  const template = structuredClone(CAPTURED.Records[0] as SQSRecord);
  const notification = JSON.parse(template.body);
  const recordTemplate = notification.Records[0];
  notification.Records = objects.map((object) => {
    const record = structuredClone(recordTemplate);
    record.eventName = object.eventName ?? 'ObjectCreated:Put';
    if (object.eventTime) record.eventTime = object.eventTime;
    record.s3.bucket.name = object.bucket;
    record.s3.bucket.arn = `arn:aws:s3:::${object.bucket}`;
    // S3 sends keys URL-encoded, with + for a space.
    record.s3.object = {
      key: encodeS3Key(object.key),
      size: object.sizeBytes,
      sequencer: object.sequencer,
      ...(object.etag ? { eTag: object.etag } : {}),
    };
    return record;
  });
  return {
    ...template,
    messageId: randomUUID(),
    body: JSON.stringify(notification),
  };
}

/** An SQS record whose body is `body` as it is. */
export function rawSqsRecord(body: string): SQSRecord {
  return {
    ...structuredClone(CAPTURED.Records[0] as SQSRecord),
    messageId: randomUUID(),
    body,
  };
}

/** An SQS event of records. */
export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/** A Lambda context, as the runtime passes it. */
export function lambdaContext(): Context {
  return invocationContext({ functionName: 'dropwire-ingest' });
}
