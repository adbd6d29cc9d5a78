/**
 * DropBucketIngest in the synthesized stack: the drop bucket, the ingest
 * queue and its dead-letter queue, and what the ingest function may do.
 */
import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { ingestVisibilityTimeout } from '../../../lib/constructs/drop-bucket-ingest.ts';
import { stackSynthesizer, statementsOf } from '../../support/synth.ts';

const { synth } = stackSynthesizer();
const { template } = synth();
const resources = (type: string) => template.findResources(type);

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

  it('sends object-created and object-removed notifications to the ingest queue', () => {
    // Assess
    const queueArn = {
      'Fn::GetAtt': [Match.stringLikeRegexp('^IngestIngestQueue'), 'Arn'],
    };
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          { Events: ['s3:ObjectCreated:*'], QueueArn: queueArn },
          { Events: ['s3:ObjectRemoved:*'], QueueArn: queueArn },
        ],
      },
    });
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
  it('can read the drop bucket but never write or delete in it', () => {
    // Prepare
    const statements = statementsOf(template, 'IngestIngestFunctionRole');
    const actions = statements.flatMap((s) => [s.Action].flat() as string[]);

    // Assess
    expect(actions).toEqual(
      expect.arrayContaining(['s3:GetObject', 'dynamodb:PutItem'])
    );
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    expect(
      actions.filter((a) => /^s3:(Put|Delete|Create|Restore|Abort)/u.test(a))
    ).toEqual([]);
  });

  it('may send continuation messages to its own ingest queue only, named in INGEST_QUEUE_URL', () => {
    // Prepare
    const sends = statementsOf(template, 'IngestIngestFunctionRole').filter(
      (s) => [s.Action].flat().includes('sqs:SendMessage')
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
    for (const statement of statementsOf(
      template,
      'IngestIngestFunctionRole'
    )) {
      expect([statement.Resource].flat()).not.toContain('*');
    }
  });
});

describe('Stack: ingest props', () => {
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
