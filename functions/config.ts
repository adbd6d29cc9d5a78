/**
 * Runtime configuration: read from the environment once, at cold start.
 *
 * The only module that reads `process.env`. Handlers call
 * {@link loadConfig} at module scope, so a missing or malformed variable
 * fails the cold start with a message naming it, instead of failing every
 * invocation later. Core code never sees the environment: it gets options.
 */
import { DEFAULT_MAX_STREAM_BYTES } from './core/limits.ts';

/** What the Lambda functions and local mode need to run. */
export interface RuntimeConfig {
  /** The article table. `TABLE_NAME`, required. */
  readonly tableName: string;
  /** AWS region. `AWS_REGION`. @default 'us-east-1' */
  readonly region: string;
  /**
   * S3 endpoint for local servers (s3rver). `S3_ENDPOINT`.
   * @default unset: the real S3 endpoint of the region
   */
  readonly s3Endpoint?: string | undefined;
  /**
   * DynamoDB endpoint for local servers. `DYNAMODB_ENDPOINT`.
   * @default unset: the real DynamoDB endpoint of the region
   */
  readonly dynamoDbEndpoint?: string | undefined;
  /**
   * Largest object the ingest function reads, in bytes. `MAX_OBJECT_BYTES`.
   * It is also the core's `maxStreamBytes` there: a streamed file (JSON
   * Lines, feed, zip) stops at this size as uploaded and as inflated.
   * Formats parsed whole (text, HTML, Markdown, JSON) still stop at the
   * core's 50 MiB input limit.
   * @default 1 GiB, the core's default streamed-file limit
   */
  readonly maxObjectBytes: number;
  /**
   * The ingest queue's URL, where the ingest function continues a file
   * that does not finish in one invocation. `INGEST_QUEUE_URL`.
   * @default unset: files are read to their end in one invocation
   */
  readonly ingestQueueUrl?: string | undefined;
  /**
   * Receives of an ingest message before SQS moves it to the dead-letter
   * queue (the queue's `maxReceiveCount`). `MAX_RECEIVE_COUNT`. A message
   * that fails its last receive marks its file `dead-letter`.
   * @default unset: files are never marked `dead-letter`
   */
  readonly maxReceiveCount?: number | undefined;
  /**
   * The drop bucket, whose file records the read API serves.
   * `DROP_BUCKET_NAME`; required by the read function only.
   * @default unset
   */
  readonly dropBucketName?: string | undefined;
  /**
   * Key that signs listing cursors (HMAC-SHA256), at least
   * {@link MIN_CURSOR_SECRET_CHARS} characters. `CURSOR_SECRET`; required by
   * the read function only. Changing it invalidates cursors in flight (their
   * clients get a 400 and start again from the first page).
   * @default unset
   */
  readonly cursorSecret?: string | undefined;
}

/** What the read function needs: the runtime configuration, all of it set. */
export type ApiConfig = RuntimeConfig & {
  readonly dropBucketName: string;
  readonly cursorSecret: string;
  /**
   * Whether Powertools' logger logs every event:
   * `POWERTOOLS_LOGGER_LOG_EVENT`, `true` or `false` in any case, which the
   * logger reads itself. The read function builds its logger on the first
   * line it writes, and with this set that is every request's event
   * (`api-handler.ts`); a value the logger would refuse fails the cold
   * start here.
   * @default false
   */
  readonly logEvents: boolean;
};

/** Shortest accepted `CURSOR_SECRET`: 32 characters, 128 bits or more. */
export const MIN_CURSOR_SECRET_CHARS = 32;

/** The environment as a plain record, for tests to pass their own. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** A variable is missing or malformed. Thrown at cold start. */
export class ConfigError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const DEFAULT_REGION = 'us-east-1';

/**
 * Reads and checks the configuration.
 *
 * @throws ConfigError naming every missing or malformed variable at once
 */
export function loadConfig(env: Environment = process.env): RuntimeConfig {
  const problems: string[] = [];
  const tableName = env.TABLE_NAME?.trim();
  if (!tableName)
    problems.push('TABLE_NAME is not set; expected the article table name');
  const maxObjectBytes = positiveInt(
    env,
    'MAX_OBJECT_BYTES',
    DEFAULT_MAX_STREAM_BYTES,
    problems
  );
  const ingestQueueUrl = url(env, 'INGEST_QUEUE_URL', problems);
  const maxReceiveCount = env.MAX_RECEIVE_COUNT?.trim()
    ? positiveInt(env, 'MAX_RECEIVE_COUNT', 1, problems)
    : undefined;
  const s3Endpoint = url(env, 'S3_ENDPOINT', problems);
  const dynamoDbEndpoint = url(env, 'DYNAMODB_ENDPOINT', problems);
  const dropBucketName = env.DROP_BUCKET_NAME?.trim();
  const cursorSecret = env.CURSOR_SECRET?.trim();
  if (cursorSecret && cursorSecret.length < MIN_CURSOR_SECRET_CHARS) {
    problems.push(
      `CURSOR_SECRET has ${cursorSecret.length} characters; expected at least ${MIN_CURSOR_SECRET_CHARS} (e.g. 32 random bytes as hex)`
    );
  }
  if (problems.length > 0) {
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return {
    tableName: tableName as string,
    region: env.AWS_REGION?.trim() || DEFAULT_REGION,
    maxObjectBytes,
    // An empty variable is an unset one.
    s3Endpoint: s3Endpoint || undefined,
    dynamoDbEndpoint: dynamoDbEndpoint || undefined,
    dropBucketName: dropBucketName || undefined,
    cursorSecret: cursorSecret || undefined,
    ingestQueueUrl: ingestQueueUrl || undefined,
    maxReceiveCount,
  };
}

/**
 * Reads the configuration of the read function: {@link loadConfig}, plus
 * `DROP_BUCKET_NAME` and `CURSOR_SECRET`, which it cannot run without.
 *
 * @throws ConfigError naming every missing or malformed variable at once
 */
export function loadApiConfig(env: Environment = process.env): ApiConfig {
  const config = loadConfig(env);
  const { dropBucketName, cursorSecret } = config;
  const problems: string[] = [];
  if (!dropBucketName)
    problems.push('DROP_BUCKET_NAME is not set; expected the drop bucket name');
  if (!cursorSecret)
    problems.push(
      `CURSOR_SECRET is not set; expected at least ${MIN_CURSOR_SECRET_CHARS} random characters that sign listing cursors`
    );
  // Powertools' own rule: `true` or `false`, any case; anything else
  // throws when the logger is built.
  const logEvent =
    env.POWERTOOLS_LOGGER_LOG_EVENT?.trim().toLowerCase() ?? 'false';
  if (logEvent !== 'true' && logEvent !== 'false') {
    problems.push(
      `POWERTOOLS_LOGGER_LOG_EVENT is "${env.POWERTOOLS_LOGGER_LOG_EVENT}"; expected true or false`
    );
  }
  if (!dropBucketName || !cursorSecret || problems.length > 0) {
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return {
    ...config,
    dropBucketName,
    cursorSecret,
    logEvents: logEvent === 'true',
  };
}

function positiveInt(
  env: Environment,
  name: string,
  fallback: number,
  problems: string[]
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) {
    problems.push(`${name} is "${raw}"; expected a positive integer`);
    return fallback;
  }
  return value;
}

function url(
  env: Environment,
  name: string,
  problems: string[]
): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!URL.canParse(raw)) {
    problems.push(
      `${name} is "${raw}"; expected a URL such as http://127.0.0.1:4569`
    );
    return undefined;
  }
  return raw;
}
