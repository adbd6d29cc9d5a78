/**
 * DropBucketIngest: the drop bucket, its event queue, and the ingest
 * function that drains it.
 *
 * ```
 * drop bucket ─(ObjectCreated, ObjectRemoved)─► ingest queue ─► ingest function ─► table
 *                                                   └─(after maxReceiveCount)─► dead-letter queue
 * ```
 * S3 → SQS → Lambda rather than S3 → Lambda: SQS gives retries with
 * back-off, a dead-letter queue, batching and partial batch failure. The
 * function can read the bucket but never write it, so no event can loop.
 */
import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  EventType,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_MAX_STREAM_BYTES } from '../../functions/core/index.ts';
import { SERVICE_NAMES } from '../../functions/shared/observability.ts';
import { INGEST_DEFAULTS } from '../defaults.ts';
import { arnReference } from '../nag.ts';
import { FUNCTION_CALLS, grantCalls } from '../permissions.ts';
import { DropwireFunction } from './dropwire-function.ts';

/** Properties of {@link DropBucketIngest}. */
export interface DropBucketIngestProps {
  /** The table articles are stored in. */
  readonly table: ITableV2;
  /**
   * Ingest function memory in MB.
   * @default 1024 (`INGEST_DEFAULTS.memorySize`)
   */
  readonly memorySize?: number | undefined;
  /**
   * Ingest function timeout.
   * @default 30 seconds (`INGEST_DEFAULTS.timeout`)
   */
  readonly timeout?: Duration | undefined;
  /**
   * Concurrent invocations the SQS event source runs at most: a cap on how
   * hard the function hits the table when a large upload lands. (Reserved
   * concurrency would throttle instead, and throttled receives count
   * toward `maxReceiveCount`.)
   * @default 10 (`INGEST_DEFAULTS.maxConcurrency`)
   */
  readonly maxConcurrency?: number | undefined;
  /**
   * SQS messages per invocation.
   * @default 10 (`INGEST_DEFAULTS.batchSize`)
   */
  readonly batchSize?: number | undefined;
  /**
   * How long SQS gathers a batch.
   * @default 2 seconds (`INGEST_DEFAULTS.maxBatchingWindow`)
   */
  readonly maxBatchingWindow?: Duration | undefined;
  /**
   * Receives before a message moves to the dead-letter queue.
   * @default 5 (`INGEST_DEFAULTS.maxReceiveCount`)
   */
  readonly maxReceiveCount?: number | undefined;
  /**
   * How long old (noncurrent) object versions are kept.
   * @default 30 days (`INGEST_DEFAULTS.noncurrentVersionExpiration`)
   */
  readonly noncurrentVersionExpiration?: Duration | undefined;
  /**
   * What happens to the buckets when they leave the stack.
   * @default RemovalPolicy.RETAIN: uploads outlive the stack
   */
  readonly removalPolicy?: RemovalPolicy | undefined;
}

/**
 * Visibility timeout of the ingest queue: AWS's guidance for SQS event
 * sources is at least six times the function timeout plus the batching
 * window, so a message is not redelivered while an invocation (and its
 * retries within Lambda's poller) can still be working on it.
 */
export function ingestVisibilityTimeout(
  functionTimeout: Duration,
  maxBatchingWindow: Duration
): Duration {
  return Duration.seconds(
    6 * functionTimeout.toSeconds() + maxBatchingWindow.toSeconds()
  );
}

/** Dead letters are kept for SQS's maximum, 14 days, for a person to look at. */
const DLQ_RETENTION = Duration.days(14);

/** The drop bucket, ingest queue, dead-letter queue and ingest function. */
export class DropBucketIngest extends Construct {
  /** Where users upload files. */
  public readonly bucket: Bucket;
  /** Where the drop bucket's server access logs go. */
  public readonly accessLogsBucket: Bucket;
  /** Object-created notifications of the drop bucket. */
  public readonly queue: Queue;
  /** Messages that failed `maxReceiveCount` times. */
  public readonly deadLetterQueue: Queue;
  /** The ingest function, with its role and log group. */
  public readonly ingestFunction: DropwireFunction;

  public constructor(
    scope: Construct,
    id: string,
    props: DropBucketIngestProps
  ) {
    super(scope, id);
    const settings = withDefaults(props);
    checkProps(settings);
    const { removalPolicy, timeout } = settings;
    const batchingWindow = settings.maxBatchingWindow;

    this.accessLogsBucket = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      // Server access log delivery supports SSE-S3 only.
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy,
    });
    this.bucket = new Bucket(this, 'DropBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      // CDK's own types disagree under exactOptionalPropertyTypes.
      serverAccessLogsBucket: this.accessLogsBucket as IBucket,
      serverAccessLogsPrefix: 'drop-bucket/',
      lifecycleRules: [
        {
          noncurrentVersionExpiration: settings.noncurrentVersionExpiration,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy,
    });

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DLQ_RETENTION,
    });
    this.queue = new Queue(this, 'IngestQueue', {
      // SSE-SQS: encrypted at rest, and S3 may publish to it (a customer
      // managed KMS key would need a key policy for s3.amazonaws.com).
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: ingestVisibilityTimeout(timeout, batchingWindow),
      deadLetterQueue: {
        queue: this.deadLetterQueue,
        maxReceiveCount: settings.maxReceiveCount,
      },
    });
    // Removals too (deletes, and delete markers of a versioned bucket):
    // an article lives only as long as an object holds it.
    for (const events of [EventType.OBJECT_CREATED, EventType.OBJECT_REMOVED]) {
      this.bucket.addEventNotification(events, new SqsDestination(this.queue));
    }

    this.ingestFunction = new DropwireFunction(this, 'IngestFunction', {
      entry: 'functions/ingest/handler.ts',
      description: 'Dropwire: parses uploaded files into articles',
      timeout,
      memorySize: settings.memorySize,
      environment: {
        TABLE_NAME: props.table.tableName,
        MAX_OBJECT_BYTES: String(DEFAULT_MAX_STREAM_BYTES),
        // A file that outlasts an invocation continues in a message to
        // this queue (functions/ingest/continuation.ts).
        INGEST_QUEUE_URL: this.queue.queueUrl,
        // A message failing its last receive marks its file `dead-letter`.
        MAX_RECEIVE_COUNT: String(settings.maxReceiveCount),
        POWERTOOLS_SERVICE_NAME: SERVICE_NAMES.ingest,
      },
    });
    const ingest = this.ingestFunction.lambdaFunction;
    ingest.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: settings.batchSize,
        maxBatchingWindow: batchingWindow,
        reportBatchItemFailures: true,
        maxConcurrency: settings.maxConcurrency,
      })
    );
    // Exactly the calls its code sends (lib/permissions.ts): it reads the
    // drop bucket, never writes it, so no event can loop.
    grantCalls(ingest, FUNCTION_CALLS.ingest, {
      table: props.table,
      // CDK's own types disagree under exactOptionalPropertyTypes.
      bucket: this.bucket as IBucket,
      ingestQueue: this.queue,
    });
    this.#acknowledgeFindings(props.table);
  }

  /** cdk-nag findings that are the design, each with its reason. */
  #acknowledgeFindings(table: ITableV2): void {
    Validations.of(this.ingestFunction.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${arnReference(table)}/index/*]`,
      reason:
        "dynamodb:Query on the article table's own indexes only (the byFile entries of an object's older versions); no other action, no other table",
    });
    Validations.of(this.ingestFunction.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${arnReference(this.bucket)}/*]`,
      reason:
        "s3:GetObject and s3:GetObjectVersion on the drop bucket's objects only: any key a user uploads is read once its event arrives",
    });
    Validations.of(this.accessLogsBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This is the server access log bucket; logging it to itself would loop',
    });
    // CDK's handler that sets the bucket's notification config: a singleton
    // at the stack's root, whose id is this name and a fixed GUID.
    const notifications = Stack.of(this).node.children.find((child) =>
      child.node.id.startsWith('BucketNotificationsHandler')
    );
    if (notifications) {
      Validations.of(notifications).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'CDK-owned custom resource that writes the bucket notification configuration at deploy time; it only logs',
      });
    }
  }
}

/** The props with every default filled in (`INGEST_DEFAULTS`). */
type ResolvedIngestProps = DropBucketIngestProps &
  Required<{
    [K in keyof typeof INGEST_DEFAULTS]: NonNullable<DropBucketIngestProps[K]>;
  }>;

function withDefaults(props: DropBucketIngestProps): ResolvedIngestProps {
  return {
    ...props,
    memorySize: props.memorySize ?? INGEST_DEFAULTS.memorySize,
    timeout: props.timeout ?? INGEST_DEFAULTS.timeout,
    batchSize: props.batchSize ?? INGEST_DEFAULTS.batchSize,
    maxConcurrency: props.maxConcurrency ?? INGEST_DEFAULTS.maxConcurrency,
    maxBatchingWindow:
      props.maxBatchingWindow ?? INGEST_DEFAULTS.maxBatchingWindow,
    maxReceiveCount: props.maxReceiveCount ?? INGEST_DEFAULTS.maxReceiveCount,
    noncurrentVersionExpiration:
      props.noncurrentVersionExpiration ??
      INGEST_DEFAULTS.noncurrentVersionExpiration,
    removalPolicy: props.removalPolicy ?? INGEST_DEFAULTS.removalPolicy,
  };
}

/** Reports every invalid prop at once, before any resource is made. */
function checkProps(props: ResolvedIngestProps): void {
  const problems: string[] = [];
  const batch = props.batchSize;
  if (!Number.isInteger(batch) || batch < 1 || batch > 10_000) {
    problems.push(
      `batchSize is ${batch}; expected an integer from 1 to 10,000`
    );
  }
  const window = props.maxBatchingWindow.toSeconds();
  if (batch > 10 && window === 0) {
    problems.push(
      `batchSize ${batch} needs a maxBatchingWindow (SQS allows batches over 10 only with one)`
    );
  }
  const receives = props.maxReceiveCount;
  if (!Number.isInteger(receives) || receives < 1 || receives > 1000) {
    problems.push(
      `maxReceiveCount is ${receives}; expected an integer from 1 to 1,000`
    );
  }
  const timeout = props.timeout.toSeconds();
  const visibility = 6 * timeout + window;
  if (visibility > 43_200) {
    problems.push(
      `timeout ${timeout}s makes the queue's visibility timeout ${visibility}s; SQS allows at most 43,200s (12 hours)`
    );
  }
  if (problems.length > 0) {
    throw new Error(`invalid DropBucketIngest props: ${problems.join('; ')}`);
  }
}
