/**
 * Counts the DynamoDB writes a real client sends, by the kind of item they
 * touch: article items (`ARTICLE#…` keys) and file records (`FILE#…`). A
 * middleware on the client, so the count is of what reached the server,
 * operation by operation (each item of a transaction counts once).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Writes counted so far; the counter adds to it as requests are sent. */
export interface WriteCounts {
  article: number;
  file: number;
}

const WRITES = new Set([
  'TransactWriteItems',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
]);

/** The key items a write request touches, by their `pk`. */
function keysOf(input: Record<string, unknown>): string[] {
  const pkOf = (op: { Item?: unknown; Key?: unknown } | undefined) =>
    String(
      ((op?.Item ?? op?.Key) as { pk?: { S?: string } } | undefined)?.pk?.S
    );
  const transact = input.TransactItems as
    | Record<string, { Item?: unknown; Key?: unknown }>[]
    | undefined;
  if (transact) {
    return transact.flatMap((entry) =>
      Object.entries(entry)
        .filter(([kind]) => kind !== 'ConditionCheck')
        .map(([, op]) => pkOf(op))
    );
  }
  const batch = input.RequestItems as
    | Record<
        string,
        { PutRequest?: { Item?: unknown }; DeleteRequest?: { Key?: unknown } }[]
      >
    | undefined;
  if (batch) {
    return Object.values(batch).flatMap((requests) =>
      requests.map((request) =>
        pkOf({
          Item: request.PutRequest?.Item,
          Key: request.DeleteRequest?.Key,
        })
      )
    );
  }
  return [pkOf(input as { Item?: unknown; Key?: unknown })];
}

/** Counts the writes `client` sends, of article items and of file records. */
export function countWrites(client: DynamoDBClient): WriteCounts {
  const counts = { article: 0, file: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName).replace(/Command$/u, '');
      if (WRITES.has(name)) {
        for (const pk of keysOf(args.input as Record<string, unknown>)) {
          if (pk.startsWith('ARTICLE#')) counts.article++;
          if (pk.startsWith('FILE#')) counts.file++;
        }
      }
      return next(args);
    },
    { step: 'initialize', name: 'count-writes' }
  );
  return counts;
}
