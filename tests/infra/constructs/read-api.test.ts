/**
 * ReadApi in the synthesized stack: routes, auth, CORS, throttling, logs,
 * and what the read function may do.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { stackSynthesizer, statementsOf } from '../../support/synth.ts';

const { synth } = stackSynthesizer();
const { template } = synth();
const resources = (type: string) => template.findResources(type);

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
    expect(routeMethods(template)).toHaveLength(4);
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
    const actions = statementsOf(template, 'ReadReadFunctionRole').flatMap(
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
