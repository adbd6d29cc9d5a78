/**
 * The SDK-only baseline of the bundle bench: the least a function of this
 * stack can load, a DynamoDB client and one command. `bench:bundles`
 * bundles it with the functions' own settings (as a DropwireFunction) and
 * times its cold import beside theirs, so cold starts are quoted as ratios
 * measured in one run, not machine-dependent milliseconds.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

/** Reads one item: the command keeps the SDK's request path in the bundle. */
export const handler = async (event: { readonly id: string }) =>
  client.send(
    new GetItemCommand({
      TableName: process.env.TABLE_NAME,
      Key: { pk: { S: event.id } },
    })
  );
