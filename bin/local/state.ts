/**
 * What a running local stack tells other processes (the CLI): written as
 * `local.json` in its data folder at start, removed at stop.
 */

/** The drop bucket's name in local mode. */
export const LOCAL_BUCKET = 'dropwire-drop';
/** The article table's name in local mode. */
export const LOCAL_TABLE = 'dropwire-articles';
/** The ingest queue's name in local mode (its URL is `queueUrl`). */
export const LOCAL_QUEUE = 'dropwire-ingest';
/** The data folder `npm start` uses unless told otherwise. */
export const DEFAULT_DATA_DIR = '.dropwire';
/** The state file's name inside the data folder. */
export const STATE_FILE = 'local.json';

/** Where the pieces of a running local stack are. */
export interface LocalStackInfo {
  readonly pid: number;
  readonly apiUrl: string;
  readonly s3Endpoint: string;
  readonly dynamoDbEndpoint: string;
  /**
   * The ingest queue's URL, on its loopback SQS endpoint
   * (`queue-endpoint.ts`): what `dropwire reprocess` sends to.
   */
  readonly queueUrl: string;
  readonly dynamoDbEngine: 'dynamodb-local' | 'dynalite';
  readonly bucket: string;
  readonly tableName: string;
  readonly dataDir: string;
  readonly dropDir: string;
}
