/**
 * The deployable artifact: the app synthesized with bundling, as `cdk
 * deploy` would upload it, and the Lambda functions in it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { DropwireFunction } from '../../lib/constructs/dropwire-function.ts';
import {
  DropwireStack,
  type DropwireStackProps,
} from '../../lib/dropwire-stack.ts';

/** A bundled function as the template describes it. */
export interface BundledFunction {
  readonly logicalId: string;
  /** The bundle's entry file (`index.mjs`) in the cloud assembly. */
  readonly entryFile: string;
  readonly handler: string;
  readonly runtime: string;
  /** Environment variables, with CloudFormation references left as objects. */
  readonly environment: Readonly<Record<string, unknown>>;
}

/** Synthesizes the stack with bundling into a fresh folder. */
export function synthBundled(props: DropwireStackProps = {}): {
  outdir: string;
  functions: BundledFunction[];
} {
  const outdir = mkdtempSync(join(tmpdir(), 'dropwire-assembly-'));
  try {
    return {
      outdir,
      functions: bundledFunctions(
        outdir,
        (app) => new DropwireStack(app, 'Dropwire', props)
      ),
    };
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
}

/** The SDK-only bundles of bench:bundles, by name, with their entries. */
const SDK_BASELINES = {
  /** A DynamoDB client and one GetItem: the least a function can load. */
  dynamoDb: { id: 'DynamoDbOnly', entry: 'sdk-baseline-handler.ts' },
  /** The DynamoDB and S3 clients: what the ingest function needs per object. */
  dynamoDbAndS3: { id: 'DynamoDbAndS3', entry: 'sdk-baseline-s3-handler.ts' },
} as const;

/**
 * The SDK-only baselines (see their modules' docs), each bundled as a
 * DropwireFunction, so with exactly the functions' esbuild settings, into
 * `outdir`.
 */
export function synthSdkBaselines(
  outdir: string
): Record<keyof typeof SDK_BASELINES, BundledFunction> {
  const names = Object.keys(SDK_BASELINES) as (keyof typeof SDK_BASELINES)[];
  const bundled = bundledFunctions(outdir, (app) => {
    const stack = new Stack(app, 'SdkBaseline');
    for (const name of names) {
      const { id, entry } = SDK_BASELINES[name];
      new DropwireFunction(stack, id, {
        entry: fileURLToPath(new URL(entry, import.meta.url)),
        description: `SDK-only baseline of bench:bundles (${name})`,
      });
    }
    return stack;
  });
  return Object.fromEntries(
    names.map((name) => {
      const fn = bundled.find((f) =>
        f.logicalId.startsWith(SDK_BASELINES[name].id)
      );
      if (!fn) throw new Error(`the SDK baseline ${name} was not synthesized`);
      return [name, fn];
    })
  ) as Record<keyof typeof SDK_BASELINES, BundledFunction>;
}

function bundledFunctions(
  outdir: string,
  define: (app: App) => Stack
): BundledFunction[] {
  const app = new App({
    outdir,
    context: { 'aws:cdk:enable-asset-metadata': true },
  });
  const stack = define(app);
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as {
    Resources: Record<
      string,
      {
        Type: string;
        Properties: Record<string, unknown>;
        Metadata?: Record<string, unknown>;
      }
    >;
  };
  return Object.entries(template.Resources)
    .filter(
      ([, r]) =>
        r.Type === 'AWS::Lambda::Function' &&
        r.Metadata?.['aws:asset:is-bundled']
    )
    .map(([logicalId, r]) => {
      const handler = String(r.Properties.Handler);
      return {
        logicalId,
        handler,
        runtime: String(r.Properties.Runtime),
        entryFile: join(
          outdir,
          String(r.Metadata?.['aws:asset:path']),
          `${handler.split('.')[0]}.mjs`
        ),
        environment:
          (
            r.Properties.Environment as
              | { Variables?: Record<string, unknown> }
              | undefined
          )?.Variables ?? {},
      };
    });
}
