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

/** Properties of {@link DropwireStack}. */
export interface DropwireStackProps extends StackProps {
  /**
   * Keep the table and buckets when the stack is deleted.
   * @default true
   */
  readonly retainData?: boolean;
  /**
   * E-mail address alarms are sent to (an SNS topic is created for it).
   * @default no notifications: alarms show in the console only
   */
  readonly alarmEmail?: string;
  /** Ingest function memory in MB. @default 1024 */
  readonly ingestMemorySize?: number;
  /** Ingest function timeout. @default 30 seconds */
  readonly ingestTimeout?: Duration;
  /** Ingest function reserved concurrency. @default none */
  readonly ingestReservedConcurrency?: number;
  /** Receives before a message goes to the dead-letter queue. @default 5 */
  readonly maxReceiveCount?: number;
  /**
   * Who may call the read API: `iam` (SigV4-signed requests) or `none`
   * (public).
   * @default 'iam'
   */
  readonly apiAuth?: ApiAuth;
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
    const retain = props.retainData ?? true;
    const removalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.table = new ArticleTable(this, 'Articles', {
      deletionProtection: retain,
      removalPolicy,
    });
    this.ingest = new DropBucketIngest(this, 'Ingest', {
      // CDK's own types disagree under exactOptionalPropertyTypes.
      table: this.table.table as ITableV2,
      removalPolicy,
      ...(props.ingestMemorySize === undefined
        ? {}
        : { memorySize: props.ingestMemorySize }),
      ...(props.ingestTimeout === undefined
        ? {}
        : { timeout: props.ingestTimeout }),
      ...(props.ingestReservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: props.ingestReservedConcurrency }),
      ...(props.maxReceiveCount === undefined
        ? {}
        : { maxReceiveCount: props.maxReceiveCount }),
    });

    this.readApi = new ReadApi(this, 'Read', {
      table: this.table.table as ITableV2,
      dropBucketName: this.ingest.bucket.bucketName,
      ...(props.apiAuth ? { auth: props.apiAuth } : {}),
    });

    const alarmTopic = props.alarmEmail
      ? this.#alarmTopic(props.alarmEmail)
      : undefined;
    this.monitoring = new Monitoring(this, 'Monitoring', {
      ingestQueue: this.ingest.queue,
      deadLetterQueue: this.ingest.deadLetterQueue,
      functions: {
        Ingest: this.ingest.ingestFunction,
        Read: this.readApi.readFunction,
      },
      ...(alarmTopic ? { alarmTopic } : {}),
    });

    new CfnOutput(this, 'DropBucketName', {
      description: 'Upload article files here',
      value: this.ingest.bucket.bucketName,
    });
    new CfnOutput(this, 'ApiUrl', {
      description: `Read API base URL (${props.apiAuth === 'none' ? 'public' : 'IAM auth: sign requests with SigV4'})`,
      value: this.readApi.url,
    });
    new CfnOutput(this, 'TableName', {
      description: 'DynamoDB table of articles and file records',
      value: this.table.table.tableName,
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
