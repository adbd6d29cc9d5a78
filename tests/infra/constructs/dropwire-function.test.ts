/**
 * DropwireFunction in the synthesized stack: the shared function defaults,
 * and a log group and role of its own.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { stackSynthesizer, statementsOf } from '../../support/synth.ts';

const { synth } = stackSynthesizer();
const { template } = synth();

describe('Stack: ingest function', () => {
  it('runs Node 24 on arm64 with the table name, memory and timeout', () => {
    // Prepare
    const tuned = synth({
      ingestMemorySize: 2048,
      ingestMaxConcurrency: 20,
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
    });
    // Concurrency is capped at the event source, not reserved: a throttled
    // invocation's receives would count toward maxReceiveCount.
    for (const [t, max] of [
      [template, 10],
      [tuned, 20],
    ] as const) {
      t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        ScalingConfig: { MaximumConcurrency: max },
      });
      for (const fn of Object.values(
        t.findResources('AWS::Lambda::Function')
      )) {
        expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
      }
    }
  });

  it('writes logs to its own log group only', () => {
    // Assess
    const logs = statementsOf(template, 'IngestIngestFunctionRole').filter(
      (s) => [s.Action].flat().includes('logs:PutLogEvents')
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
