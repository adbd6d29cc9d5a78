/**
 * The synthesized template, property by property (aws-cdk-lib/assertions).
 * Bundling is skipped here (the `aws:cdk:bundling-stacks` context), so the
 * assertions run in seconds; bundle.test.ts builds and runs the real bundles.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { App, Duration, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { ROUTE_PATHS } from '../../functions/api/api-handler.ts';
import { TABLE_DEFINITION } from '../../functions/store/table.ts';
import { stackPropsFromContext } from '../../lib/app-config.ts';
import { ingestVisibilityTimeout } from '../../lib/constructs/drop-bucket-ingest.ts';
import {
  DropwireStack,
  type DropwireStackProps,
} from '../../lib/dropwire-stack.ts';
import { fileTempDir } from '../support/temp-dir.ts';

/** Each synthesis gets its own folder in here, removed after the file. */
const cdkOut = fileTempDir('cdk');

function synth(
  props: DropwireStackProps = {},
  context: Record<string, unknown> = {}
) {
  const app = new App({
    outdir: mkdtempSync(join(cdkOut, 'app-')),
    context: { 'aws:cdk:bundling-stacks': [], ...context },
  });
  const stack = new DropwireStack(app, 'Dropwire', props);
  return { app, stack, template: Template.fromStack(stack) };
}

const { template } = synth();
const resources = (type: string) => template.findResources(type);

/** Every policy statement of a role's inline policies. */
function statementsOf(roleLogicalIdPrefix: string) {
  return Object.entries(resources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith(roleLogicalIdPrefix))
    .flatMap(
      ([, policy]) =>
        policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]
    );
}

describe('Stack: drop bucket', () => {
  it('blocks public access, encrypts, versions and logs', () => {
    // Assess
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: {
        DestinationBucketName: {
          Ref: Match.stringLikeRegexp('^IngestAccessLogs'),
        },
        LogFilePrefix: 'drop-bucket/',
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
          }),
        ]),
      },
    });
  });

  it('refuses plain HTTP on every bucket', () => {
    // Assess
    const policies = Object.values(resources('AWS::S3::BucketPolicy'));
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })
      );
    }
  });

  it('sends object-created notifications to the ingest queue', () => {
    // Assess
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            QueueArn: {
              'Fn::GetAtt': [
                Match.stringLikeRegexp('^IngestIngestQueue'),
                'Arn',
              ],
            },
          },
        ],
      },
    });
  });

  it('retains the buckets and the table by default, and can destroy them', () => {
    // Prepare
    const disposable = synth({ retainData: false }).template;

    // Assess
    for (const type of ['AWS::S3::Bucket', 'AWS::DynamoDB::GlobalTable']) {
      for (const resource of Object.values(resources(type))) {
        expect(resource.DeletionPolicy).toBe('Retain');
      }
      for (const resource of Object.values(disposable.findResources(type))) {
        expect(resource.DeletionPolicy).toBe('Delete');
      }
    }
  });
});

describe('Stack: ingest queue', () => {
  it('is encrypted and dead-letters after 5 receives', () => {
    // Assess
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      RedrivePolicy: {
        deadLetterTargetArn: {
          'Fn::GetAtt': [
            Match.stringLikeRegexp('^IngestDeadLetterQueue'),
            'Arn',
          ],
        },
        maxReceiveCount: 5,
      },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  it('has a visibility timeout of six function timeouts plus the batching window', () => {
    // Prepare
    const slow = synth({ ingestTimeout: Duration.seconds(120) }).template;

    // Assess
    expect(
      ingestVisibilityTimeout(
        Duration.seconds(30),
        Duration.seconds(2)
      ).toSeconds()
    ).toBe(182);
    template.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 182,
    });
    slow.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: 6 * 120 + 2,
    });
  });

  it('feeds the ingest function in batches that report item failures', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: 2,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });
});

describe('Stack: ingest function', () => {
  it('runs Node 24 on arm64 with the table name, memory and timeout', () => {
    // Prepare
    const tuned = synth({
      ingestMemorySize: 2048,
      ingestReservedConcurrency: 20,
    }).template;

    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Timeout: 30,
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: { Ref: Match.stringLikeRegexp('^ArticlesTable') },
          AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
        }),
      },
    });
    tuned.hasResourceProperties('AWS::Lambda::Function', {
      MemorySize: 2048,
      ReservedConcurrentExecutions: 20,
    });
  });

  it('can read the drop bucket but never write or delete in it', () => {
    // Prepare
    const statements = statementsOf('IngestIngestFunctionRole');
    const actions = statements.flatMap((s) => [s.Action].flat() as string[]);

    // Assess
    expect(actions).toEqual(
      expect.arrayContaining(['s3:GetObject*', 'dynamodb:PutItem'])
    );
    expect(
      actions.filter((a) => /^s3:(Put|Delete|Create|Restore|Abort)/u.test(a))
    ).toEqual([]);
  });

  it('may send continuation messages to its own ingest queue only, named in INGEST_QUEUE_URL', () => {
    // Prepare
    const sends = statementsOf('IngestIngestFunctionRole').filter((s) =>
      [s.Action].flat().includes('sqs:SendMessage')
    );
    const queueId = Object.keys(resources('AWS::SQS::Queue')).find((id) =>
      id.startsWith('IngestIngestQueue')
    );

    // Assess
    expect(sends).toHaveLength(1);
    expect(sends[0]?.Resource).toEqual({
      'Fn::GetAtt': [queueId, 'Arn'],
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          INGEST_QUEUE_URL: { Ref: queueId },
          MAX_OBJECT_BYTES: String(1024 * 1024 * 1024),
        }),
      },
    });
  });

  it('names no resource "*" in its policies', () => {
    // Assess
    for (const statement of statementsOf('IngestIngestFunctionRole')) {
      expect([statement.Resource].flat()).not.toContain('*');
    }
  });

  it('writes logs to its own log group only', () => {
    // Assess
    const logs = statementsOf('IngestIngestFunctionRole').filter((s) =>
      [s.Action].flat().includes('logs:PutLogEvents')
    );
    expect(logs).toHaveLength(1);
    expect(logs[0]?.Resource).toEqual({
      'Fn::GetAtt': [
        expect.stringMatching(/^IngestIngestFunctionLogs/u),
        'Arn',
      ],
    });
  });
});

describe('Stack: read API', () => {
  const methods = () => Object.values(resources('AWS::ApiGateway::Method'));

  it('requires IAM auth on every route by default, and none with apiAuth=none', () => {
    // Prepare
    const open = synth({ apiAuth: 'none' }).template;
    const routeMethods = (t: Template) =>
      Object.values(t.findResources('AWS::ApiGateway::Method')).filter(
        (m) => m.Properties.HttpMethod !== 'OPTIONS'
      );

    // Assess
    expect(routeMethods(template)).toHaveLength(
      Object.keys(ROUTE_PATHS).length
    );
    for (const m of routeMethods(template)) {
      expect(m.Properties.AuthorizationType).toBe('AWS_IAM');
    }
    for (const m of routeMethods(open)) {
      expect(m.Properties.AuthorizationType).toBe('NONE');
    }
  });

  it('answers CORS preflights without auth', () => {
    // Assess
    const preflights = methods().filter(
      (m) => m.Properties.HttpMethod === 'OPTIONS'
    );
    expect(preflights.length).toBeGreaterThan(0);
    for (const m of preflights) {
      expect(m.Properties.AuthorizationType).toBe('NONE');
      expect(m.Properties.Integration.Type).toBe('MOCK');
    }
  });

  it('throttles, logs access as JSON and validates request parameters', () => {
    // Assess
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'v1',
      MethodSettings: [
        Match.objectLike({
          ThrottlingRateLimit: 50,
          ThrottlingBurstLimit: 100,
          LoggingLevel: 'ERROR',
        }),
      ],
      AccessLogSetting: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('"requestId":"\\$context.requestId"'),
      },
    });
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', {
      ValidateRequestParameters: true,
    });
    for (const m of methods().filter(
      (x) => x.Properties.HttpMethod !== 'OPTIONS'
    )) {
      expect(m.Properties.RequestValidatorId).toBeDefined();
    }
  });

  it('gives the read function the table and drop bucket names and a cursor key', () => {
    // Assess
    template.hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      MemorySize: 512,
      Environment: {
        Variables: Match.objectLike({
          TABLE_NAME: { Ref: Match.stringLikeRegexp('^ArticlesTable') },
          DROP_BUCKET_NAME: {
            Ref: Match.stringLikeRegexp('^IngestDropBucket'),
          },
          CURSOR_SECRET: {
            'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }],
          },
        }),
      },
    });
  });

  it('lets the read function read the table but never write it', () => {
    // Prepare
    const actions = statementsOf('ReadReadFunctionRole').flatMap(
      (s) => [s.Action].flat() as string[]
    );

    // Assess
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query'])
    );
    expect(
      actions.filter((a) =>
        /^dynamodb:(Put|Update|Delete|BatchWrite|TransactWrite)/u.test(a)
      )
    ).toEqual([]);
    expect(actions.filter((a) => a.startsWith('s3:'))).toEqual([]);
  });
});

describe('Stack: article table', () => {
  it('is on demand, recoverable and protected, with the store’s keys and indexes', () => {
    // Assess
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE_DEFINITION.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: {
          ProjectionType: 'INCLUDE',
          NonKeyAttributes: [...index.projectedAttributes],
        },
      })),
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: {
            PointInTimeRecoveryEnabled: true,
          },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
  });
});

describe('Stack: monitoring', () => {
  it('alarms on dead letters, backlog age, errors and throttles', () => {
    // Assess
    const alarms = Object.values(resources('AWS::CloudWatch::Alarm'));
    // Dead letters, backlog age, and errors + throttles of both functions.
    expect(alarms).toHaveLength(6);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      Dimensions: [
        {
          Name: 'QueueName',
          Value: {
            'Fn::GetAtt': [
              Match.stringLikeRegexp('^IngestDeadLetterQueue'),
              'QueueName',
            ],
          },
        },
      ],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: 900,
    });
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.resourceCountIs('AWS::SNS::Topic', 0);
  });

  it('notifies an encrypted SNS topic when an alarm e-mail is given', () => {
    // Prepare
    const notified = synth({ alarmEmail: 'ops@example.com' }).template;

    // Assess
    notified.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    notified.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: Match.anyValue(),
    });
    for (const alarm of Object.values(
      notified.findResources('AWS::CloudWatch::Alarm')
    )) {
      expect(alarm.Properties.AlarmActions).toHaveLength(1);
    }
  });
});

describe('Stack: outputs and configuration', () => {
  it('exports the bucket, table and dead-letter queue', () => {
    // Assess
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual(
      ['ApiUrl', 'DeadLetterQueueUrl', 'DropBucketName', 'TableName'].sort()
    );
  });

  it('reads its configuration from context and reports every bad value', () => {
    // Prepare
    const good = new App({
      outdir: mkdtempSync(join(cdkOut, 'app-')),
      context: {
        alarmEmail: 'a@b.co',
        ingestMemorySize: '512',
        retainData: 'false',
      },
    });
    const bad = new App({
      outdir: mkdtempSync(join(cdkOut, 'app-')),
      context: { ingestMemorySize: 'lots', retainData: 'maybe' },
    });

    // Act
    const props = stackPropsFromContext(good);

    // Assess
    expect(props).toMatchObject({
      alarmEmail: 'a@b.co',
      ingestMemorySize: 512,
      retainData: false,
    });
    expect(() => stackPropsFromContext(bad)).toThrow(
      'invalid Dropwire configuration: context retainData is "maybe"; expected true or false; context ingestMemorySize is "lots"; expected a positive integer'
    );
  });

  it('throws for impossible props before making any resource', () => {
    // Act
    const act = () =>
      synth({ maxReceiveCount: 0, ingestTimeout: Duration.hours(3) });

    // Assess
    expect(act).toThrow(
      /maxReceiveCount is 0; expected an integer from 1 to 1,000; timeout 10800s makes the queue's visibility timeout 64802s/u
    );
  });
});

describe('Stack: cdk-nag', () => {
  it('has no unacknowledged AwsSolutions finding', () => {
    // Prepare
    const { app } = synth();
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // Act
    const act = () => app.synth();

    // Assess
    expect(act).not.toThrow();
  });

  it('does report a finding that is not acknowledged', () => {
    // Prepare: the same stack, plus a bucket without access logs.
    const { app, stack: withExtra } = synth();
    new Bucket(withExtra, 'Unlogged', { enforceSSL: true });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // Act
    const act = () => app.synth();

    // Assess
    expect(act).toThrow();
  });
});
