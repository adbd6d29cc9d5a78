/**
 * DropwireFunction: a NodejsFunction with Dropwire's defaults in one place.
 *
 * Node 24 on arm64 (cheaper per GB-second than x86), an ESM bundle built by
 * the local esbuild (no Docker), minified, with the AWS SDK bundled rather
 * than taken from the runtime (the runtime's SDK version drifts under us;
 * the bundle is what the tests ran), and a log group of its own with a
 * retention. Cold start is what the bundle settings trade for: no source
 * maps (Node parsing a map costs ~10 ms of every cold start, and the map
 * doubles the download), but function and class names kept, so stack traces
 * still say where; and `node:http` imported through a shim that spares
 * loading undici (see functions/shared/node-http.ts).
 *
 * The construct holds the function, its log group and its role, each in
 * its own scope: the role may write to that log group only, instead of
 * carrying the AWSLambdaBasicExecutionRole managed policy (which allows
 * every log group in the account). The function's id is `Default`, so its
 * logical id (and those of what is attached to it: event sources,
 * permissions) is the construct's own, as when it was the construct.
 */
import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FUNCTION_DEFAULTS } from '../defaults.ts';

/** Properties of {@link DropwireFunction}. */
export interface DropwireFunctionProps {
  /** The handler module, e.g. `functions/ingest/handler.ts`. */
  readonly entry: string;
  /** What the function does, for the console. */
  readonly description: string;
  /**
   * Environment variables (read by `functions/config.ts`).
   * @default only `AWS_NODEJS_CONNECTION_REUSE_ENABLED`
   */
  readonly environment?: Readonly<Record<string, string>> | undefined;
  /**
   * Memory in MB; CPU scales with it.
   * @default 1024 (`FUNCTION_DEFAULTS.memorySize`)
   */
  readonly memorySize?: number | undefined;
  /**
   * Timeout.
   * @default 30 seconds (`FUNCTION_DEFAULTS.timeout`)
   */
  readonly timeout?: Duration | undefined;
  /**
   * How long logs are kept.
   * @default one month (`FUNCTION_DEFAULTS.logRetention`)
   */
  readonly logRetention?: RetentionDays | undefined;
}

/** The `node:http` stand-in the bundles use (see its module doc). */
const NODE_HTTP_SHIM = fileURLToPath(
  new URL('../../functions/shared/node-http.ts', import.meta.url)
);

/** A Dropwire Lambda function, with its log group and role. */
export class DropwireFunction extends Construct {
  /** The function. */
  public readonly lambdaFunction: NodejsFunction;
  /** Its execution role: its own log group, plus what grants add. */
  public readonly role: Role;
  /** Where it logs. */
  public readonly logGroup: LogGroup;

  public constructor(
    scope: Construct,
    id: string,
    props: DropwireFunctionProps
  ) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? FUNCTION_DEFAULTS.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${id}`,
    });
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      })
    );
    this.lambdaFunction = new NodejsFunction(this, 'Default', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? FUNCTION_DEFAULTS.memorySize,
      timeout: props.timeout ?? FUNCTION_DEFAULTS.timeout,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: false,
        keepNames: true,
        esbuildArgs: { '--alias:node:http': NODE_HTTP_SHIM },
        mainFields: ['module', 'main'],
        externalModules: [],
        // Some CommonJS dependencies call require(); give the ESM bundle one.
        banner:
          "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
    });
  }
}
