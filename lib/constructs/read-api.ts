/**
 * ReadApi: the read function behind an API Gateway REST API.
 *
 * The routes of the read API's manifest (`functions/api/route-manifest.ts`:
 * `/articles`, `/articles/{id}`, `/files`, `/files/{key+}`, `/openapi.json`), each a
 * Lambda proxy integration that accepts any method (the handler answers 405
 * for anything but GET, in the API's JSON error shape). The stage
 * throttles, writes JSON access logs and execution error logs, and checks
 * request parameters. Callers sign requests with SigV4 (IAM auth) unless
 * the API is made public with `auth: 'none'`. Browsers' CORS preflights are
 * answered by API Gateway without auth, as they carry no credentials.
 */
import { Fn, Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  Cors,
  type IResource,
  type IRestApi,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RequestValidator,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import {
  DEFAULT_CACHE_CONTROL,
  RESPONSE_HEADERS,
} from '../../functions/api/http.ts';
import {
  API_ENDPOINTS,
  pathParameters,
  queryParameters,
  ROUTE_NAMES,
  ROUTES,
  type RouteSpec,
  SERVED_METHODS,
} from '../../functions/api/route-manifest.ts';
import { SERVICE_NAMES } from '../../functions/shared/observability.ts';
import { READ_API_DEFAULTS } from '../defaults.ts';
import { arnReference } from '../nag.ts';
import { FUNCTION_CALLS, grantCalls } from '../permissions.ts';
import { DropwireFunction } from './dropwire-function.ts';

/** Who may call the read API. */
export type ApiAuth = 'iam' | 'none';

/** Properties of {@link ReadApi}. */
export interface ReadApiProps {
  readonly table: ITableV2;
  /** The drop bucket whose file records `GET /files/{key}` serves. */
  readonly dropBucketName: string;
  /**
   * `iam`: callers sign requests (SigV4) and need `execute-api:Invoke`;
   * `none`: anyone on the internet may read.
   * @default 'iam' (`READ_API_DEFAULTS.auth`)
   */
  readonly auth?: ApiAuth | undefined;
  /**
   * Steady-state requests per second across the stage.
   * @default 50 (`READ_API_DEFAULTS.throttlingRateLimit`)
   */
  readonly throttlingRateLimit?: number | undefined;
  /**
   * Burst of requests above the rate.
   * @default 100 (`READ_API_DEFAULTS.throttlingBurstLimit`)
   */
  readonly throttlingBurstLimit?: number | undefined;
  /**
   * Origins browsers may call from.
   * @default any origin ('*'); credentials are SigV4 headers, not cookies
   */
  readonly corsOrigins?: readonly string[] | undefined;
  /**
   * Read function memory in MB.
   * @default 512 (`READ_API_DEFAULTS.memorySize`)
   */
  readonly memorySize?: number | undefined;
}

/** The read API and its function. */
export class ReadApi extends Construct {
  public readonly api: RestApi;
  public readonly readFunction: DropwireFunction;
  /** The stage's base URL, e.g. `https://abc.execute-api.eu-west-1.amazonaws.com/v1/`. */
  public readonly url: string;

  public constructor(scope: Construct, id: string, props: ReadApiProps) {
    super(scope, id);
    const auth = props.auth ?? READ_API_DEFAULTS.auth;
    if (auth !== 'iam' && auth !== 'none') {
      throw new Error(
        `ReadApi auth is "${String(auth)}"; expected "iam" or "none"`
      );
    }

    this.readFunction = new DropwireFunction(this, 'ReadFunction', {
      entry: 'functions/api/handler.ts',
      description: 'Dropwire: serves articles and file records over HTTP',
      memorySize: props.memorySize ?? READ_API_DEFAULTS.memorySize,
      timeout: READ_API_DEFAULTS.timeout,
      environment: {
        TABLE_NAME: props.table.tableName,
        DROP_BUCKET_NAME: props.dropBucketName,
        // Cursors are signed so a modified one is refused; they carry
        // nothing secret. The stack's UUID is unique per deployment and
        // costs nothing (a Secrets Manager secret would cost per month).
        CURSOR_SECRET: Fn.select(2, Fn.split('/', Stack.of(this).stackId)),
        POWERTOOLS_SERVICE_NAME: SERVICE_NAMES.api,
      },
    });
    // Exactly the calls its code sends (lib/permissions.ts): reads only.
    grantCalls(this.readFunction.lambdaFunction, FUNCTION_CALLS.read, {
      table: props.table,
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
    });
    this.api = new RestApi(this, 'Api', {
      restApiName: 'dropwire-read',
      description: 'Dropwire read API: articles and file records',
      cloudWatchRole: true,
      deployOptions: {
        stageName: API_ENDPOINTS.stageName,
        throttlingRateLimit:
          props.throttlingRateLimit ?? READ_API_DEFAULTS.throttlingRateLimit,
        throttlingBurstLimit:
          props.throttlingBurstLimit ?? READ_API_DEFAULTS.throttlingBurstLimit,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: MethodLoggingLevel.ERROR,
        metricsEnabled: true,
      },
      defaultCorsPreflightOptions: {
        allowOrigins: [...(props.corsOrigins ?? Cors.ALL_ORIGINS)],
        allowMethods: [...SERVED_METHODS, 'OPTIONS'],
        allowHeaders: [...Cors.DEFAULT_HEADERS, 'If-None-Match'],
      },
    });
    // Bodies are validated too (GET requests have none to fail).
    const validator = new RequestValidator(this, 'RequestValidator', {
      restApi: this.api as IRestApi,
      validateRequestParameters: true,
      validateRequestBody: true,
    });
    const integration = new LambdaIntegration(this.readFunction.lambdaFunction);
    // One method per route of the manifest the handler routes by. It takes
    // any method: the handler answers 405 for all but GET, in the API's
    // JSON error shape, which API Gateway's own 403 for an undeclared
    // method would not be.
    for (const name of ROUTE_NAMES) {
      const route = ROUTES[name];
      resourceOf(this.api.root, route.path).addMethod('ANY', integration, {
        authorizationType:
          auth === 'iam' ? AuthorizationType.IAM : AuthorizationType.NONE,
        requestValidator: validator,
        requestParameters: requestParametersOf(route),
      });
    }
    // API Gateway's own answers (throttled, unauthorised, a request it
    // refuses before the function): the API's JSON error shape and the
    // headers every response of the function carries.
    for (const [id, type] of [
      ['Default4xx', ResponseType.DEFAULT_4XX],
      ['Default5xx', ResponseType.DEFAULT_5XX],
    ] as const) {
      this.api.addGatewayResponse(id, {
        type,
        responseHeaders: Object.fromEntries(
          Object.entries({
            ...RESPONSE_HEADERS,
            'Cache-Control': DEFAULT_CACHE_CONTROL,
          }).map(([name, value]) => [name, `'${value}'`])
        ),
        templates: {
          'application/json':
            '{"error":{"code":"$context.error.responseType","message":$context.error.messageString}}',
        },
      });
    }
    this.url = this.api.url;
    // RestApi adds an `Endpoint` output of its own; the stack exports the
    // URL once, as `ApiUrl`.
    this.api.node.tryRemoveChild('Endpoint');

    this.#acknowledgeFindings(auth, props.table);
  }

  /** cdk-nag findings that are the design, each with its reason. */
  #acknowledgeFindings(auth: ApiAuth, table: ITableV2): void {
    const ack = (scope: IConstruct, id: string, reason: string) =>
      Validations.of(scope).acknowledge({ id, reason });
    ack(
      this.readFunction.role,
      `AwsSolutions-IAM5[Resource::${arnReference(table)}/index/*]`,
      "dynamodb:Query on the article table's own indexes only (the listings); no other action, no other table"
    );
    ack(
      this.api,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      'the account-level role API Gateway uses to write execution logs; AWS maintains this policy for exactly that'
    );
    ack(
      this.api,
      'AwsSolutions-APIG3',
      'WAF is an opt-in cost; the stage throttles requests, and the API only reads'
    );
    ack(
      this.api,
      'AwsSolutions-COG4',
      auth === 'iam'
        ? 'callers authenticate with IAM (SigV4), not Cognito'
        : 'a public read API was chosen explicitly (apiAuth=none)'
    );
    if (auth === 'none') {
      ack(
        this.api,
        'AwsSolutions-APIG4',
        'a public read API was chosen explicitly (apiAuth=none)'
      );
    }
  }
}

/** The resource at `path` under `root`, made segment by segment. */
function resourceOf(root: IResource, path: string): IResource {
  let resource = root;
  for (const part of path.split('/').filter(Boolean)) {
    resource = resource.getResource(part) ?? resource.addResource(part);
  }
  return resource;
}

/**
 * A route's parameters as API Gateway declares them for the request
 * validator: path parameters required, query parameters optional.
 */
function requestParametersOf(route: RouteSpec): Record<string, boolean> {
  return {
    ...Object.fromEntries(
      queryParameters(route).map((n) => [
        `method.request.querystring.${n}`,
        false,
      ])
    ),
    ...Object.fromEntries(
      pathParameters(route).map(({ name }) => [
        `method.request.path.${name}`,
        true,
      ])
    ),
  };
}
