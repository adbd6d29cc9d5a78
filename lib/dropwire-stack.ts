/**
 * The Dropwire stack: puts the constructs together, and nothing else.
 *
 * Resource details live in the constructs under `lib/constructs/`; this
 * class wires them and exports what a user needs (bucket, API URL, table,
 * dead-letter queue).
 */
import {
  CfnOutput,
  type Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import type { IRestApi } from 'aws-cdk-lib/aws-apigateway';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { ArticleTable } from './constructs/article-table.ts';
import { DropBucketIngest } from './constructs/drop-bucket-ingest.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { type ApiAuth, ReadApi } from './constructs/read-api.ts';
import { STACK_DEFAULTS } from './defaults.ts';

/** Properties of {@link DropwireStack}. */
export interface DropwireStackProps extends StackProps {
  /**
   * Keep the table and buckets when the stack is deleted.
   * @default true (`STACK_DEFAULTS.retainData`)
   */
  readonly retainData?: boolean | undefined;
  /**
   * E-mail address alarms are sent to (an SNS topic is created for it).
   * @default no notifications: alarms show in the console only
   */
  readonly alarmEmail?: string | undefined;
  /** Ingest function memory in MB. @default 1024 (`STACK_DEFAULTS`) */
  readonly ingestMemorySize?: number | undefined;
  /** Ingest function timeout. @default 30 seconds (`STACK_DEFAULTS`) */
  readonly ingestTimeout?: Duration | undefined;
  /**
   * Concurrent ingest invocations at most (the SQS event source's
   * `maxConcurrency`).
   * @default 10 (`INGEST_DEFAULTS.maxConcurrency`)
   */
  readonly ingestMaxConcurrency?: number | undefined;
  /**
   * Receives before a message goes to the dead-letter queue.
   * @default 5 (`STACK_DEFAULTS.maxReceiveCount`)
   */
  readonly maxReceiveCount?: number | undefined;
  /**
   * Who may call the read API: `iam` (SigV4-signed requests) or `none`
   * (public).
   * @default 'iam' (`STACK_DEFAULTS.apiAuth`)
   */
  readonly apiAuth?: ApiAuth | undefined;
}

/** The whole pipeline in one stack. */
export class DropwireStack extends Stack {
  public readonly table: ArticleTable;
  public readonly ingest: DropBucketIngest;
  public readonly readApi: ReadApi;
  public readonly monitoring: Monitoring;

  public constructor(
    scope: Construct,
    id: string,
    props: DropwireStackProps = {}
  ) {
    super(scope, id, props);
    const retain = props.retainData ?? STACK_DEFAULTS.retainData;
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.table = new ArticleTable(this, 'Articles', {
      deletionProtection: retain,
      removalPolicy,
    });
    this.ingest = new DropBucketIngest(this, 'Ingest', {
      // CDK's own types disagree under exactOptionalPropertyTypes.
      table: this.table.table as ITableV2,
      removalPolicy,
      memorySize: props.ingestMemorySize,
      timeout: props.ingestTimeout,
      maxConcurrency: props.ingestMaxConcurrency,
      maxReceiveCount: props.maxReceiveCount,
    });

    this.readApi = new ReadApi(this, 'Read', {
      table: this.table.table as ITableV2,
      dropBucketName: this.ingest.bucket.bucketName,
      auth: props.apiAuth,
    });

    this.monitoring = new Monitoring(this, 'Monitoring', {
      ingestQueue: this.ingest.queue,
      deadLetterQueue: this.ingest.deadLetterQueue,
      functions: {
        Ingest: this.ingest.ingestFunction.lambdaFunction,
        Read: this.readApi.readFunction.lambdaFunction,
      },
      api: this.readApi.api as IRestApi,
      alarmTopic: props.alarmEmail
        ? this.#alarmTopic(props.alarmEmail)
        : undefined,
    });

    new CfnOutput(this, 'DropBucketName', {
      description: 'Upload article files here',
      value: this.ingest.bucket.bucketName,
    });
    new CfnOutput(this, 'ApiUrl', {
      description: `Read API base URL (${(props.apiAuth ?? STACK_DEFAULTS.apiAuth) === 'none' ? 'public' : 'IAM auth: sign requests with SigV4'})`,
      value: this.readApi.url,
    });
    new CfnOutput(this, 'TableName', {
      description: 'DynamoDB table of articles and file records',
      value: this.table.table.tableName,
    });
    new CfnOutput(this, 'IngestQueueUrl', {
      description:
        'The ingest queue: `dropwire reprocess --queue-url` sends to it',
      value: this.ingest.queue.queueUrl,
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      description: 'Messages that failed every retry',
      value: this.ingest.deadLetterQueue.queueUrl,
    });
  }

  /**
   * An encrypted topic that e-mails `email`. The key is customer managed
   * because CloudWatch must be allowed to use it, which the AWS-managed SNS
   * key's policy cannot grant.
   */
  #alarmTopic(email: string): Topic {
    const key = new Key(this, 'AlarmKey', {
      description: 'Encrypts the Dropwire alarm topic',
      enableKeyRotation: true,
    });
    key.grant(
      new ServicePrincipal('cloudwatch.amazonaws.com'),
      'kms:Decrypt',
      'kms:GenerateDataKey*'
    );
    const topic = new Topic(this, 'AlarmTopic', {
      displayName: 'Dropwire alarms',
      enforceSSL: true,
      masterKey: key,
    });
    topic.addSubscription(new EmailSubscription(email));
    return topic;
  }
}
