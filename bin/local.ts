#!/usr/bin/env node
/**
 * `npm start`: the whole pipeline on this machine.
 *
 * Starts the local stack (S3 and DynamoDB servers, event bridge, queue,
 * ingest handler, read API, drop folder), prints where everything is, then
 * one line per processed file. Ctrl-C stops it all.
 */
import { parseArgs } from 'node:util';
import { startLocalStack } from './local/local-stack.ts';

const HELP = `npm start [-- options]: run Dropwire locally

Options:
  --api-port <port>   read API port (default 3000)
  --s3-port <port>    S3 endpoint port (default 4569)
  --data-dir <dir>    where data is kept (default ./.dropwire)
  --drop-dir <dir>    the watched drop folder (default ./drop)
  --dynamodb <engine> dynamodb-local | dynalite | auto (default auto:
                      DynamoDB Local when Java is installed)
  --reset             delete the data folder first
  -h, --help          show this help
`;

function port(
  value: string | undefined,
  fallback: number,
  name: string
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) {
    throw new Error(
      `--${name} is "${value}"; expected a port number (0 for any free port)`
    );
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'api-port': { type: 'string' },
      's3-port': { type: 'string' },
      'data-dir': { type: 'string', default: '.dropwire' },
      'drop-dir': { type: 'string', default: 'drop' },
      dynamodb: { type: 'string', default: 'auto' },
      reset: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const engine = values.dynamodb;
  if (
    engine !== 'auto' &&
    engine !== 'dynamodb-local' &&
    engine !== 'dynalite'
  ) {
    throw new Error(
      `--dynamodb is "${engine}"; expected dynamodb-local, dynalite or auto`
    );
  }
  const started = performance.now();
  const stack = await startLocalStack({
    dataDir: values['data-dir'],
    dropDir: values['drop-dir'],
    apiPort: port(values['api-port'], 3000, 'api-port'),
    s3Port: port(values['s3-port'], 4569, 's3-port'),
    reset: values.reset,
    dynamoDb: engine,
  });
  console.log(
    [
      '',
      `Dropwire is running locally (ready in ${Math.round(performance.now() - started)} ms)`,
      `  console      ${stack.apiUrl}/   open it in a browser`,
      `  API          ${stack.apiUrl}   try: curl ${stack.apiUrl}/articles`,
      `  S3 endpoint  ${stack.s3Endpoint}   bucket: ${stack.bucket}   (credentials S3RVER/S3RVER)`,
      `  drop folder  ${stack.dropDir}   copy files here, or: npx dropwire upload <files>`,
      `  data         ${stack.dataDir}   (DynamoDB: ${stack.dynamoDbEngine})`,
      '',
      'Waiting for files. Ctrl-C stops.',
      '',
    ].join('\n')
  );
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(
    `dropwire: ${error instanceof Error ? error.message : String(error)}`
  );
  process.exitCode = 1;
});
