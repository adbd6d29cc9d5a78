/**
 * The one place that creates AWS SDK clients: S3, DynamoDB and SQS.
 *
 * Each client is created once per container, lazily, from the runtime
 * configuration, and reused by every invocation (creating clients per
 * request wastes connections and cold-start time). Adapters take a client
 * as a constructor argument, so tests and local mode pass their own,
 * pointed at local servers.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { RuntimeConfig } from '../config.ts';

/** Where and how to reach S3, DynamoDB and SQS. */
export interface ClientOptions {
  readonly region: string;
  /** A local S3 endpoint (s3rver). @default unset: AWS's endpoint */
  readonly s3Endpoint?: string | undefined;
  /** A local DynamoDB endpoint. @default unset: AWS's endpoint */
  readonly dynamoDbEndpoint?: string | undefined;
  /**
   * A local SQS endpoint (local mode's queue endpoint).
   * @default unset: AWS's endpoint
   */
  readonly sqsEndpoint?: string | undefined;
  /**
   * Static credentials, for local servers that check a fixed key (s3rver
   * accepts only `S3RVER`/`S3RVER`).
   * @default the SDK's default credential chain (the Lambda role)
   */
  readonly credentials?:
    | { readonly accessKeyId: string; readonly secretAccessKey: string }
    | undefined;
}

/** Attempts per request (the SDK's retries with back-off), for every client. */
const MAX_ATTEMPTS = 3;

/**
 * An S3 client. For a local endpoint it uses path-style addressing and
 * checksums only where an operation requires them: recent SDKs send
 * streaming CRC32 trailers by default, which s3rver stores as corrupt
 * bodies without reporting an error.
 */
export function createS3Client(options: ClientOptions): S3Client {
  const local = options.s3Endpoint !== undefined;
  return new S3Client({
    region: options.region,
    maxAttempts: MAX_ATTEMPTS,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(local
      ? {
          endpoint: options.s3Endpoint,
          forcePathStyle: true,
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        }
      : {}),
  });
}

/** A DynamoDB client, for a local endpoint when one is given. */
export function createDynamoDbClient(options: ClientOptions): DynamoDBClient {
  return new DynamoDBClient({
    region: options.region,
    maxAttempts: MAX_ATTEMPTS,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.dynamoDbEndpoint ? { endpoint: options.dynamoDbEndpoint } : {}),
  });
}

/**
 * An SQS client: the ingest function sends continuation messages to its
 * own queue with it, and `dropwire reprocess` its requests (to local
 * mode's queue endpoint, given `sqsEndpoint`; in-process, local mode's
 * ingest uses its queue directly). The SQS SDK is imported here, when the
 * first client is made, not at module load: only a file too long for one
 * invocation needs it, and in the bundle it is a chunk a cold start skips.
 */
export async function createSqsClient(
  options: ClientOptions
): Promise<SQSClient> {
  const { SQSClient } = await import('@aws-sdk/client-sqs');
  return new SQSClient({
    region: options.region,
    maxAttempts: MAX_ATTEMPTS,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.sqsEndpoint ? { endpoint: options.sqsEndpoint } : {}),
  });
}

/** Client options from the runtime configuration. */
export function clientOptions(config: RuntimeConfig): ClientOptions {
  return {
    region: config.region,
    s3Endpoint: config.s3Endpoint,
    dynamoDbEndpoint: config.dynamoDbEndpoint,
  };
}

let s3: S3Client | undefined;
let dynamoDb: DynamoDBClient | undefined;
let sqs: Promise<SQSClient> | undefined;

/** The container's SQS client, created (and its SDK loaded) on first use. */
export function sharedSqsClient(config: RuntimeConfig): Promise<SQSClient> {
  sqs ??= createSqsClient(clientOptions(config));
  return sqs;
}

/** The container's S3 client, created on first use. */
export function sharedS3Client(config: RuntimeConfig): S3Client {
  s3 ??= createS3Client(clientOptions(config));
  return s3;
}

/** The container's DynamoDB client, created on first use. */
export function sharedDynamoDbClient(config: RuntimeConfig): DynamoDBClient {
  dynamoDb ??= createDynamoDbClient(clientOptions(config));
  return dynamoDb;
}
