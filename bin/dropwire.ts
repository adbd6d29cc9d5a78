#!/usr/bin/env node
/**
 * The CDK app: creates the App and the stack, nothing else.
 *
 * `npx cdk synth` / `npx cdk deploy` run this file with Node 24 (cdk.json).
 */
import { App } from 'aws-cdk-lib';
import { DropwireStack } from '../lib/dropwire-stack.ts';

const app = new App();
new DropwireStack(app, 'Dropwire');
