/**
 * Counting the requests an SDK client sends, by command, with a middleware
 * on the real client (the request still goes to the real server). Tests
 * assert the counts; the benches print them per call.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * Counts every request `client` sends from now on, by command name
 * without `Command` (`Query`, `GetItem`, …), in the map it returns.
 */
export function countRequests(client: DynamoDBClient): Map<string, number> {
  const counts = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName).replace(/Command$/u, '');
      counts.set(name, (counts.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'count-requests' }
  );
  return counts;
}
