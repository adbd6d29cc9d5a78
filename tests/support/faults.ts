/**
 * Fault injection for faults a real server cannot be made to produce on
 * demand (throttling of chosen requests, a precondition race). The real
 * client still talks to the real local server for every other request; a
 * middleware throws the error an AWS service would return, before the
 * request leaves the client.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';

/** An error shaped like the one an AWS service returns. */
export function serviceError(
  name: string,
  message: string,
  httpStatusCode: number
): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, attempts: 1 },
  });
}

/**
 * Makes `client` fail every request whose input matches `when`, with the
 * error `error()` builds. Returns a function that removes the fault.
 */
export function injectFault(
  client: DynamoDBClient | S3Client,
  when: (input: Record<string, unknown>, commandName: string) => boolean,
  error: () => Error
): () => void {
  const name = `fault-${Math.random().toString(36).slice(2)}`;
  const stack = client.middlewareStack as DynamoDBClient['middlewareStack'];
  stack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      if (when(input, String(context.commandName))) throw error();
      return next(args);
    },
    { step: 'initialize', name }
  );
  return () => {
    stack.remove(name);
  };
}

/** Whether a request mentions `text` anywhere in its input (keys, items). */
export function mentions(input: unknown, text: string): boolean {
  return JSON.stringify(input).includes(text);
}
