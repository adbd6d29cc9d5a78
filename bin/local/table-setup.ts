/**
 * The local table: created from the stack's definition, and brought up to
 * it when a data folder from an older version lacks an index (as
 * `cdk deploy` adds one to the deployed table).
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  createTableInput,
  INDEXES,
  indexInput,
  TABLE_DEFINITION,
} from '../../functions/store/table.ts';

/**
 * Creates the table unless it exists, and adds the indexes of the
 * definition it lacks. Items written before an index existed are in it
 * only if they carry its keys (file records written by older versions do
 * not, until their file is processed again).
 *
 * @returns the names of the indexes it added
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string
): Promise<string[]> {
  let present: Set<string | undefined>;
  try {
    const { Table } = await client.send(
      new DescribeTableCommand({ TableName: tableName })
    );
    present = new Set(
      (Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName)
    );
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ResourceNotFoundException')
      throw error;
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    await enableTimeToLive(client, tableName);
    return [];
  }
  const added: string[] = [];
  // One index per UpdateTable call, as DynamoDB requires.
  for (const index of TABLE_DEFINITION.indexes) {
    if (present.has(index.name)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: [index.partitionKey, index.sortKey].map(
          (name) => ({ AttributeName: name, AttributeType: 'S' })
        ),
        GlobalSecondaryIndexUpdates: [{ Create: indexInput(index) }],
      })
    );
    added.push(index.name);
  }
  // A folder from before tombstones lacks the `byFile` index and the TTL.
  if (added.includes(INDEXES.byFile)) await enableTimeToLive(client, tableName);
  return added;
}

/**
 * Turns on the table's TTL attribute, as the stack does. dynalite has no
 * TTL: there, expired tombstones stay on disk, and reads treat them as
 * gone all the same (`ArticleStore` checks `expiresAt`).
 */
async function enableTimeToLive(
  client: DynamoDBClient,
  tableName: string
): Promise<void> {
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: {
          AttributeName: TABLE_DEFINITION.timeToLiveAttribute,
          Enabled: true,
        },
      })
    );
  } catch (error) {
    if (!(error instanceof Error) || !/UnknownOperation/u.test(error.name))
      throw error;
  }
}
