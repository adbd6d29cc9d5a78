/**
 * What each function may do: the one table its IAM grants are made from.
 *
 * Each function has a row per resource it uses, listing the AWS API calls
 * its code sends there, as SDK command names (`GetItem` for
 * `GetItemCommand`). A call that needs more than one IAM action, or another
 * one than its name, is written with what decides it:
 * `TransactWriteItems.Put` (IAM checks each operation in a transaction as
 * the single-item action: `dynamodb:PutItem`), `GetObject.VersionId` (a GET
 * of a version needs `s3:GetObjectVersion`). {@link IAM_ACTIONS} maps each
 * call to its actions; the constructs grant exactly those
 * ({@link grantCalls}), on the resource's ARN only.
 *
 * To let a function send a new command (say the ingest function deletes
 * items, or queries an index): add the call to its row here, and to
 * {@link IAM_ACTIONS} if it is new. tests/infra/permissions.test.ts holds
 * this table against both sides: it fails when the code of a function
 * (its bundle's modules) sends a command its rows lack, and when the
 * synthesized template grants an action the rows do not explain.
 */
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { INDEXES } from '../functions/store/table.ts';

/** Every call a function may make, and the IAM actions it needs. */
export const IAM_ACTIONS = {
  // DynamoDB. TransactGetItems and TransactWriteItems have no IAM action
  // of their own: IAM checks each item operation inside them.
  GetItem: ['dynamodb:GetItem'],
  BatchGetItem: ['dynamodb:BatchGetItem'],
  PutItem: ['dynamodb:PutItem'],
  UpdateItem: ['dynamodb:UpdateItem'],
  DeleteItem: ['dynamodb:DeleteItem'],
  Query: ['dynamodb:Query'],
  TransactGetItems: ['dynamodb:GetItem'],
  'TransactWriteItems.Put': ['dynamodb:PutItem'],
  'TransactWriteItems.Update': ['dynamodb:UpdateItem'],
  'TransactWriteItems.Delete': ['dynamodb:DeleteItem'],
  'TransactWriteItems.ConditionCheck': ['dynamodb:ConditionCheckItem'],
  // S3
  GetObject: ['s3:GetObject'],
  'GetObject.VersionId': ['s3:GetObjectVersion'],
  HeadObject: ['s3:GetObject'],
  /**
   * Not a call the code sends: without `s3:ListBucket` on the bucket, S3
   * answers a GET of a missing key with 403 AccessDenied instead of 404
   * NoSuchKey, and the function could not tell "deleted before it was
   * read" (a skip) from a broken grant (a retry).
   */
  'GetObject.NoSuchKey': ['s3:ListBucket'],
  // A bucket listing (`dropwire reprocess`, with the caller's credentials).
  ListObjects: ['s3:ListBucket'],
  // SQS
  SendMessage: ['sqs:SendMessage'],
  // IAM checks each message of a batch as a SendMessage.
  SendMessageBatch: ['sqs:SendMessage'],
} as const satisfies Record<string, readonly string[]>;

/** A call of {@link IAM_ACTIONS}. */
export type Call = keyof typeof IAM_ACTIONS;

/** The kinds of resource a function's calls go to. */
export type ResourceKind =
  /** The article table itself (its base key space). */
  | 'table'
  /** The table's global secondary indexes (`<table>/index/*`). */
  | 'tableIndexes'
  /** The table's `byFile` index only (an object's entries). */
  | 'byFileIndex'
  /** The drop bucket (bucket-level actions). */
  | 'bucket'
  /** Objects in the drop bucket (`<bucket>/*`). */
  | 'bucketObjects'
  /** The ingest queue. */
  | 'ingestQueue';

/** Which calls a function makes on which resources. */
export type FunctionCalls = Readonly<
  Partial<Record<ResourceKind, readonly Call[]>>
>;

/** The table: the calls of each function's code, per resource. */
export const FUNCTION_CALLS = {
  /** functions/ingest: reads uploads, writes articles and file records. */
  ingest: {
    table: [
      'GetItem',
      'PutItem',
      // A continuation's hand-off marked as sent (file-progress.ts).
      'UpdateItem',
      // The holders of a text (a consistent Query of its HASH# partition),
      // the claims on an article id (of its ARTICLE# partition).
      'Query',
      'TransactGetItems',
      'TransactWriteItems.Put',
      'TransactWriteItems.Update',
      'TransactWriteItems.Delete',
    ],
    // An object's entries, from the byFile index, when it is removed.
    byFileIndex: ['Query'],
    bucket: ['GetObject.NoSuchKey'],
    // HeadObject: whether an event's version is still the current one.
    bucketObjects: ['GetObject', 'GetObject.VersionId', 'HeadObject'],
    // Continuations: the rest of a long file, to its own queue; and the
    // reprocess requests of the claims on a removed URL-derived id.
    ingestQueue: ['SendMessage'],
  },
  /** functions/api: reads articles, file records and the listings. */
  read: {
    // GetItem: an article, a file record; Query: the month markers;
    // BatchGetItem: the articles of a page of `?file=`.
    table: ['GetItem', 'BatchGetItem', 'Query'],
    tableIndexes: ['Query'],
  },
} as const satisfies Record<string, FunctionCalls>;

/**
 * What `dropwire reprocess` (bin/cli/reprocess.ts) sends to a deployed
 * stack, with the caller's credentials: it lists the drop bucket and
 * sends to the ingest queue, nothing else. {@link reprocessPolicy} is the
 * policy a person needs for it (the README shows it).
 */
export const REPROCESS_CALLS = {
  bucket: ['ListObjects'],
  ingestQueue: ['SendMessageBatch'],
} as const satisfies FunctionCalls;

/** An IAM policy document, as JSON. */
export interface PolicyDocumentJson {
  readonly Version: '2012-10-17';
  readonly Statement: readonly {
    readonly Sid: string;
    readonly Effect: 'Allow';
    readonly Action: readonly string[];
    readonly Resource: string;
  }[];
}

/**
 * The IAM policy that lets a user or role run `dropwire reprocess`
 * against a stack: {@link REPROCESS_CALLS}' actions on the drop bucket and
 * the ingest queue only.
 *
 * @example reprocessPolicy('arn:aws:s3:::drop', 'arn:aws:sqs:eu-west-1:123456789012:ingest')
 */
export function reprocessPolicy(
  bucketArn: string,
  queueArn: string
): PolicyDocumentJson {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ListTheDropBucket',
        Effect: 'Allow',
        Action: actionsOf(REPROCESS_CALLS.bucket),
        Resource: bucketArn,
      },
      {
        Sid: 'SendToTheIngestQueue',
        Effect: 'Allow',
        Action: actionsOf(REPROCESS_CALLS.ingestQueue),
        Resource: queueArn,
      },
    ],
  };
}

/** A function of {@link FUNCTION_CALLS}. */
export type FunctionName = keyof typeof FUNCTION_CALLS;

/** The resources a function's calls go to, as the constructs hold them. */
export interface CallTargets {
  readonly table?: ITableV2 | undefined;
  readonly bucket?: IBucket | undefined;
  readonly ingestQueue?: IQueue | undefined;
}

/** The IAM actions of some calls, sorted, each once. */
export function actionsOf(calls: readonly Call[]): string[] {
  return [...new Set(calls.flatMap((call) => IAM_ACTIONS[call]))].sort();
}

/**
 * Grants `grantee` the IAM actions of `calls`, each on its resource's ARN
 * only.
 *
 * @throws Error (at synthesis) if a row names a resource not given
 */
export function grantCalls(
  grantee: IGrantable,
  calls: FunctionCalls,
  targets: CallTargets
): void {
  const arnsOf: Record<ResourceKind, () => string[] | undefined> = {
    table: () => targets.table && [targets.table.tableArn],
    tableIndexes: () => targets.table && [`${targets.table.tableArn}/index/*`],
    byFileIndex: () =>
      targets.table && [`${targets.table.tableArn}/index/${INDEXES.byFile}`],
    bucket: () => targets.bucket && [targets.bucket.bucketArn],
    bucketObjects: () => targets.bucket && [targets.bucket.arnForObjects('*')],
    ingestQueue: () => targets.ingestQueue && [targets.ingestQueue.queueArn],
  };
  for (const [kind, kindCalls] of Object.entries(calls) as [
    ResourceKind,
    readonly Call[],
  ][]) {
    const resourceArns = arnsOf[kind]();
    if (!resourceArns) {
      throw new Error(
        `grantCalls: calls on "${kind}" need that resource in the targets; got ${Object.keys(targets).join(', ') || 'none'}`
      );
    }
    Grant.addToPrincipal({
      grantee,
      actions: actionsOf(kindCalls),
      resourceArns,
    });
  }
}
