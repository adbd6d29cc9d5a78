/**
 * The deployable artifact, exercised: `npx cdk synth` (offline, with
 * cdk-nag) builds the cloud assembly; each bundled function is imported
 * from it in a fresh Node 24 process, with the environment the template
 * gives it (references replaced by the local servers), and run: the seed
 * through the bundled ingest function, then a GET through the bundled read
 * function. This catches what unit tests cannot: ESM/CommonJS mix-ups, a
 * module the bundle lost, configuration the template forgot.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { proxyEvent } from '../../functions/api/proxy-event.ts';
import {
  createTestBucket,
  createTestTable,
  lambdaContext,
  localClients,
  sqsEvent,
  sqsRecord,
  upload,
} from '../support/aws.ts';
import { REPO_ROOT, SEED_PATH } from '../support/paths.ts';
import { fileTempDir } from '../support/temp-dir.ts';

const run = promisify(execFile);

interface TemplateFunction {
  readonly logicalId: string;
  readonly bundle: string;
  readonly runtime: string;
  readonly environment: Record<string, unknown>;
}

interface TemplateResource {
  readonly Type: string;
  readonly Properties: {
    readonly Runtime?: string;
    readonly Environment?: { readonly Variables?: Record<string, unknown> };
  };
  readonly Metadata?: Readonly<Record<string, unknown>>;
}

/** What a handler returned, as the runner prints it. */
interface HandlerResult {
  readonly statusCode?: number;
  readonly body?: string;
  readonly batchItemFailures?: unknown[];
}

let functions: TemplateFunction[] = [];
const { s3, dynamoDb } = localClients();
let tableName: string;
let bucket: string;

const outdir = fileTempDir('cdk-out');

beforeAll(async () => {
  await run(
    process.execPath,
    [
      join(REPO_ROOT, 'node_modules/aws-cdk/bin/cdk'),
      'synth',
      '--no-notices',
      '-q',
      '-o',
      outdir,
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
      timeout: 180_000,
    }
  );
  const template = JSON.parse(
    readFileSync(join(outdir, 'Dropwire.template.json'), 'utf8')
  ) as { Resources: Record<string, TemplateResource> };
  functions = Object.entries(template.Resources)
    .filter(
      ([, r]) =>
        r.Type === 'AWS::Lambda::Function' &&
        r.Metadata?.['aws:asset:is-bundled'] === true
    )
    .map(([logicalId, r]) => ({
      logicalId,
      bundle: join(outdir, String(r.Metadata?.['aws:asset:path']), 'index.mjs'),
      runtime: String(r.Properties.Runtime),
      environment: r.Properties.Environment?.Variables ?? {},
    }));
  [tableName, bucket] = await Promise.all([
    createTestTable(dynamoDb),
    createTestBucket(s3),
  ]);
}, 240_000);

/** Runs `handler(event, context)` of a bundle in a fresh Node process. */
async function invoke(
  fn: TemplateFunction,
  event: unknown
): Promise<HandlerResult> {
  const resolved: Record<string, string> = {
    TABLE_NAME: tableName,
    DROP_BUCKET_NAME: bucket,
    CURSOR_SECRET: 'c0ffee00-1234-5678-9abc-def012345678',
  };
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    S3_ENDPOINT: inject('s3Endpoint'),
    DYNAMODB_ENDPOINT: inject('dynamoDbEndpoint'),
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
  for (const [name, value] of Object.entries(fn.environment)) {
    env[name] = typeof value === 'string' ? value : (resolved[name] ?? '');
  }
  const script = `
    const { handler } = await import(${JSON.stringify(fn.bundle)});
    const result = await handler(JSON.parse(process.env.EVENT), JSON.parse(process.env.CONTEXT));
    process.stdout.write(JSON.stringify(result));`;
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', script],
    {
      env: {
        ...env,
        EVENT: JSON.stringify(event),
        CONTEXT: JSON.stringify(lambdaContext()),
      },
      timeout: 60_000,
    }
  );
  return JSON.parse(stdout) as HandlerResult;
}

function bundled(prefix: string): TemplateFunction {
  const fn = functions.find((f) => f.logicalId.startsWith(prefix));
  if (!fn) throw new Error(`no bundled function ${prefix}* in the assembly`);
  return fn;
}

describe('Artifact: bundled functions from `cdk synth`', () => {
  it('synthesizes offline, with cdk-nag, two Node 24 functions', () => {
    // Assess
    expect(functions.map((f) => f.runtime)).toEqual([
      'nodejs24.x',
      'nodejs24.x',
    ]);
  });

  it('ingests the seed with the bundled ingest function, then serves it with the bundled read function', async () => {
    // Prepare
    const object = await upload(s3, {
      Bucket: bucket,
      Key: 'artifact/seed.txt',
      Body: readFileSync(SEED_PATH),
    });

    // Act
    const ingested = await invoke(
      bundled('IngestIngestFunction'),
      sqsEvent(sqsRecord(object))
    );
    const file = await invoke(
      bundled('ReadReadFunction'),
      proxyEvent({ method: 'GET', path: '/files/artifact/seed.txt' })
    );
    const { articleIds } = JSON.parse(file.body ?? '{}') as {
      articleIds: string[];
    };
    const id = articleIds[0];
    const article = await invoke(
      bundled('ReadReadFunction'),
      proxyEvent({
        method: 'GET',
        path: `/articles/${id}`,
        headers: { accept: 'application/json' },
      })
    );

    // Assess
    expect(ingested).toEqual({ batchItemFailures: [] });
    expect(file.statusCode).toBe(200);
    expect(article.statusCode).toBe(200);
    expect(JSON.parse(article.body ?? '{}')).toMatchObject({
      title: 'Putin gives Kim Jong-un parting gifts as tour ends early',
      publisher: 'The Telegraph',
    });
  });
});
