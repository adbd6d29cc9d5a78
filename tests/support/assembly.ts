/**
 * The deployable artifact: the app synthesized with bundling, as `cdk
 * deploy` would upload it, and the Lambda functions in it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
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
    return { outdir, functions: bundledFunctions(outdir, props) };
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  }
}

function bundledFunctions(
  outdir: string,
  props: DropwireStackProps
): BundledFunction[] {
  const app = new App({
    outdir,
    context: { 'aws:cdk:enable-asset-metadata': true },
  });
  const stack = new DropwireStack(app, 'Dropwire', props);
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
