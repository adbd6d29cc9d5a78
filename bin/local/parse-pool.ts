/**
 * ParsePool: local mode's file parsing in worker threads.
 *
 * `npm start` serves S3, the read API and the console from the process that
 * ingests. The core's parser is synchronous, and a file read whole is
 * parsed in one step at its end (a 3 MB JSON of 1,000,000 items blocked the
 * event loop for 18.6 s, and an S3 PUT sent meanwhile failed), so here it
 * runs in a few `node:worker_threads` workers instead: the main thread only
 * passes bytes and results.
 * - Size: one worker per core but one (the main thread serves), 1 to 4;
 *   workers start when first needed.
 * - A file's parse stays on one worker (the parser's state lives there),
 *   the one with the fewest parses in progress.
 * - An error a parser call throws comes back as an `Error` with the same
 *   name, message and stack, so it ends as it does in the Lambda (retried,
 *   then a dead letter). The parser turns the input's faults into results
 *   itself, in both.
 * - A worker that exits (a crash, out of memory, terminated) fails the
 *   parses it held with {@link ParseWorkerExitedError}, a transient error:
 *   their messages are retried. A new worker takes its place, started
 *   for the next parse.
 * - {@link ParsePool.close} terminates every worker (stop, SIGINT, SIGTERM).
 *
 * The Lambda parses in its own thread (`functions/ingest/file-parsing.ts`).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type {
  FileMeta,
  FileParserOptions,
  ParseEnd,
  ParseProgress,
} from '../../functions/core/index.ts';
import type { FileParsing } from '../../functions/ingest/file-parsing.ts';
import type {
  ParseRequest,
  ParseResponse,
  ParseState,
} from './parse-protocol.ts';

/** Most workers a pool starts by default. */
const MAX_DEFAULT_WORKERS = 4;

/** The default pool size: the cores but one, from 1 to 4. */
export function defaultPoolSize(cores = availableParallelism()): number {
  return Math.min(MAX_DEFAULT_WORKERS, Math.max(1, cores - 1));
}

/** The worker a parse was on exited before it answered. */
export class ParseWorkerExitedError extends Error {
  public constructor(why: string) {
    super(`the parse worker ${why}; the file will be read again`);
    this.name = 'ParseWorkerExitedError';
  }
}

/** The pool was closed: no more parses. */
export class ParsePoolClosedError extends Error {
  public constructor() {
    super('the parse pool is closed (the local stack is stopping)');
    this.name = 'ParsePoolClosedError';
  }
}

/** Options of {@link ParsePool}. */
export interface ParsePoolOptions {
  /** @default {@link defaultPoolSize} */
  readonly size?: number | undefined;
}

interface Pending {
  readonly resolve: (response: ParseResponse) => void;
  readonly reject: (error: Error) => void;
}

/** One worker and the parses it holds. */
class PoolWorker {
  readonly worker: Worker;
  /** Parses in progress on this worker, by id. */
  readonly parses = new Set<number>();
  /** Calls waiting for an answer, by sequence number. */
  readonly pending = new Map<number, Pending>();
  /** Why it exited, once it has. */
  exited: Error | undefined;

  public constructor(onExit: (worker: PoolWorker) => void) {
    this.worker = new Worker(new URL('./parse-worker.ts', import.meta.url));
    this.worker.on('message', (response: ParseResponse) => {
      const call = this.pending.get(response.seq);
      this.pending.delete(response.seq);
      call?.resolve(response);
    });
    const fail = (why: string) => {
      if (this.exited) return;
      this.exited = new ParseWorkerExitedError(why);
      for (const call of this.pending.values()) call.reject(this.exited);
      this.pending.clear();
      onExit(this);
    };
    this.worker.on('error', (error) =>
      fail(`failed (${error.name}: ${error.message})`)
    );
    this.worker.on('exit', (code) => fail(`exited with code ${code}`));
  }
}

/** A pool of parse workers. */
export class ParsePool {
  readonly #size: number;
  #workers: PoolWorker[] = [];
  #closed = false;
  #ids = 0;
  #seq = 0;
  /** Workers started over the pool's life (replacements included). */
  #started = 0;

  public constructor(options: ParsePoolOptions = {}) {
    this.#size = Math.max(1, options.size ?? defaultPoolSize());
  }

  /** The most workers running at once. */
  public get size(): number {
    return this.#size;
  }

  /** Thread ids of the running workers (for tests). */
  public get threadIds(): readonly number[] {
    return this.#workers.map((w) => w.worker.threadId);
  }

  /** Workers started so far, replacements included. */
  public get started(): number {
    return this.#started;
  }

  /** Terminates the worker `threadId` as a crash would (for tests). */
  public async terminate(threadId: number): Promise<void> {
    await this.#workers
      .find((w) => w.worker.threadId === threadId)
      ?.worker.terminate();
  }

  /** Starts parsing one file on a worker: a `ParsingFactory`. */
  public readonly parse = (
    meta: FileMeta,
    options: FileParserOptions
  ): FileParsing => {
    // Closed (the stack is stopping): the parse fails when first used, as
    // one in progress does, never in the caller's constructor.
    if (this.#closed) return closedParsing;
    const host = this.#pick();
    const id = ++this.#ids;
    host.parses.add(id);
    this.#post(host, { op: 'open', id, meta, options });
    let state: ParseState = {
      format: undefined,
      entries: options.skipEntries ?? options.resumeAt?.entries ?? 0,
      resumePoint: { entries: 0 },
    };
    const call = async (
      request: { op: 'push'; chunk: Uint8Array } | { op: 'end' }
    ) => {
      if (this.#closed) throw new ParsePoolClosedError();
      if (host.exited) throw host.exited;
      const seq = ++this.#seq;
      const response = await new Promise<ParseResponse>((resolve, reject) => {
        host.pending.set(seq, { resolve, reject });
        this.#post(host, { ...request, id, seq });
      });
      if (!response.ok) throw rebuilt(response.error);
      state = response.state;
      return response.result;
    };
    return {
      push: async (chunk) => {
        // A copy in a buffer of its own, which is moved to the worker: a
        // stream's chunk (a Buffer) may be a view of a shared pool.
        const own = new Uint8Array(chunk);
        return (await call({ op: 'push', chunk: own })) as ParseProgress;
      },
      end: async () => (await call({ op: 'end' })) as ParseEnd,
      close: () => {
        if (!host.parses.delete(id) || host.exited) return;
        this.#post(host, { op: 'close', id });
      },
      get format() {
        return state.format;
      },
      get entries() {
        return state.entries;
      },
      get resumePoint() {
        return state.resumePoint;
      },
    };
  };

  /** Terminates every worker; parses in progress fail. */
  public async close(): Promise<void> {
    this.#closed = true;
    const workers = this.#workers;
    this.#workers = [];
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }

  /** The worker with the fewest parses, started if there is room. */
  #pick(): PoolWorker {
    const idle = this.#workers.find((w) => w.parses.size === 0);
    if (idle) return idle;
    if (this.#workers.length < this.#size) return this.#start();
    let best = this.#workers[0] as PoolWorker;
    for (const w of this.#workers) {
      if (w.parses.size < best.parses.size) best = w;
    }
    return best;
  }

  #start(): PoolWorker {
    const worker = new PoolWorker((gone) => {
      // Replaced on the next parse: a worker starts when needed.
      this.#workers = this.#workers.filter((w) => w !== gone);
    });
    this.#started += 1;
    this.#workers.push(worker);
    return worker;
  }

  #post(host: PoolWorker, request: ParseRequest): void {
    if (request.op === 'push') {
      host.worker.postMessage(request, [request.chunk.buffer as ArrayBuffer]);
    } else {
      host.worker.postMessage(request);
    }
  }
}

/** An error thrown in a worker, as the main thread's `Error`. */
function rebuilt(error: {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
}): Error {
  const copy = new Error(error.message);
  copy.name = error.name;
  if (error.stack !== undefined) copy.stack = error.stack;
  return copy;
}

/** The parse a closed pool gives: every call fails. */
const closedParsing: FileParsing = {
  push: () => Promise.reject(new ParsePoolClosedError()),
  end: () => Promise.reject(new ParsePoolClosedError()),
  close: () => {},
  format: undefined,
  entries: 0,
  resumePoint: { entries: 0 },
};
