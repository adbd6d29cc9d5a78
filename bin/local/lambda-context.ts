/**
 * Lambda invocation contexts for code that calls the handlers outside
 * Lambda: local mode and the tests.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/** Options of {@link invocationContext}. */
export interface InvocationContextOptions {
  /** e.g. `dropwire-ingest`. */
  readonly functionName: string;
  /** @default a random UUID */
  readonly requestId?: string;
  /** The invocation's time limit, counted from now. @default 30 s */
  readonly timeoutMs?: number;
  /** @default '1024' */
  readonly memoryLimitInMB?: string;
}

/** A context as the Lambda runtime passes it, with a real deadline. */
export function invocationContext(options: InvocationContextOptions): Context {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: options.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${options.functionName}`,
    memoryLimitInMB: options.memoryLimitInMB ?? '1024',
    awsRequestId: options.requestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${options.functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => deadline - Date.now(),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
