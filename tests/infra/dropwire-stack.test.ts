/**
 * The Dropwire stack as a whole: what it keeps, what it exports, the props
 * it refuses, and cdk-nag's AwsSolutions checks over every resource.
 */
import { Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { stackSynthesizer } from '../support/synth.ts';

const { synth } = stackSynthesizer();
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
  it('exports the bucket, table and dead-letter queue', () => {
    // Assess
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual(
      ['ApiUrl', 'DeadLetterQueueUrl', 'DropBucketName', 'TableName'].sort()
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
