/**
 * Synthesis for the infra tests: the stack as a CloudFormation template,
 * without bundling (the `aws:cdk:bundling-stacks` context), so assertions
 * run in seconds; tests/integration/bundled-functions.test.ts builds and
 * runs the real bundles.
 */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  DropwireStack,
  type DropwireStackProps,
} from '../../lib/dropwire-stack.ts';
import { fileTempDir } from './temp-dir.ts';

/**
 * A synthesizer whose apps write into one folder, removed after the calling
 * test file. Call at the top level of a test file.
 */
export function stackSynthesizer() {
  const cdkOut = fileTempDir('cdk');
  /** A new, empty app (with `context`) whose output goes into the folder. */
  const app = (context: Record<string, unknown> = {}) =>
    new App({ outdir: mkdtempSync(join(cdkOut, 'app-')), context });
  /** The stack with `props`, synthesized without bundling. */
  const synth = (
    props: DropwireStackProps = {},
    context: Record<string, unknown> = {}
  ) => {
    const stackApp = app({ 'aws:cdk:bundling-stacks': [], ...context });
    const stack = new DropwireStack(stackApp, 'Dropwire', props);
    return { app: stackApp, stack, template: Template.fromStack(stack) };
  };
  return { app, synth };
}

/** Every statement of the inline policies whose logical ids start so. */
export function statementsOf(
  template: Template,
  roleLogicalIdPrefix: string
): Record<string, unknown>[] {
  return Object.entries(template.findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith(roleLogicalIdPrefix))
    .flatMap(
      ([, policy]) =>
        policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]
    );
}
