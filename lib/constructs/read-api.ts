/**
 * ReadApi: the read function behind an API Gateway REST API.
 *
 * Five routes, each a Lambda proxy integration that accepts any method (the
 * handler answers 405 for anything but GET, in the API's JSON error shape):
 * `/articles`, `/articles/{id}`, `/files`, `/files/{key+}`, `/openapi.json`. The stage
 * throttles, writes JSON access logs and execution error logs, and checks
 * request parameters. Callers sign requests with SigV4 (IAM auth) unless
 * the API is made public with `auth: 'none'`. Browsers' CORS preflights are
 * answered by API Gateway without auth, as they carry no credentials.
 */
import { Duration, Fn, Stack, Validations } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  AuthorizationType,
  Cors,
  type IRestApi,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RequestValidator,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
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
   * @default 'iam'
   */
  readonly auth?: ApiAuth;
  /**
   * Steady-state requests per second across the stage.
   * @default 50
   */
  readonly throttlingRateLimit?: number;
  /**
   * Burst of requests above the rate.
   * @default 100
   */
  readonly throttlingBurstLimit?: number;
  /**
   * Origins browsers may call from.
   * @default any origin ('*'); credentials are SigV4 headers, not cookies
   */
  readonly corsOrigins?: readonly string[];
  /**
   * Read function memory in MB.
   * @default 512
   */
  readonly memorySize?: number;
}

const READ_TIMEOUT = Duration.seconds(10);

/** The read API and its function. */
export class ReadApi extends Construct {
  public readonly api: RestApi;
  public readonly readFunction: DropwireFunction;
  /** The stage's base URL, e.g. `https://abc.execute-api.eu-west-1.amazonaws.com/v1/`. */
  public readonly url: string;

  public constructor(scope: Construct, id: string, props: ReadApiProps) {
    super(scope, id);
    const auth = props.auth ?? 'iam';
    if (auth !== 'iam' && auth !== 'none') {
      throw new Error(
        `ReadApi auth is "${String(auth)}"; expected "iam" or "none"`
      );
    }

    this.readFunction = new DropwireFunction(this, 'ReadFunction', {
      entry: 'functions/api/handler.ts',
      description: 'Dropwire: serves articles and file records over HTTP',
      memorySize: props.memorySize ?? 512,
      timeout: READ_TIMEOUT,
      environment: {
        TABLE_NAME: props.table.tableName,
        DROP_BUCKET_NAME: props.dropBucketName,
        // Cursors are signed so a modified one is refused; they carry
        // nothing secret. The stack's UUID is unique per deployment and
        // costs nothing (a Secrets Manager secret would cost per month).
        CURSOR_SECRET: Fn.select(2, Fn.split('/', Stack.of(this).stackId)),
        POWERTOOLS_SERVICE_NAME: 'dropwire-api',
      },
    });
    props.table.grantReadData(this.readFunction);

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.THREE_MONTHS,
    });
    this.api = new RestApi(this, 'Api', {
      restApiName: 'dropwire-read',
      description: 'Dropwire read API: articles and file records',
      cloudWatchRole: true,
      deployOptions: {
        stageName: 'v1',
        throttlingRateLimit: props.throttlingRateLimit ?? 50,
        throttlingBurstLimit: props.throttlingBurstLimit ?? 100,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: MethodLoggingLevel.ERROR,
        metricsEnabled: true,
      },
      defaultCorsPreflightOptions: {
        allowOrigins: [...(props.corsOrigins ?? Cors.ALL_ORIGINS)],
        allowMethods: ['GET', 'OPTIONS'],
        allowHeaders: [...Cors.DEFAULT_HEADERS, 'If-None-Match'],
      },
    });
    // Bodies are validated too (GET requests have none to fail).
    const validator = new RequestValidator(this, 'RequestValidator', {
      restApi: this.api as IRestApi,
      validateRequestParameters: true,
      validateRequestBody: true,
    });
    const integration = new LambdaIntegration(this.readFunction);
    const method = (requestParameters: Record<string, boolean>) => ({
      authorizationType:
        auth === 'iam' ? AuthorizationType.IAM : AuthorizationType.NONE,
      requestValidator: validator,
      requestParameters,
    });
    const query = (names: readonly string[]) =>
      Object.fromEntries(
        names.map((n) => [`method.request.querystring.${n}`, false])
      );

    const articles = this.api.root.addResource('articles');
    articles.addMethod(
      'ANY',
      integration,
      method(query(['limit', 'cursor', 'publisher', 'from', 'to']))
    );
    articles
      .addResource('{id}')
      .addMethod(
        'ANY',
        integration,
        method({ 'method.request.path.id': true })
      );
    const files = this.api.root.addResource('files');
    files.addMethod(
      'ANY',
      integration,
      method(query(['limit', 'cursor', 'status', 'prefix']))
    );
    files
      .addResource('{key+}')
      .addMethod(
        'ANY',
        integration,
        method({ 'method.request.path.key': true })
      );
    this.api.root
      .addResource('openapi.json')
      .addMethod('ANY', integration, method({}));
    this.url = this.api.url;
    // RestApi adds an `Endpoint` output of its own; the stack exports the
    // URL once, as `ApiUrl`.
    this.api.node.tryRemoveChild('Endpoint');

    this.#acknowledgeFindings(auth);
  }

  /** cdk-nag findings that are the design, each with its reason. */
  #acknowledgeFindings(auth: ApiAuth): void {
    const ack = (scope: Construct, id: string, reason: string) =>
      Validations.of(scope).acknowledge({ id, reason });
    ack(
      this.readFunction.role as Construct,
      'AwsSolutions-IAM5[Resource::<ArticlesTable867D7F42.Arn>/index/*]',
      "grantReadData: queries of the table's own indexes (listings); read-only"
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
