/**
 * `dropwire status <key>`: what became of an uploaded file (its file
 * record), from the local stack or, with `--table` and `--bucket`, from AWS.
 */
import { readStore } from '../../functions/api/dependencies.ts';
import { createDynamoDbClient } from '../../functions/store/clients.ts';
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
