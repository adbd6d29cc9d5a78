/**
 * The ingest function's SDK floor in the bundle bench: the DynamoDB and
 * S3 clients it needs for every object, one command each, and nothing
 * else. `bench:bundles` prints the ingest function's cold import against
 * it beside the DynamoDB-only baseline (`sdk-baseline-handler.ts`): what
 * is left between the two is Dropwire's own cold start.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';

const dynamoDb = new DynamoDBClient({});
const s3 = new S3Client({});

/** Reads one object and one item: both clients' request paths stay bundled. */
export const handler = async (event: { readonly key: string }) =>
  Promise.all([
    s3.send(
      new GetObjectCommand({ Bucket: process.env.BUCKET, Key: event.key })
    ),
    dynamoDb.send(
      new GetItemCommand({
        TableName: process.env.TABLE_NAME,
        Key: { pk: { S: event.key } },
      })
    ),
  ]);
