/**
 * ingestObject: one object-created event → articles and a file record.
 *
 * ```
 * open object → FileParser, chunk by chunk → save articles
 *             → (out of time: continuation message) → file record
 * ```
 * The object is read as a stream: each chunk goes through the core's
 * FileParser, and the articles it completed are stored once up to 200 are
 * read (25 per transaction, 8 transactions at once: `save-batches.ts`), so
 * memory follows that bound, not the file. A file that cannot finish
 * before the invocation's time runs low is continued in a follow-up
 * message (see `continuation.ts`). Before its first article is written
 * and until its record is final, its file record says `processing`, with
 * the counts so far (written at the start and at each continuation, by
 * its chain: `file-chain.ts`); a small file is written with its final
 * record in one transaction instead (see `FileReading`).
 *
 * Outcomes that are the file's fault (unreadable, not an article, too
 * large, deleted) are recorded and returned: the event is done and must
 * not be retried. Anything else (throttling, timeouts, a DynamoDB outage)
 * is thrown, so the SQS message is retried and, after the configured number
 * of receives, moves to the dead-letter queue. The file record is written
 * last: if it is there, every article of that version is too.
 */
import type {
  FileMeta,
  FileParserOptions,
  ParseLimits,
  ParseProgress,
  Rejection,
  ResumePoint,
} from '../core/index.ts';
import {
  type ArticleStore,
  ASSUME_NEW,
  type BatchOutcome,
  type BatchResult,
  MAX_ARTICLES_PER_TRANSACTION,
  MAX_TRANSACTION_ITEM_BYTES,
  type SaveRequest,
} from '../store/article-store.ts';
import type { ContinuationQueue } from '../store/continuation-queue.ts';
import {
  ObjectChangedError,
  ObjectNotFoundError,
  ObjectTooLargeError,
} from '../store/errors.ts';
import {
  type FileProgressStore,
  type KnownRecord,
  recordCondition,
} from '../store/file-progress.ts';
import {
  deletedFileRecord,
  type FileCounts,
  type FileReason,
  type FileRecord,
  fileRecordOf,
  processingFileRecord,
  rejectedFileRecord,
} from '../store/file-record.ts';
import type { ObjectSource, ObjectStream } from '../store/object-source.ts';
import { type Continuation, MAX_INVOCATIONS_PER_FILE } from './continuation.ts';
import { FileChain } from './file-chain.ts';
import {
  type FileParsing,
  inProcessParsing,
  type ParsingFactory,
} from './file-parsing.ts';
import { countsAdded, FileTally, NO_COUNTS, type Tally } from './file-tally.ts';
import { removeAndReclaim } from './reclaim.ts';
import { reprocessVersion } from './reprocess-version.ts';
import type { ObjectCreatedEvent } from './s3-events.ts';
import {
  estimatedItemBytes,
  inPool,
  saveWaves,
  TRANSACTIONS_IN_FLIGHT,
} from './save-batches.ts';

/** What {@link ingestObject} needs (built by `dependencies.ts`). */
export interface IngestDependencies {
  readonly store: ArticleStore;
  readonly source: ObjectSource;
  /** Where a file's `processing` record and its chain are kept. */
  readonly progress: FileProgressStore;
  /**
   * The core's limits for every file read.
   * @default the core's defaults (`DEFAULT_LIMITS`)
   */
  readonly limits?: ParseLimits | undefined;
  /** @default the current time */
  readonly now?: (() => Date) | undefined;
  /**
   * Where a file that runs out of time is continued.
   * @default none: every file is read to its end in one invocation
   */
  readonly continuations?: ContinuationQueue | undefined;
  /**
   * Time to keep in hand when deciding to continue a file in a follow-up
   * message, in milliseconds: enough to store the chunk in progress and
   * send the message.
   * @default {@link DEFAULT_CONTINUE_RESERVE_MS}
   */
  readonly continueReserveMs?: number | undefined;
  /**
   * Where files are parsed (`file-parsing.ts`).
   * @default in this thread
   */
  readonly parsing?: ParsingFactory | undefined;
}

/** How one call of {@link ingestObject} is run. */
export interface IngestRun {
  /**
   * Milliseconds left in the invocation (the Lambda context's
   * `getRemainingTimeInMillis`).
   * @default unlimited
   */
  readonly remainingTimeMs?: (() => number) | undefined;
  /**
   * The continuation message being handled: the file's chain says where
   * the earlier invocations stopped.
   * @default the start of the file
   */
  readonly resume?: Continuation | undefined;
}

/**
 * Time kept in hand by default: 10 s. Storing the articles read so far
 * (up to 200, in 8 transactions at once) takes well under a second at
 * DynamoDB's transaction latency; the rest covers the continuation
 * message and a cancelled batch redone one article at a time.
 */
export const DEFAULT_CONTINUE_RESERVE_MS = 10_000;

/**
 * Bytes handed to the parser at once. Articles are stored after each
 * slice, so this (times the inflation of gzip or zip, at most ~1,032)
 * bounds the text held in memory between two writes.
 */
const PARSE_SLICE_BYTES = 64 * 1024;

/** What became of one event. */
export type IngestOutcome =
  | {
      readonly status: 'processed';
      readonly fileRecord: FileRecord;
      readonly bytes: number;
      /**
       * What this invocation added, for metrics: the file record's counts
       * less those of earlier invocations of a continued file.
       */
      readonly added: FileCounts;
    }
  /** Out of time: the rest of the file was sent as a continuation. */
  | {
      readonly status: 'continued';
      /** Entries handled so far, this invocation's and earlier ones'. */
      readonly entries: number;
      readonly tally: Tally;
      /** What this invocation added, for metrics. */
      readonly added: FileCounts;
    }
  /**
   * Nothing to do: the object was overwritten while it was read, or a
   * newer version was recorded meanwhile.
   */
  | { readonly status: 'skipped'; readonly reason: string };

/**
 * Ingests the object an event names, or the rest of one.
 *
 * @throws for transient failures only (the message should be retried)
 */
export async function ingestObject(
  received: ObjectCreatedEvent,
  deps: IngestDependencies,
  run: IngestRun = {}
): Promise<IngestOutcome> {
  const now = deps.now ?? (() => new Date());
  let event = received;
  /** A reprocess of the finished version: no `processing` record first. */
  let recordStays = false;
  let chain: FileChain;
  if (run.resume?.chain) {
    const joined = await FileChain.join(run.resume, deps);
    if (joined.status === 'stale') {
      return { status: 'skipped', reason: joined.reason };
    }
    chain = joined.chain;
  } else {
    if (event.reprocess) {
      // A reprocess request has no sequencer of its own: its version comes
      // from the file record (one GetItem, for reprocess requests only).
      const previous = await deps.store.getFileRecord(event.bucket, event.key);
      const version = reprocessVersion(event, previous);
      if (version.status === 'skipped') return version;
      ({ event, recordStays } = version);
      if (previous && previous.sequencer > event.sequencer) {
        return {
          status: 'skipped',
          reason: `a newer event of the object was recorded (${previous.status})`,
        };
      }
    }
    if (event.kind === 'removed') {
      // The file record first: a delete older than what it records (the
      // removal of a version after a newer one) must not write anything.
      const previous = await deps.store.getFileRecord(event.bucket, event.key);
      if (previous && previous.sequencer > event.sequencer) {
        return {
          status: 'skipped',
          reason: `a newer event of the object was recorded (${previous.status})`,
        };
      }
      return removeObject(event, previous, deps, now());
    }
    // A created event reads its file record with its first articles (see
    // `FileReading`): an event older than what it records (a created
    // event after the object's delete, or after a newer version) writes
    // nothing, as every write is conditional on that read.
    chain = FileChain.fresh(event, deps, now());
  }
  let object: ObjectStream;
  try {
    // A JSON Lines file resumed by byte: only the rest is downloaded.
    object = await deps.source.open(event, chain.resume.byteOffset ?? 0);
  } catch (error) {
    // A reprocess of an object gone since it was listed: its delete event
    // decides, and no `object-not-found` record replaces the current one.
    if (
      error instanceof ObjectChangedError ||
      (event.reprocess && error instanceof ObjectNotFoundError)
    ) {
      return { status: 'skipped', reason: error.message };
    }
    const reason = readFailure(error);
    if (!reason) throw error;
    const record = rejectedFileRecord(event, reason, now());
    return finish(deps, record, 0, NO_COUNTS, chain.token, chain.step > 1);
  }

  const reading = new FileReading(event, object, deps, run, now, chain, {
    recordStays,
  });
  try {
    if (!reading.lazy && !recordStays && !(await reading.start())) {
      return REDELIVERED;
    }
    return await reading.run();
  } finally {
    reading.close();
    object.close();
  }
}

/** A first event refused by the file record its chain would start. */
const REDELIVERED: IngestOutcome = {
  status: 'skipped',
  reason:
    'a newer version was recorded, or a chain of this version is reading it already (a redelivered event)',
};

/**
 * Largest object whose `processing` record may be left out: 1 MiB, which
 * the parser reads in tens of milliseconds. Such a file whose articles all
 * fit one transaction ({@link MAX_ARTICLES_PER_TRANSACTION}, 1 MB of
 * items) is written with its final record in that one transaction (see
 * `FileReading`): a `processing` record would be replaced within the same
 * round trip. Every other file writes its `processing` record before its
 * first article, and at each continuation.
 */
export const LAZY_RECORD_MAX_BYTES = 1024 * 1024;

/**
 * Articles read before they are written: up to 200 (eight transactions of
 * 25, written at once), or 4 MB of estimated items, whichever first.
 */
const FLUSH_ARTICLES = TRANSACTIONS_IN_FLIGHT * MAX_ARTICLES_PER_TRANSACTION;
const FLUSH_ITEM_BYTES = 4 * MAX_TRANSACTION_ITEM_BYTES;

/**
 * One invocation's reading of one file.
 *
 * Articles are read into a pending list and written in batches
 * (`save-batches.ts`): several per transaction, several transactions at
 * once, in waves that keep the order of saves that depend on each other.
 * The file record is known before any article is written, in one of two
 * ways:
 * - `processing` first (every file but the small ones, and every
 *   continuation): the chain's conditional start is the gate, and the
 *   final record is written alone at the end;
 * - lazily (a file of at most {@link LAZY_RECORD_MAX_BYTES} whose articles
 *   fit one transaction): the record is read with the articles'
 *   items and written in the same transaction as them, conditional on
 *   what was read. That is one read and one write for a single-article
 *   file, and all or nothing: a newer version's record cancels it.
 */
class FileReading {
  readonly #event: ObjectCreatedEvent;
  readonly #object: ObjectStream;
  readonly #deps: IngestDependencies;
  readonly #run: IngestRun;
  readonly #now: () => Date;
  readonly #chain: FileChain;
  readonly #parser: FileParsing;
  /** Entries handled by earlier invocations of a continued file. */
  readonly #startEntries: number;
  /** The counts earlier invocations of a continued file recorded. */
  readonly #startCounts: FileCounts;
  readonly #tally: FileTally;
  #bytes = 0;
  /** Articles read, not yet written. */
  #pending: SaveRequest[] = [];
  #pendingBytes = 0;
  /** Whether this invocation's chain has its `processing` record. */
  #started: boolean;
  /**
   * Whether an older version's record was replaced, or may have been:
   * then its entries that this version did not write are removed at the
   * end (one Query of the `byFile` index).
   */
  #olderVersion: boolean;
  /**
   * Whether to write articles without reading first, as new (see
   * `ASSUME_NEW`): while the file is under a key with no record before
   * it, and no article of it has turned out not to be new.
   */
  #assumeNew = false;
  /**
   * Whether the recorded, finished version is read again (a reprocess):
   * its record stays served, and a `processing` record is written only if
   * the file must be continued.
   */
  readonly #recordStays: boolean;

  public constructor(
    event: ObjectCreatedEvent,
    object: ObjectStream,
    deps: IngestDependencies,
    run: IngestRun,
    now: () => Date,
    chain: FileChain,
    { recordStays = false }: { readonly recordStays?: boolean } = {}
  ) {
    this.#recordStays = recordStays;
    this.#event = event;
    this.#object = object;
    this.#deps = deps;
    this.#run = run;
    this.#now = now;
    this.#chain = chain;
    this.#startEntries = chain.resume.entries;
    this.#tally = new FileTally(chain.tally);
    this.#startCounts = this.#tally.counts;
    this.#parser = (deps.parsing ?? inProcessParsing)(
      fileMeta(event, object, now()),
      { ...byteResume(chain.resume), limits: deps.limits ?? {} }
    );
    // A continuation's chain has its record; what the first step replaced
    // is not known here, so the end looks for older entries.
    this.#started = chain.step > 1;
    this.#olderVersion = chain.step > 1;
  }

  /**
   * Whether the `processing` record may wait (see the class doc): a first
   * step, of an object known to be small.
   */
  public get lazy(): boolean {
    const size = this.#object.sizeBytes;
    return (
      !this.#started && size !== undefined && size <= LAZY_RECORD_MAX_BYTES
    );
  }

  /** Frees the parse. */
  public close(): void {
    this.#parser.close();
  }

  /**
   * Writes the `processing` record of the file's first invocation.
   *
   * @returns false when the file must not be read (see `FileChain.start`)
   */
  public async start(): Promise<boolean> {
    if (this.#started) return true;
    const started = await this.#chain.start(
      this.#progressRecord(1),
      this.#now()
    );
    if (started === 'refused') return false;
    this.#started = true;
    this.#olderVersion ||= started.replacedOlder;
    // A key never recorded: its articles are very likely new.
    this.#assumeNew = started.replaced === undefined;
    return true;
  }

  public async run(): Promise<IngestOutcome> {
    try {
      for await (const chunk of this.#object.body) {
        this.#bytes += chunk.length;
        for (let at = 0; at < chunk.length; at += PARSE_SLICE_BYTES) {
          this.#queue(
            await this.#parser.push(chunk.subarray(at, at + PARSE_SLICE_BYTES))
          );
          if (
            this.#pending.length >= FLUSH_ARTICLES ||
            this.#pendingBytes >= FLUSH_ITEM_BYTES
          ) {
            if (!(await this.#flush())) return REDELIVERED;
          }
        }
        if (this.#outOfTime()) {
          if (!(await this.#flush())) return REDELIVERED;
          return await this.#continue();
        }
      }
    } catch (error) {
      if (!(error instanceof ObjectTooLargeError)) throw error;
      // Past the size limit while streaming (the event gave no size): what
      // was stored is kept, and the rest of the file is its problem.
      const reason = { code: 'too-large' as const, message: error.message };
      if (!(await this.#flush())) return REDELIVERED;
      if (!this.#tally.savedAny) {
        return this.#rejected(reason, this.#parser.format);
      }
      this.#tally.rejected(`byte ${error.maxBytes}`, reason);
      return this.#finish(this.#parser.format);
    }
    const end = await this.#parser.end();
    this.#queue(end);
    const { format } = end;
    const last = this.#lastTransaction();
    if (last) {
      return this.#commitWithRecord(last, (tally) =>
        !end.ok && !tally.savedAny
          ? this.#rejectedRecord(end.rejection, format, tally)
          : this.#finalRecord(format, tally)
      );
    }
    if (!(await this.#flush())) return REDELIVERED;
    if (!end.ok && !this.#tally.savedAny) {
      return this.#rejected(end.rejection, end.format);
    }
    return this.#finish(end.format);
  }

  /** Whether to stop here and continue in a follow-up message. */
  #outOfTime(): boolean {
    const remaining = this.#run.remainingTimeMs;
    if (!this.#chain.canHandOff || !remaining) return false;
    // Progress first: an invocation that handled no entry would send the
    // same continuation forever.
    if (this.#parser.entries <= this.#startEntries) return false;
    const reserve = this.#deps.continueReserveMs ?? DEFAULT_CONTINUE_RESERVE_MS;
    return remaining() < reserve;
  }

  async #continue(): Promise<IngestOutcome> {
    const invocations = this.#chain.step + 1;
    if (invocations > MAX_INVOCATIONS_PER_FILE) {
      this.#tally.rejected(`entry ${this.#parser.entries + 1}`, {
        code: 'too-large',
        message: `file did not finish in ${MAX_INVOCATIONS_PER_FILE} invocations; the entries from here on were not read`,
      });
      return this.#finish(this.#parser.format);
    }
    // A reprocess of the recorded version starts its chain only now: the
    // hand-off needs the first step's record.
    if (!(await this.start())) {
      return {
        status: 'skipped',
        reason: `another delivery or chain took the file over at step ${this.#chain.step}; this one stops`,
      };
    }
    const tally = this.#tally.toTally(this.#parser.format);
    const entries = this.#parser.entries;
    const handedOff = await this.#chain.handOff(
      this.#progressRecord(invocations),
      this.#parser.resumePoint
    );
    if (!handedOff) {
      return {
        status: 'skipped',
        reason: `another delivery or chain took the file over at step ${this.#chain.step}; this one stops`,
      };
    }
    return {
      status: 'continued',
      entries,
      tally,
      added: countsAdded(tally.counts, this.#startCounts),
    };
  }

  /** The `processing` record: the tally so far, at `invocations`. */
  #progressRecord(invocations: number): FileRecord {
    const object = this.#object;
    return processingFileRecord(
      this.#event,
      {
        format: this.#parser.format,
        sizeBytes: object.sizeBytes,
        etag: object.etag,
        versionId: object.versionId,
      },
      this.#tally,
      { startedAt: this.#chain.startedAt, now: this.#now() },
      // Entries read but not yet written are not handled yet.
      { entries: this.#parser.entries - this.#pending.length, invocations }
    );
  }

  /** Counts a slice's problems, and queues its articles for writing. */
  #queue({ articles, problems, unlistedProblems }: ParseProgress): void {
    for (const problem of problems) {
      this.#tally.rejected(problem.location, problem);
    }
    // Problems past the core's listed ones (`maxProblems`) still count.
    this.#tally.rejectedUnlisted(unlistedProblems);
    for (const article of articles) {
      // The entries counted so far place this one in its file (its
      // `byFile` order), across continuations too.
      const source = {
        bucket: this.#event.bucket,
        key: this.#event.key,
        sequencer: this.#event.sequencer,
        ordinal: this.#tally.counts.found + this.#pending.length,
        eventTime: this.#event.eventTime,
        etag: this.#event.etag,
      };
      this.#pending.push({ article, source });
      this.#pendingBytes += estimatedItemBytes(article);
    }
  }

  /**
   * Writes the pending articles, after the `processing` record if the
   * chain has none yet.
   *
   * @returns false when the chain may not start (a redelivered event, or
   *   a newer version was recorded): nothing was written
   */
  async #flush(): Promise<boolean> {
    if (this.#pending.length === 0) return true;
    if (!this.#recordStays && !(await this.start())) return false;
    const pending = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    for (const wave of saveWaves(pending)) {
      const results = await inPool(
        wave.map((group) => () => this.#saveGroup(group)),
        TRANSACTIONS_IN_FLIGHT
      );
      for (const result of results) {
        // Without a record to commit, every article is saved.
        if (result.status === 'saved') tallyOutcomes(this.#tally, result);
      }
    }
    return true;
  }

  /**
   * Saves one group: read, then write; or, while the file's articles are
   * taken to be new, the write alone (see `ASSUME_NEW`).
   */
  async #saveGroup(group: SaveRequest[]): Promise<BatchResult> {
    const { store } = this.#deps;
    if (this.#assumeNew) {
      const result = await store.saveArticles(group, ASSUME_NEW);
      if (result.status !== 'not-new') return result;
      // One was not new: this file reads before it writes from now on.
      this.#assumeNew = false;
    }
    return store.saveArticles(group, await store.readSaves(group));
  }

  /**
   * The pending articles, if the file's last ones fit one transaction
   * with its record, and that record may be written lazily.
   */
  #lastTransaction(): SaveRequest[] | undefined {
    if (!this.lazy || this.#pending.length === 0) return undefined;
    const waves = saveWaves(this.#pending);
    if (waves.length > 1 || (waves[0]?.length ?? 0) > 1) return undefined;
    return waves[0]?.[0] ?? [];
  }

  /**
   * Writes the last articles and the file record in one transaction,
   * decided on one read of their items and the record. A record that
   * changed between that read and the write cancels it: the file is
   * then written the general way, chain first.
   */
  async #commitWithRecord(
    requests: SaveRequest[],
    recordOf: (tally: FileTally) => FileRecord
  ): Promise<IngestOutcome> {
    const { store } = this.#deps;
    const { bucket, key, sequencer } = this.#event;
    const read = await store.readSaves(requests, { bucket, key });
    const stored = read.file;
    if (stored && stored.record.sequencer > sequencer) {
      return {
        status: 'skipped',
        reason: `a newer event of the object was recorded (${stored.record.status})`,
      };
    }
    let known: KnownRecord = stored
      ? { kind: 'read', record: stored.record }
      : { kind: 'absent' };
    if (
      stored?.record.sequencer === sequencer &&
      stored.record.status === 'processing'
    ) {
      // Another chain of this version: its start decides, as for a file
      // that is not small.
      if (!(await this.start())) return REDELIVERED;
      known = { kind: 'chain', token: this.#chain.token };
    }
    this.#olderVersion ||=
      stored !== undefined && stored.record.sequencer < sequencer;
    const result = await store.saveArticles(requests, read, {
      condition: recordCondition(known),
      record: (outcomes) => {
        const tally = this.#tally.copy();
        tallyOutcomes(tally, { outcomes });
        return recordOf(tally);
      },
    });
    if (result.status !== 'saved') {
      // The record changed since it was read: start over the general way
      // (the chain's start is the gate; the articles are read again).
      this.#pending = requests;
      if (!(await this.#flush())) return REDELIVERED;
      return this.#write(recordOf(this.#tally));
    }
    tallyOutcomes(this.#tally, result);
    const record = result.record as FileRecord;
    if (this.#olderVersion) {
      await removeAndReclaim(this.#deps, bucket, key, {
        sequencer: record.sequencer,
        removedAt: new Date(record.processedAt),
      });
    }
    return {
      status: 'processed',
      fileRecord: record,
      bytes: this.#bytes,
      added: countsAdded(record.counts, this.#startCounts),
    };
  }

  /** Nothing became an article: the file is rejected for `rejection`. */
  #rejected(
    rejection: Rejection,
    format: string | undefined
  ): Promise<IngestOutcome> {
    return this.#write(this.#rejectedRecord(rejection, format, this.#tally));
  }

  #rejectedRecord(
    rejection: Rejection,
    format: string | undefined,
    tally: FileTally
  ): FileRecord {
    return rejectedFileRecord(
      this.#event,
      rejection,
      this.#now(),
      { format, sizeBytes: this.#object.sizeBytes ?? this.#bytes },
      tally
    );
  }

  /** The file is read (or cut off): its record from the tally. */
  #finish(format: string | undefined): Promise<IngestOutcome> {
    return this.#write(this.#finalRecord(format, this.#tally));
  }

  #finalRecord(format: string | undefined, tally: FileTally): FileRecord {
    const object = this.#object;
    return fileRecordOf(
      this.#event,
      {
        format,
        sizeBytes: object.sizeBytes ?? this.#bytes,
        etag: object.etag,
        versionId: object.versionId,
      },
      tally,
      this.#now()
    );
  }

  /** Writes the file's record: this invocation's last step. */
  #write(record: FileRecord): Promise<IngestOutcome> {
    return finish(
      this.#deps,
      record,
      this.#bytes,
      this.#startCounts,
      this.#chain.token,
      this.#olderVersion
    );
  }
}

/** Adds what a batch of saves came to, in order, to `tally`. */
function tallyOutcomes(
  tally: FileTally,
  { outcomes }: { readonly outcomes: readonly BatchOutcome[] }
): void {
  for (const outcome of outcomes) {
    if (outcome.status === 'stored') tally.stored(outcome.id);
    if (outcome.status === 'duplicate') tally.duplicate(outcome.id);
    if (outcome.status === 'unchanged') tally.unchanged(outcome.id);
    if (outcome.status === 'too-large') {
      tally.rejected(`article ${outcome.id}`, {
        code: 'too-large',
        message: outcome.message,
      });
    }
  }
}

/**
 * The parser options that resume at `resume`: from its byte offset (the
 * object was opened there), else by skipping the entries handled before.
 */
function byteResume(resume: ResumePoint): FileParserOptions {
  const { entries, byteOffset, line } = resume;
  return byteOffset !== undefined && line !== undefined
    ? { resumeAt: { entries, byteOffset, line } }
    : { skipEntries: entries };
}

/** A read failure that is the object's fault, as a file reason. */
function readFailure(error: unknown): FileReason | undefined {
  if (error instanceof ObjectNotFoundError) {
    return { code: 'object-not-found', message: error.message };
  }
  if (error instanceof ObjectTooLargeError) {
    return { code: 'too-large', message: error.message };
  }
  return undefined;
}

function fileMeta(
  event: ObjectCreatedEvent,
  content: ObjectStream,
  ingestedAt: Date
): FileMeta {
  return {
    bucket: event.bucket,
    key: event.key,
    metadata: content.metadata,
    ingestedAt,
    ...(content.sizeBytes !== undefined
      ? { sizeBytes: content.sizeBytes }
      : {}),
    ...(content.contentType ? { contentType: content.contentType } : {}),
    ...(content.etag ? { etag: content.etag } : {}),
    ...(content.versionId ? { versionId: content.versionId } : {}),
  };
}

/**
 * Writes a version's file record, then removes what older versions
 * produced and this one did not (an overwrite with fewer articles, or a
 * rejected one, leaves nothing stale). If a newer event was recorded
 * meanwhile (the object was deleted or overwritten while this version was
 * read), what this version wrote is removed in its name instead.
 */
async function finish(
  deps: IngestDependencies,
  fileRecord: FileRecord,
  bytes: number,
  before: FileCounts,
  chainToken: string,
  olderVersion: boolean
): Promise<IngestOutcome> {
  const { store } = deps;
  const { bucket, key } = fileRecord;
  const write = await store.replaceFileRecord(fileRecord, chainToken);
  const removedAt = new Date(fileRecord.processedAt);
  if (write.write === 'written') {
    // Only an older version's entries can be left: look for them when
    // its record was there (replaced now, or by the chain's start).
    const previous = write.previousSequencer;
    if (
      olderVersion ||
      (previous !== undefined && previous < fileRecord.sequencer)
    ) {
      await removeAndReclaim(deps, bucket, key, {
        sequencer: fileRecord.sequencer,
        removedAt,
      });
    }
    return {
      status: 'processed',
      fileRecord,
      bytes,
      added: countsAdded(fileRecord.counts, before),
    };
  }
  const newest = await store.getFileRecord(bucket, key);
  if (newest) {
    await removeAndReclaim(
      deps,
      bucket,
      key,
      { sequencer: newest.sequencer, removedAt },
      fileRecord.articleIds
    );
  }
  return {
    status: 'skipped',
    reason:
      'a newer version of the object was recorded meanwhile, or another chain read this one',
  };
}

/**
 * An object was deleted: its record says so first (an older created event
 * arriving later then skips), then every entry it produced is removed
 * (`ArticleStore.removeEntries`). A redelivered delete finds nothing left
 * to remove. The removal of one version of a versioned bucket that is not
 * the version recorded changes nothing: the recorded one is still there.
 */
async function removeObject(
  event: ObjectCreatedEvent,
  previous: FileRecord | undefined,
  deps: IngestDependencies,
  deletedAt: Date
): Promise<IngestOutcome> {
  if (
    event.versionDeleted &&
    previous?.versionId !== undefined &&
    previous.versionId !== event.versionId
  ) {
    return {
      status: 'skipped',
      reason: `version ${event.versionId} was deleted; the current version ${previous.versionId} stays`,
    };
  }
  const fileRecord = deletedFileRecord(event, deletedAt, previous);
  const write = await deps.store.putFileRecord(fileRecord);
  if (write === 'stale') {
    return {
      status: 'skipped',
      reason: 'a newer version of the object was recorded meanwhile',
    };
  }
  await removeAndReclaim(
    deps,
    event.bucket,
    event.key,
    { sequencer: event.sequencer, removedAt: deletedAt },
    previous?.articleIds
  );
  return { status: 'processed', fileRecord, bytes: 0, added: NO_COUNTS };
}
