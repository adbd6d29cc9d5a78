/**
 * Defaults of the stack and its constructs, in one place.
 *
 * Each construct fills in its optional props from here (`props.x ??
 * DEFAULTS.x`), the stack passes its own props through unchanged, and
 * `app-config.ts` documents the CDK context keys with these values. The
 * README's configuration table and the figures of "What is deployed" are
 * checked against this module (tests/infra/defaults.test.ts).
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ApiAuth } from './constructs/read-api.ts';

/** Every Dropwire function (`DropwireFunction`). */
export const FUNCTION_DEFAULTS = {
  /** Memory in MB: parsing is CPU-bound, and CPU comes with memory. */
  memorySize: 1024,
  timeout: Duration.seconds(30),
  /** How long function logs are kept. */
  logRetention: RetentionDays.ONE_MONTH,
} as const;

/** The drop bucket, its queues and the ingest function (`DropBucketIngest`). */
export const INGEST_DEFAULTS = {
  memorySize: FUNCTION_DEFAULTS.memorySize,
  timeout: FUNCTION_DEFAULTS.timeout,
  /** SQS messages per invocation. */
  batchSize: 10,
  /**
   * Concurrent invocations the SQS event source runs at most: a cap on how
   * hard a large upload hits the table. Not reserved concurrency: a
   * throttled invocation returns its messages to the queue, and those
   * receives count toward maxReceiveCount.
   */
  maxConcurrency: 10,
  /** How long SQS gathers a batch. */
  maxBatchingWindow: Duration.seconds(2),
  /** Receives before a message moves to the dead-letter queue. */
  maxReceiveCount: 5,
  /** How long old (noncurrent) object versions are kept. */
  noncurrentVersionExpiration: Duration.days(30),
  /** Uploads outlive the stack. */
  removalPolicy: RemovalPolicy.RETAIN,
} as const;

/** Callers sign requests (SigV4); a public API is an explicit choice. */
const DEFAULT_API_AUTH: ApiAuth = 'iam';

/** The read API and its function (`ReadApi`). */
export const READ_API_DEFAULTS = {
  auth: DEFAULT_API_AUTH,
  /** Read function memory in MB: reads are I/O-bound and small. */
  memorySize: 512,
  timeout: Duration.seconds(10),
  /** Steady-state requests per second across the stage. */
  throttlingRateLimit: 50,
  /** Burst of requests above the rate. */
  throttlingBurstLimit: 100,
} as const;

/** The article table (`ArticleTable`). */
export const TABLE_DEFAULTS = {
  deletionProtection: true,
  /** Articles outlive the stack. */
  removalPolicy: RemovalPolicy.RETAIN,
} as const;

/** Alarms and dashboard (`Monitoring`). */
export const MONITORING_DEFAULTS = {
  /** Age of the oldest ingest message that raises an alarm. */
  maxMessageAge: Duration.minutes(15),
} as const;

/** The stack's own props (`DropwireStack`), as CDK context sets them. */
export const STACK_DEFAULTS = {
  /** Keep the table and buckets when the stack is deleted. */
  retainData: true,
  apiAuth: READ_API_DEFAULTS.auth,
  ingestMemorySize: INGEST_DEFAULTS.memorySize,
  ingestTimeout: INGEST_DEFAULTS.timeout,
  maxReceiveCount: INGEST_DEFAULTS.maxReceiveCount,
  ingestMaxConcurrency: INGEST_DEFAULTS.maxConcurrency,
} as const;
