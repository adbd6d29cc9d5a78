/**
 * Transactions for dynalite, the pure-JavaScript DynamoDB fallback.
 *
 * dynalite (used when Java is missing) does not implement TransactGetItems
 * or TransactWriteItems, which the article store relies on. This SDK
 * middleware, added to the local client only, performs them with the
 * operations dynalite does have:
 * - TransactGetItems: one consistent GetItem per item;
 * - TransactWriteItems: under a process-wide lock, each write in order with
 *   its own condition; if one fails its condition, the writes already made
 *   are undone from before-images, and the call fails with the
 *   TransactionCanceledException (and per-item CancellationReasons) that
 *   DynamoDB would return.
 * Atomic against other transactions of this process, which is the only
 * writer in local mode; never used against AWS or DynamoDB Local.
 */
import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  type TransactGetItemsCommandInput,
  TransactionCanceledException,
  type TransactWriteItem,
  type TransactWriteItemsCommandInput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';

type Key = Record<string, AttributeValue>;

/** Serialises emulated transactions. */
let lock: Promise<unknown> = Promise.resolve();

/** Adds transaction emulation to a client that talks to dynalite. */
export function emulateTransactions(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactGetItemsCommand') {
        const output = await transactGet(
          client,
          args.input as TransactGetItemsCommandInput
        );
        return { output, response: {} };
      }
      if (context.commandName === 'TransactWriteItemsCommand') {
        const run = lock.then(() =>
          transactWrite(client, args.input as TransactWriteItemsCommandInput)
        );
        lock = run.catch(() => undefined);
        return { output: await run, response: {} };
      }
      return next(args);
    },
    { step: 'initialize', name: 'emulate-transactions' }
  );
}

async function transactGet(
  client: DynamoDBClient,
  input: TransactGetItemsCommandInput
) {
  const responses = await Promise.all(
    (input.TransactItems ?? []).map(async ({ Get }) => {
      if (!Get) throw new Error('TransactGetItems emulation supports Get only');
      const { Item } = await client.send(
        new GetItemCommand({
          TableName: Get.TableName,
          Key: Get.Key,
          ConsistentRead: true,
          ...(Get.ProjectionExpression
            ? { ProjectionExpression: Get.ProjectionExpression }
            : {}),
          ...(Get.ExpressionAttributeNames
            ? { ExpressionAttributeNames: Get.ExpressionAttributeNames }
            : {}),
        })
      );
      return Item ? { Item } : {};
    })
  );
  return { Responses: responses, $metadata: {} };
}

interface Applied {
  readonly tableName: string;
  readonly key: Key;
  readonly before: Record<string, AttributeValue> | undefined;
}

async function transactWrite(
  client: DynamoDBClient,
  input: TransactWriteItemsCommandInput
) {
  const items = input.TransactItems ?? [];
  const applied: Applied[] = [];
  for (const [index, item] of items.entries()) {
    const { tableName, key } = target(item);
    const { Item: before } = await client.send(
      new GetItemCommand({
        TableName: tableName,
        Key: key,
        ConsistentRead: true,
      })
    );
    try {
      await write(client, item);
      applied.push({ tableName, key, before });
    } catch (error) {
      await undo(client, applied);
      if (
        error instanceof Error &&
        error.name === 'ConditionalCheckFailedException'
      ) {
        throw new TransactionCanceledException({
          message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${items
            .map((_, i) => (i === index ? 'ConditionalCheckFailed' : 'None'))
            .join(', ')}]`,
          $metadata: {},
          CancellationReasons: items.map((_, i) =>
            i === index
              ? {
                  Code: 'ConditionalCheckFailed',
                  Message: 'The conditional request failed',
                }
              : { Code: 'None' }
          ),
        });
      }
      throw error;
    }
  }
  return { $metadata: {} };
}

function target(item: TransactWriteItem): { tableName: string; key: Key } {
  if (item.Put) {
    return {
      tableName: item.Put.TableName as string,
      key: keyOf(item.Put.Item ?? {}),
    };
  }
  const op = item.Delete ?? item.Update;
  if (!op)
    throw new Error(
      'TransactWriteItems emulation supports Put, Delete and Update'
    );
  return { tableName: op.TableName as string, key: op.Key as Key };
}

/** The article table's key attributes, the only table local mode has. */
function keyOf(item: Record<string, AttributeValue>): Key {
  return { pk: item.pk as AttributeValue, sk: item.sk as AttributeValue };
}

async function write(
  client: DynamoDBClient,
  item: TransactWriteItem
): Promise<void> {
  if (item.Put) await client.send(new PutItemCommand(item.Put));
  else if (item.Delete) await client.send(new DeleteItemCommand(item.Delete));
  else if (item.Update) await client.send(new UpdateItemCommand(item.Update));
  else throw new Error('unsupported transaction item');
}

async function undo(
  client: DynamoDBClient,
  applied: readonly Applied[]
): Promise<void> {
  for (const { tableName, key, before } of [...applied].reverse()) {
    if (before) {
      await client.send(
        new PutItemCommand({ TableName: tableName, Item: before })
      );
    } else {
      await client.send(
        new DeleteItemCommand({ TableName: tableName, Key: key })
      );
    }
  }
}
