/**
 * The Dropwire stack as a whole: what it keeps, what it exports, the props
 * it refuses, and cdk-nag's AwsSolutions checks over every resource.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { ArticleTable } from '../../lib/constructs/article-table.ts';
import { DropBucketIngest } from '../../lib/constructs/drop-bucket-ingest.ts';
import { ReadApi } from '../../lib/constructs/read-api.ts';
import { stackSynthesizer } from '../support/synth.ts';

const { app: emptyApp, synth } = stackSynthesizer();
const { template } = synth();
const resources = (type: string) => template.findResources(type);

describe('Stack: data retention', () => {
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

describe('Stack: outputs', () => {
  it('exports the bucket, table, ingest queue and dead-letter queue', () => {
    // Assess
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual(
      [
        'ApiUrl',
        'DeadLetterQueueUrl',
        'DropBucketName',
        'IngestQueueUrl',
        'TableName',
      ].sort()
    );
    const [queueId] = Object.keys(
      template.findResources('AWS::SQS::Queue')
    ).filter((id) => id.startsWith('IngestIngestQueue'));
    expect(
      template.findOutputs('IngestQueueUrl').IngestQueueUrl?.Value
    ).toEqual({ Ref: queueId });
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

  it('acknowledges the findings of the constructs under any construct names', () => {
    // Prepare: the constructs in another stack, under other ids, so every
    // logical id in a finding differs from the Dropwire stack's.
    const app = emptyApp({ 'aws:cdk:bundling-stacks': [] });
    const stack = new Stack(app, 'Elsewhere');
    // CDK's own types disagree under exactOptionalPropertyTypes.
    const table = new ArticleTable(stack, 'OtherTable').table as ITableV2;
    const ingest = new DropBucketIngest(stack, 'OtherIngest', { table });
    new ReadApi(stack, 'OtherApi', {
      table,
      dropBucketName: ingest.bucket.bucketName,
    });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // Act
    const act = () => app.synth();

    // Assess
    expect(act).not.toThrow();
  });

  it('creates the role and log group of each function inside its scope', () => {
    // Act
    const { stack } = synth();

    // Assess
    for (const fn of [
      stack.ingest.ingestFunction,
      stack.readApi.readFunction,
    ]) {
      expect(fn.role.node.scope).toBe(fn);
      expect(fn.logGroup.node.scope).toBe(fn);
      expect(fn.lambdaFunction.role).toBe(fn.role);
    }
  });
});
