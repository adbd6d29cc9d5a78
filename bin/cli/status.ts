/**
 * `dropwire status <key>`: what became of an uploaded file (its file
 * record), from the local stack or, with `--table` and `--bucket`, from AWS.
 */
import { ArticleStore } from '../../functions/store/article-store.ts';
import { createDynamoDbClient } from '../../functions/store/clients.ts';
import type { FileRecord } from '../../functions/store/file-record.ts';
import { LOCAL_CREDENTIALS } from '../local/servers.ts';
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
    const store = new ArticleStore({
      client: createDynamoDbClient({
        region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
      }),
      tableName: options.table,
    });
    return store.getFileRecord(options.bucket, options.key);
  }
  const state = readLocalState(options.dataDir);
  const store = new ArticleStore({
    client: createDynamoDbClient({
      region: 'us-east-1',
      dynamoDbEndpoint: state.dynamoDbEndpoint,
      credentials: LOCAL_CREDENTIALS,
    }),
    tableName: state.tableName,
  });
  return store.getFileRecord(state.bucket, options.key);
}
