/**
 * ArticleTable in the synthesized stack.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, it } from 'vitest';
import { TABLE_DEFINITION } from '../../../functions/store/table.ts';
import { stackSynthesizer } from '../../support/synth.ts';

const { synth } = stackSynthesizer();
const { template } = synth();

describe('Stack: article table', () => {
  it('is on demand, recoverable and protected, with the store’s keys and indexes', () => {
    // Assess
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: TABLE_DEFINITION.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_DEFINITION.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE_DEFINITION.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: {
          ProjectionType: 'INCLUDE',
          NonKeyAttributes: [...TABLE_DEFINITION.projectedAttributes],
        },
      })),
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: {
            PointInTimeRecoveryEnabled: true,
          },
          DeletionProtectionEnabled: true,
        }),
      ],
    });
  });
});
