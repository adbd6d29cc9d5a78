/**
 * `dropwire status <key>`: what became of an uploaded file (its file
 * record), from the local stack or, with `--table` and `--bucket`, from AWS.
 */
import { readStore } from '../../functions/api/dependencies.ts';
import { createDynamoDbClient } from '../../functions/store/clients.ts';
import { PROCESSING_STALE_MS } from '../../functions/store/file-progress.ts';
import type { FileRecord } from '../../functions/store/file-record.ts';
import { localClientOptions } from '../local/servers.ts';
import { readLocalState } from './local-state.ts';

/** Options of {@link statusCommand}. */
export interface StatusOptions {
  readonly key: string;
  readonly bucket?: string | undefined;
  readonly table?: string | undefined;
  readonly region?: string | undefined;
  readonly dataDir?: string | undefined;
}

/** The file record of `key`, or undefined if the file was never processed. */
export async function statusCommand(
  options: StatusOptions
): Promise<FileRecord | undefined> {
  if (Boolean(options.bucket) !== Boolean(options.table)) {
    throw new Error(
      '--bucket and --table go together (for AWS); give both or neither'
    );
  }
  if (options.bucket && options.table) {
    const dynamoDb = createDynamoDbClient({
      region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
    });
    return readStore({ dynamoDb }, { tableName: options.table }).getFileRecord(
      options.bucket,
      options.key
    );
  }
  const state = readLocalState(options.dataDir);
  const dynamoDb = createDynamoDbClient(
    localClientOptions({ dynamoDbEndpoint: state.dynamoDbEndpoint })
  );
  return readStore({ dynamoDb }, { tableName: state.tableName }).getFileRecord(
    state.bucket,
    options.key
  );
}

/**
 * A line about a file being read, for people (standard error), or
 * undefined for a finished one: how far it has come since when, and
 * whether it has stalled (no progress for {@link PROCESSING_STALE_MS}: its
 * message most likely failed every retry without the file being marked,
 * so look in the dead-letter queue).
 */
export function processingNote(
  record: FileRecord,
  now: Date = new Date()
): string | undefined {
  if (record.status !== 'processing') return undefined;
  const entries = record.progress?.entries ?? record.counts.found;
  const invocation = record.progress?.invocations ?? 1;
  const since = record.startedAt ?? record.processedAt;
  const idleMs = now.getTime() - Date.parse(record.processedAt);
  const line = `processing since ${since}: ${entries} entries handled, ${record.counts.stored} stored (invocation ${invocation})`;
  if (!(idleMs > PROCESSING_STALE_MS)) return line;
  const minutes = Math.round(idleMs / 60_000);
  return `${line}; stalled: no progress for ${minutes} minutes (since ${record.processedAt}), so its message has most likely failed every retry: see the dead-letter queue`;
}
