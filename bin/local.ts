#!/usr/bin/env node
/**
 * `npm start`: the whole pipeline on this machine.
 *
 * Starts the local stack (S3 and DynamoDB servers, event bridge, queue,
 * ingest handler, read API, drop folder), prints where everything is, then
 * one line per processed file. Ctrl-C stops it all.
 */
import { startLocalStack } from './local/local-stack.ts';
import { LOCAL_HELP, parseLocalArgs } from './local/options.ts';

async function main(): Promise<void> {
  const command = parseLocalArgs(process.argv.slice(2));
  if (command.help) {
    process.stdout.write(LOCAL_HELP);
    return;
  }
  const started = performance.now();
  const stack = await startLocalStack(command.options);
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
