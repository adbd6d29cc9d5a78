/**
 * A file record as its DynamoDB item, and back: the one place that adds
 * and removes the item's table attributes (keys, listing-index keys,
 * type, the chain of a file being read, the expiry of a deleted one).
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { FileRecord } from './file-record.ts';
import {
  fileKey,
  fileListingPartition,
  fileListingSortKey,
  KEYS,
  TTL_ATTRIBUTE,
} from './table.ts';

/**
 * Attributes of a file-record item that are not FileRecord fields; `chain`
 * is the state of a file being read (see `file-progress.ts`).
 */
const FILE_ITEM_ONLY_ATTRIBUTES = [
  KEYS.partition,
  KEYS.sort,
  KEYS.filePartition,
  KEYS.fileSort,
  'type',
  'chain',
  TTL_ATTRIBUTE,
] as const;

/** The item of a file record, with `extra` table-only attributes. */
export function fileRecordItem(
  record: FileRecord,
  extra: Readonly<Record<string, unknown>> = {}
): Record<string, AttributeValue> {
  return marshall(
    {
      ...fileKey(record.bucket, record.key),
      type: 'file',
      [KEYS.filePartition]: fileListingPartition(record.bucket),
      [KEYS.fileSort]: fileListingSortKey(record),
      ...record,
      ...extra,
    },
    { removeUndefinedValues: true }
  );
}

/** The file record an item holds, table-only attributes left out. */
export function fileRecordFromItem(
  item: Record<string, AttributeValue>
): FileRecord {
  const record = unmarshall(item);
  for (const name of FILE_ITEM_ONLY_ATTRIBUTES) delete record[name];
  return record as FileRecord;
}

/** Whether `error` is a failed condition of a single-item write. */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof Error && error.name === 'ConditionalCheckFailedException'
  );
}
