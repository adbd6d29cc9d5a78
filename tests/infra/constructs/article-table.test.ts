/**
 * ArticleTable in the synthesized stack: the keys and indexes the store
 * reads by, written out, and the same table local mode and the tests make.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createTableInput } from '../../../functions/store/table.ts';
import { stackSynthesizer } from '../../support/synth.ts';

const { synth } = stackSynthesizer();
const { template } = synth();

/** What a listing returns, and `ingestedAt`, which orders undated articles. */
const SUMMARY_ATTRIBUTES = [
  'id',
  'title',
  'standfirst',
  'publisher',
  'authors',
  'publishedAt',
  'url',
  'language',
  'wordCount',
  'ingestedAt',
];

/** What a file listing returns: all of a record but its ids and problems. */
const FILE_SUMMARY_ATTRIBUTES = [
  'bucket',
  'key',
  'status',
  'reason',
  'counts',
  'format',
  'sizeBytes',
  'uploadedAt',
  'processedAt',
];

const index = (
  name: string,
  partitionKey: string,
  sortKey: string,
  projected: readonly string[] = SUMMARY_ATTRIBUTES
) => ({
  IndexName: name,
  KeySchema: [
    { AttributeName: partitionKey, KeyType: 'HASH' },
    { AttributeName: sortKey, KeyType: 'RANGE' },
  ],
  Projection: {
    ProjectionType: 'INCLUDE',
    NonKeyAttributes: projected,
  },
});

const KEY_SCHEMA = [
  { AttributeName: 'pk', KeyType: 'HASH' },
  { AttributeName: 'sk', KeyType: 'RANGE' },
];
const INDEXES = [
  index('byTime', 'gsi1pk', 'gsi1sk'),
  index('byPublisher', 'gsi2pk', 'gsi2sk'),
  index('byFileTime', 'gsi3pk', 'gsi3sk', FILE_SUMMARY_ATTRIBUTES),
  index('byFile', 'gsi4pk', 'gsi4sk', ['duplicateOf']),
];

describe('Stack: article table', () => {
  it('is on demand, recoverable and protected, with the store’s keys and indexes', () => {
    // Assess
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: KEY_SCHEMA,
      AttributeDefinitions: [
        'pk',
        'sk',
        'gsi1pk',
        'gsi1sk',
        'gsi2pk',
        'gsi2sk',
        'gsi3pk',
        'gsi3sk',
        'gsi4pk',
        'gsi4sk',
      ].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      GlobalSecondaryIndexes: INDEXES,
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
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

  it('has the keys and indexes of the table local mode and the tests create', () => {
    // Act
    const local = createTableInput('articles');

    // Assess
    expect(local.BillingMode).toBe('PAY_PER_REQUEST');
    expect(local.KeySchema).toEqual(KEY_SCHEMA);
    expect(local.GlobalSecondaryIndexes).toEqual(INDEXES);
  });
});
