/**
 * DropwireFunction: a Lambda function with Dropwire's defaults in one place.
 *
 * Node 24 on arm64 (cheaper per GB-second than x86), its code bundled at
 * synth time by the local esbuild (no Docker) with the settings of
 * `function-bundle.ts`: minified ESM, the AWS SDK bundled, code split so
 * that what a handler imports lazily stays out of the cold start; and a
 * log group of its own with a retention.
 *
 * The construct holds the function, its log group and its role, each in
 * its own scope: the role may write to that log group only, instead of
 * carrying the AWSLambdaBasicExecutionRole managed policy (which allows
 * every log group in the account). The function's id is `Default`, so its
 * logical id (and those of what is attached to it: event sources,
 * permissions) is the construct's own, as when it was the construct.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AssetHashType,
  DockerImage,
  type Duration,
  RemovalPolicy,
} from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  Code,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FUNCTION_DEFAULTS } from '../defaults.ts';
import { BUNDLE_ENTRY_NAME, FunctionBundler } from './function-bundle.ts';

/** Properties of {@link DropwireFunction}. */
export interface DropwireFunctionProps {
  /**
   * The handler module, e.g. `functions/ingest/handler.ts` (relative to
   * the repository root, or absolute); it exports `handler`.
   */
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

/**
 * The asset's source folder: CDK needs one, and the bundler reads the
 * handler and its imports (node_modules included) from under it.
 */
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A Dropwire Lambda function, with its log group and role. */
export class DropwireFunction extends Construct {
  /** The function. */
  public readonly lambdaFunction: LambdaFunction;
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
    this.lambdaFunction = new LambdaFunction(this, 'Default', {
      code: Code.fromAsset(PROJECT_ROOT, {
        // The hash of the bundle, not of the project folder.
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          local: new FunctionBundler(resolve(PROJECT_ROOT, props.entry)),
          // Never pulled: local bundling always succeeds or fails the synth.
          image: DockerImage.fromRegistry('unused-local-bundling-only'),
        },
      }),
      handler: `${BUNDLE_ENTRY_NAME}.handler`,
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
    });
  }
}
