/**
 * ReadApi in the synthesized stack: routes, auth, CORS, throttling, logs,
 * and what the read function may do.
 */
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  API_ENDPOINTS,
  ROUTE_NAMES,
  ROUTES,
} from '../../../functions/api/route-manifest.ts';
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
    expect(routeMethods(template)).toHaveLength(5);
    for (const m of routeMethods(template)) {
      expect(m.Properties.AuthorizationType).toBe('AWS_IAM');
    }
    for (const m of routeMethods(open)) {
      expect(m.Properties.AuthorizationType).toBe('NONE');
    }
  });

  it('has one method per route of the manifest, at its path, with its parameters', () => {
    // Prepare: each resource's path, from its PathPart up to the root.
    const apiResources = resources('AWS::ApiGateway::Resource');
    const pathOf = (id: unknown): string => {
      const logicalId = (id as { Ref?: string }).Ref;
      const resource = logicalId ? apiResources[logicalId] : undefined;
      if (!resource) return '';
      return `${pathOf(resource.Properties.ParentId)}/${resource.Properties.PathPart}`;
    };
    const declared = (
      names: readonly string[],
      where: string,
      required: boolean
    ) =>
      Object.fromEntries(
        names.map((n) => [`method.request.${where}.${n}`, required])
      );

    // Act
    const served = methods()
      .filter((m) => m.Properties.HttpMethod !== 'OPTIONS')
      .map((m) => ({
        path: pathOf(m.Properties.ResourceId),
        method: m.Properties.HttpMethod,
        parameters: m.Properties.RequestParameters ?? {},
      }));

    // Assess
    const expected = ROUTE_NAMES.map((name) => {
      const route = ROUTES[name];
      const query = 'query' in route ? Object.keys(route.query) : [];
      const inPath = [...route.path.matchAll(/\{(\w+)\+?\}/gu)].map(
        (m) => m[1] as string
      );
      return {
        path: route.path,
        method: 'ANY',
        parameters: {
          ...declared(query, 'querystring', false),
          ...declared(inPath, 'path', true),
        },
      };
    });
    const byPath = (a: { path: string }, b: { path: string }) =>
      a.path.localeCompare(b.path);
    expect(served.sort(byPath)).toEqual(expected.sort(byPath));
    expect(served.find((m) => m.path === '/articles')?.parameters).toEqual({
      'method.request.querystring.limit': false,
      'method.request.querystring.cursor': false,
      'method.request.querystring.publisher': false,
      'method.request.querystring.from': false,
      'method.request.querystring.to': false,
      'method.request.querystring.file': false,
    });
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

  it('allows GET and HEAD in CORS preflights', () => {
    // Assess
    const preflight = methods().find(
      (m) => m.Properties.HttpMethod === 'OPTIONS'
    );
    const headers = JSON.stringify(
      preflight?.Properties.Integration.IntegrationResponses
    );
    expect(headers).toContain('GET,HEAD,OPTIONS');
  });

  it("answers API Gateway's own 4xx and 5xx as JSON errors, with nosniff, no-store and HSTS", () => {
    // Act
    const responses = Object.values(
      resources('AWS::ApiGateway::GatewayResponse')
    ).map((r) => r.Properties);

    // Assess
    expect(responses.map((r) => r.ResponseType).sort()).toEqual([
      'DEFAULT_4XX',
      'DEFAULT_5XX',
    ]);
    for (const response of responses) {
      expect(response.ResponseParameters).toEqual({
        'gatewayresponse.header.X-Content-Type-Options': "'nosniff'",
        'gatewayresponse.header.Strict-Transport-Security':
          "'max-age=31536000'",
        'gatewayresponse.header.Cache-Control': "'no-store'",
      });
      expect(response.ResponseTemplates['application/json']).toContain(
        '{"error":{"code":'
      );
    }
  });

  it('throttles, logs access as JSON and validates request parameters', () => {
    // Assess
    expect(API_ENDPOINTS.stageName).toBe('v1');
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: API_ENDPOINTS.stageName,
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
