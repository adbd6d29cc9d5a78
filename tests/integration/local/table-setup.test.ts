/**
 * ensureTable against DynamoDB Local: a new table from the definition, and
 * an older table (without the file-listing index) brought up to it.
 */
import { randomUUID } from 'node:crypto';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { ensureTable } from '../../../bin/local/table-setup.ts';
import {
  createTableInput,
  INDEXES,
  TABLE_DEFINITION,
} from '../../../functions/store/table.ts';
import { localClients } from '../../support/aws.ts';

const { dynamoDb } = localClients();

async function indexNames(tableName: string): Promise<string[]> {
  const { Table } = await dynamoDb.send(
    new DescribeTableCommand({ TableName: tableName })
  );
  return (Table?.GlobalSecondaryIndexes ?? [])
    .map((index) => index.IndexName ?? '')
    .sort();
}

describe('Function: ensureTable', () => {
  it('creates a missing table with every index, and changes nothing the second time', async () => {
    // Prepare
    const tableName = `setup-${randomUUID()}`;

    // Act
    const first = await ensureTable(dynamoDb, tableName);
    const second = await ensureTable(dynamoDb, tableName);

    // Assess
    expect(first).toEqual([]);
    expect(second).toEqual([]);
    expect(await indexNames(tableName)).toEqual(
      TABLE_DEFINITION.indexes.map((index) => index.name).sort()
    );
    const { TimeToLiveDescription } = await dynamoDb.send(
      new DescribeTimeToLiveCommand({ TableName: tableName })
    );
    expect(TimeToLiveDescription).toMatchObject({
      AttributeName: 'expiresAt',
      TimeToLiveStatus: 'ENABLED',
    });
  });

  it('adds the index an older table lacks', async () => {
    // Prepare
    const tableName = `setup-${randomUUID()}`;
    const current = createTableInput(tableName);
    await dynamoDb.send(
      new CreateTableCommand({
        ...current,
        AttributeDefinitions: current.AttributeDefinitions?.filter(
          (a) => !a.AttributeName?.startsWith('gsi3')
        ),
        GlobalSecondaryIndexes: current.GlobalSecondaryIndexes?.filter(
          (index) => index.IndexName !== INDEXES.byFileTime
        ),
      })
    );

    // Act
    const added = await ensureTable(dynamoDb, tableName);

    // Assess
    expect(added).toEqual([INDEXES.byFileTime]);
    expect(await indexNames(tableName)).toContain(INDEXES.byFileTime);
  });
});
