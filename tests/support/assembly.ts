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

/** The SDK-only baseline's entry (see its module doc). */
const SDK_BASELINE_ENTRY = fileURLToPath(
  new URL('./sdk-baseline-handler.ts', import.meta.url)
);

/**
 * The SDK-only baseline (`sdk-baseline-handler.ts`: a DynamoDB client and
 * one GetItem), bundled as a DropwireFunction, so with exactly the
 * functions' esbuild settings, into `outdir`.
 */
export function synthSdkBaseline(outdir: string): BundledFunction {
  const [baseline] = bundledFunctions(outdir, (app) => {
    const stack = new Stack(app, 'SdkBaseline');
    new DropwireFunction(stack, 'SdkBaseline', {
      entry: SDK_BASELINE_ENTRY,
      description: 'SDK-only baseline of bench:bundles',
    });
    return stack;
  });
  if (!baseline) throw new Error('the SDK baseline stack has no function');
  return baseline;
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
