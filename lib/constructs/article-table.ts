/**
 * ArticleTable: the DynamoDB table, from the store's single definition.
 *
 * The key schema and indexes come from `functions/store/table.ts`, the same
 * definition the tests and local mode create tables from, so the deployed
 * table cannot drift from what the code was tested against.
 */
import type { RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  Billing,
  ProjectionType,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_DEFINITION } from '../../functions/store/table.ts';
import { TABLE_DEFAULTS } from '../defaults.ts';

/** Properties of {@link ArticleTable}. */
export interface ArticleTableProps {
  /**
   * Refuse `DeleteTable` until this is turned off.
   * @default true (`TABLE_DEFAULTS.deletionProtection`)
   */
  readonly deletionProtection?: boolean | undefined;
  /**
   * What happens to the table when it leaves the stack.
   * @default RemovalPolicy.RETAIN: articles outlive the stack
   */
  readonly removalPolicy?: RemovalPolicy | undefined;
}

/** The article table, on demand, with point-in-time recovery. */
export class ArticleTable extends Construct {
  /** The table. */
  public readonly table: TableV2;

  public constructor(
    scope: Construct,
    id: string,
    props: ArticleTableProps = {}
  ) {
    super(scope, id);
    const key = (name: string) => ({ name, type: AttributeType.STRING });
    this.table = new TableV2(this, 'Table', {
      partitionKey: key(TABLE_DEFINITION.partitionKey),
      sortKey: key(TABLE_DEFINITION.sortKey),
      billing: Billing.onDemand(),
      // Tombstones of removed articles and records of deleted files expire.
      timeToLiveAttribute: TABLE_DEFINITION.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection:
        props.deletionProtection ?? TABLE_DEFAULTS.deletionProtection,
      removalPolicy: props.removalPolicy ?? TABLE_DEFAULTS.removalPolicy,
      globalSecondaryIndexes: TABLE_DEFINITION.indexes.map((index) => ({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: ProjectionType.INCLUDE,
        nonKeyAttributes: [...index.projectedAttributes],
      })),
    });
  }
}
