#!/usr/bin/env node
/**
 * The CDK app: creates the App and the stack, and applies cdk-nag.
 *
 * `npx cdk synth` / `npx cdk deploy` run this file with Node 24 (cdk.json).
 * Configuration comes from CDK context (`-c name=value` or cdk.json):
 * see `stackPropsFromContext` in lib/app-config.ts and the README.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stackPropsFromContext } from '../lib/app-config.ts';
import { DropwireStack } from '../lib/dropwire-stack.ts';

const app = new App();
new DropwireStack(app, 'Dropwire', stackPropsFromContext(app));
// Every AwsSolutions finding is fixed or acknowledged next to its resource;
// an unacknowledged one stops synthesis.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
