/**
 * The local stack: the whole pipeline on one machine, with the same handler
 * code as the cloud.
 *
 * ```
 * drop folder ─► s3rver (drop bucket) ─► event bridge ─► LocalQueue ─► ingest handler ─► DynamoDB
 *                                                                         (Local or dynalite)
 * HTTP ─► API Gateway proxy event ─► read handler ─► DynamoDB
 * ```
 * Data lives under the data folder (S3 objects, the DynamoDB database, the
 * queue and its dead letters), so a restart keeps everything; `reset` wipes
 * it first. `local.json` in the data folder tells the CLI where things are.
 */
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { FSWatcher } from 'chokidar';
import { createApiHandler } from '../../functions/api/api-handler.ts';
import { apiDependencies } from '../../functions/api/dependencies.ts';
import { DEFAULT_MAX_STREAM_BYTES } from '../../functions/core/index.ts';
import { describeError } from '../../functions/ingest/dead-letter.ts';
import { ingestDependencies } from '../../functions/ingest/dependencies.ts';
import {
  createIngestHandler,
  type IngestReport,
} from '../../functions/ingest/ingest-handler.ts';
import {
  createDynamoDbClient,
  createS3Client,
} from '../../functions/store/clients.ts';
import { startApiServer } from './api-server.ts';
import { createConsoleRoutes } from './console-routes.ts';
import { type DataLock, LOCK_FILE, lockDataDir } from './data-lock.ts';
import { watchDropFolder } from './drop-folder.ts';
import { emulateTransactions } from './dynalite-transactions.ts';
import { messageKeys, toNotification } from './event-bridge.ts';
import { invocationContext } from './lambda-context.ts';
import {
  DEFAULT_MAX_RECEIVE_COUNT,
  type DeadLetter,
  LocalQueue,
} from './local-queue.ts';
import { type DynamoDbEngine, LOCAL_DEFAULTS } from './options.ts';
import { ParsePool } from './parse-pool.ts';
import { reconcileBucket } from './reconcile.ts';
import {
  javaAvailable,
  type LocalServer,
  localClientOptions,
  startDynalite,
  startDynamoDbLocal,
  startS3Server,
} from './servers.ts';
import {
  LOCAL_BUCKET,
  LOCAL_TABLE,
  type LocalStackInfo,
  STATE_FILE,
} from './state.ts';
import { ensureTable } from './table-setup.ts';

/** Options of {@link startLocalStack}. */
export interface LocalStackOptions {
  /** Where data is kept. */
  readonly dataDir: string;
  /** The watched drop folder. */
  readonly dropDir: string;
  /** @default 4569 (`LOCAL_DEFAULTS.s3Port`) */
  readonly s3Port?: number | undefined;
  /** @default 3000 (`LOCAL_DEFAULTS.apiPort`) */
  readonly apiPort?: number | undefined;
  /** Wipe the data folder first. @default false */
  readonly reset?: boolean | undefined;
  /**
   * Which DynamoDB to run: DynamoDB Local (Java), dynalite (pure JS), or
   * DynamoDB Local when Java is installed, else dynalite.
   * @default 'auto'
   */
  readonly dynamoDb?: DynamoDbEngine | undefined;
  /** Prints a line for people. @default console.log */
  readonly print?: ((line: string) => void) | undefined;
}

/** A running local stack. */
export interface LocalStack extends LocalStackInfo {
  readonly queue: LocalQueue;
  /** The worker threads that parse files (`parse-pool.ts`). */
  readonly parsePool: ParsePool;
  readonly s3: S3Client;
  readonly dynamoDb: DynamoDBClient;
  /** Stops everything; no child process is left. */
  stop(): Promise<void>;
}

/** Starts the local stack. */
export async function startLocalStack(
  options: LocalStackOptions
): Promise<LocalStack> {
  const print = options.print ?? console.log;
  const dataDir = resolve(options.dataDir);
  const dropDir = resolve(options.dropDir);
  mkdirSync(dataDir, { recursive: true });
  // Before anything touches the folder, --reset included: another stack
  // on it would share its database and queue files.
  const lock = await lockDataDir(dataDir, print);
  if (options.reset) emptyDataDir(dataDir);
  for (const dir of [join(dataDir, 's3'), join(dataDir, 'dynamodb'), dropDir]) {
    mkdirSync(dir, { recursive: true });
  }
  // Local mode prints its own lines; keep Powertools to warnings, no EMF.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

  const stoppers: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const stopOne of stoppers.reverse()) await stopOne().catch(() => {});
    rmSync(join(dataDir, STATE_FILE), { force: true });
    lock.release();
  };
  try {
    const engine = await chooseEngine(
      options.dynamoDb ?? LOCAL_DEFAULTS.dynamoDb
    );
    const dynamo: LocalServer =
      engine === 'dynamodb-local'
        ? await startJava(dataDir, lock, print)
        : await startDynalite({
            dbPath: join(dataDir, 'dynamodb', 'dynalite'),
          });
    stoppers.push(() => dynamo.stop());

    let queue: LocalQueue | undefined;
    const s3Server = await startS3Server({
      directory: join(dataDir, 's3'),
      port: options.s3Port ?? LOCAL_DEFAULTS.s3Port,
      buckets: [LOCAL_BUCKET],
      onEvent: (event) => {
        const body = toNotification(event, LOCAL_BUCKET);
        if (body) queue?.send(body);
      },
    });
    stoppers.push(() => s3Server.stop());

    const clientOptions = localClientOptions({
      s3Endpoint: s3Server.endpoint,
      dynamoDbEndpoint: dynamo.endpoint,
    });
    const s3 = createS3Client(clientOptions);
    const dynamoDb = createDynamoDbClient(clientOptions);
    if (engine === 'dynalite') emulateTransactions(dynamoDb);
    const added = await ensureTable(dynamoDb, LOCAL_TABLE);
    if (added.length > 0) print(`table: added the index ${added.join(', ')}`);

    // The last error of each key that failed, for the queue's dead letters:
    // the handler reports failed messages to SQS by id, without the error.
    const lastFailures = new Map<string, string>();
    const ingest = ingestDependencies(
      { s3, dynamoDb },
      { tableName: LOCAL_TABLE, maxObjectBytes: DEFAULT_MAX_STREAM_BYTES }
    );
    // Parsing in worker threads: a big file read whole must not hold up
    // the servers of this process (`parse-pool.ts`).
    const parsePool = new ParsePool();
    const handler = createIngestHandler({
      ...ingest,
      parsing: parsePool.parse,
      // The in-process queue stands in for SQS: a file continued in a
      // follow-up message comes back through it.
      continuations: {
        send: async (body) => queue?.send(body),
      },
      maxReceiveCount: DEFAULT_MAX_RECEIVE_COUNT,
      onOutcome: (report) => {
        if (report.outcome.status === 'failed') {
          lastFailures.set(
            report.event.key,
            describeError(report.outcome.error)
          );
        } else {
          lastFailures.delete(report.event.key);
        }
        print(describe(report));
      },
    });
    queue = new LocalQueue({
      handler: (event) => handler(event, localContext()),
      queueFile: join(dataDir, 'queue.json'),
      deadLetterFile: join(dataDir, 'dead-letters.json'),
      onDeadLetter: (letter) => print(describeDeadLetter(letter)),
      failureOf: (body) =>
        messageKeys(body)
          .map((key) => lastFailures.get(key))
          .find((error) => error !== undefined),
    });
    // Objects whose events were lost (a SIGKILL within the queue's save
    // delay) are queued again before delivery starts.
    const requeued = await reconcileBucket({
      s3,
      bucket: LOCAL_BUCKET,
      fileRecord: (key) => ingest.store.getFileRecord(LOCAL_BUCKET, key),
      // A dead letter's object waits for a redrive, not a restart.
      queuedKeys: new Set(
        [...queue.bodies, ...queue.deadLetters.map((l) => l.body)].flatMap(
          messageKeys
        )
      ),
      send: (body) => queue?.send(body),
    });
    if (requeued.length > 0) {
      print(
        `queued again: ${requeued.length} object${requeued.length === 1 ? '' : 's'} with no file record and no message (the last stop lost their events)`
      );
    }
    queue.start();
    const started = queue;
    stoppers.push(() => started.stop());
    // Stopped before the queue: a parse in progress fails at once (its
    // message is received again at the next start) instead of holding the
    // stop until it ends.
    stoppers.push(() => parsePool.close());

    const apiHandlerOptions = apiDependencies(
      { dynamoDb },
      {
        tableName: LOCAL_TABLE,
        dropBucketName: LOCAL_BUCKET,
        cursorSecret: cursorSecret(dataDir),
        // One process writes and reads: no need to cache the month markers,
        // and a listing then shows every article the moment it is stored.
        monthsCacheTtlMs: 0,
      }
    );
    const api = await startApiServer(
      // Plain HTTP on the loopback address: HSTS is for the deployed API.
      createApiHandler({
        ...apiHandlerOptions,
        strictTransportSecurity: false,
      }),
      options.apiPort ?? LOCAL_DEFAULTS.apiPort,
      createConsoleRoutes({
        queue,
        s3,
        store: apiHandlerOptions.store,
        bucket: LOCAL_BUCKET,
      })
    );
    stoppers.push(() => api.stop());

    let watcher: FSWatcher | undefined = await watchDropFolder({
      folder: dropDir,
      bucket: LOCAL_BUCKET,
      client: s3,
      onUpload: (key, error) => {
        if (error) print(`upload failed  ${key}: ${error.message}`);
      },
      onDelete: (key, error) => {
        if (error) print(`delete failed  ${key}: ${error.message}`);
      },
      deletedFromBucket: async (key, md5) => {
        const record = await apiHandlerOptions.store.getFileRecord(
          LOCAL_BUCKET,
          key
        );
        return record?.status === 'deleted' && record.etag === md5;
      },
    });
    stoppers.push(async () => {
      await watcher?.close();
      watcher = undefined;
    });

    const info: LocalStackInfo = {
      pid: process.pid,
      apiUrl: api.url,
      s3Endpoint: s3Server.endpoint,
      dynamoDbEndpoint: dynamo.endpoint,
      dynamoDbEngine: engine,
      bucket: LOCAL_BUCKET,
      tableName: LOCAL_TABLE,
      dataDir,
      dropDir,
    };
    writeFileSync(
      join(dataDir, STATE_FILE),
      `${JSON.stringify(info, null, 2)}\n`
    );
    return { ...info, queue, parsePool, s3, dynamoDb, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Starts DynamoDB Local on the data folder, its process id in the lock. */
async function startJava(
  dataDir: string,
  lock: DataLock,
  print: (line: string) => void
): Promise<LocalServer> {
  const server = await startDynamoDbLocal({
    dbPath: join(dataDir, 'dynamodb'),
  });
  if (server.process.pid !== undefined) lock.recordJava(server.process.pid);
  if (!server.loopbackOnly) {
    print(
      'DynamoDB Local listens on every network interface: javac, which builds the launcher that binds it to 127.0.0.1, is missing (install a JDK, or use --dynamodb dynalite)'
    );
  }
  return server;
}

/** Removes everything in the data folder but its lock (`--reset`). */
function emptyDataDir(dataDir: string): void {
  for (const name of readdirSync(dataDir)) {
    if (name !== LOCK_FILE) {
      rmSync(join(dataDir, name), { recursive: true, force: true });
    }
  }
}

/**
 * The secret that signs listing cursors, made once per data folder and
 * kept there, so cursors stay valid across restarts.
 */
function cursorSecret(dataDir: string): string {
  const file = join(dataDir, 'cursor-secret');
  if (!existsSync(file))
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

async function chooseEngine(
  wanted: DynamoDbEngine
): Promise<Exclude<DynamoDbEngine, 'auto'>> {
  if (wanted !== 'auto') return wanted;
  return (await javaAvailable()) ? 'dynamodb-local' : 'dynalite';
}

let invocations = 0;

/**
 * A context for one local ingest invocation: Lambda's longest timeout
 * (15 minutes), counted from the batch's start, so a file too long for
 * one invocation continues here as it would in AWS.
 */
function localContext() {
  invocations += 1;
  return invocationContext({
    functionName: 'dropwire-ingest-local',
    requestId: `local-${process.pid}-${invocations}`,
    timeoutMs: LOCAL_TIMEOUT_MS,
  });
}

/** The time an invocation has in local mode: Lambda's maximum, 15 minutes. */
const LOCAL_TIMEOUT_MS = 900_000;

/** One line about one file, for the terminal. */
export function describe(report: IngestReport): string {
  const { event, outcome, ms } = report;
  const took = `${Math.round(ms)} ms`;
  if (outcome.status === 'failed') {
    return `retrying   ${event.key}: ${outcome.error.message}`;
  }
  if (outcome.status === 'skipped')
    return `skipped    ${event.key}: ${outcome.reason}`;
  if (outcome.status === 'continued') {
    return `continuing ${event.key}: ${outcome.entries} entries so far, ${outcome.tally.counts.stored} stored; the rest follows in another message (${took})`;
  }
  const { fileRecord: record } = outcome;
  const articles = (n: number) => `${n} article${n === 1 ? '' : 's'}`;
  if (record.status === 'rejected') {
    return `rejected   ${event.key}: ${record.reason?.code} — ${record.reason?.message} (${took})`;
  }
  const problems =
    record.counts.rejected > 0 ? `, ${record.counts.rejected} skipped` : '';
  if (record.status === 'duplicate') {
    return `duplicate  ${event.key}: ${articles(record.counts.duplicate)} already stored${problems} (${took})`;
  }
  const duplicates =
    record.counts.duplicate > 0 ? `, ${record.counts.duplicate} duplicate` : '';
  return `stored     ${event.key}: ${articles(record.counts.stored)}${duplicates}${problems} (${took})`;
}

function describeDeadLetter(letter: DeadLetter): string {
  const keys = messageKeys(letter.body).join(', ') || '(not an S3 event)';
  return `dead letter ${keys}: failed ${letter.receiveCount} times (${letter.lastError})`;
}
