/**
 * ingestObject: one object-created event → articles and a file record.
 *
 * ```
 * open object → FileParser, chunk by chunk → save articles
 *             → (out of time: continuation message) → file record
 * ```
 * The object is read as a stream: each chunk goes through the core's
 * FileParser, and the articles it completed are stored before the next
 * chunk is read, so memory follows the chunk, not the file. A file that
 * cannot finish before the invocation's time runs low is continued in a
 * follow-up message (see `continuation.ts`). From the moment it is opened
 * until its record is final, its file record says `processing`, with the
 * counts so far (written at the start and at each continuation, by its
 * chain: `file-chain.ts`).
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
import type { ArticleStore, SaveOutcome } from '../store/article-store.ts';
import { retryOnConflict } from '../store/conflict-retry.ts';
import type { ContinuationQueue } from '../store/continuation-queue.ts';
import {
  ArticleTooLargeError,
  ObjectChangedError,
  ObjectNotFoundError,
  ObjectTooLargeError,
} from '../store/errors.ts';
import type { FileProgressStore } from '../store/file-progress.ts';
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
import type { ObjectCreatedEvent } from './s3-events.ts';

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
 * Time kept in hand by default: 10 s. Storing one 64 KiB chunk's articles
 * (up to a few hundred small ones) takes a few seconds at DynamoDB's
 * transaction latency; the rest covers the continuation message.
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
  event: ObjectCreatedEvent,
  deps: IngestDependencies,
  run: IngestRun = {}
): Promise<IngestOutcome> {
  const now = deps.now ?? (() => new Date());
  let chain: FileChain;
  if (run.resume?.chain) {
    const joined = await FileChain.join(run.resume, deps);
    if (joined.status === 'stale') {
      return { status: 'skipped', reason: joined.reason };
    }
    chain = joined.chain;
  } else {
    // The file record first: an event older than what it records (a
    // created event arriving after the object's delete, or after a newer
    // version) must not write anything. The conditional writes below catch
    // the same race once more while the file is read.
    const previous = await deps.store.getFileRecord(event.bucket, event.key);
    if (previous && previous.sequencer > event.sequencer) {
      return {
        status: 'skipped',
        reason: `a newer event of the object was recorded (${previous.status})`,
      };
    }
    if (event.kind === 'removed') {
      return removeObject(event, previous, deps, now());
    }
    chain = FileChain.fresh(event, deps, now());
  }
  let object: ObjectStream;
  try {
    // A JSON Lines file resumed by byte: only the rest is downloaded.
    object = await deps.source.open(event, chain.resume.byteOffset ?? 0);
  } catch (error) {
    if (error instanceof ObjectChangedError) {
      return { status: 'skipped', reason: error.message };
    }
    const reason = readFailure(error);
    if (!reason) throw error;
    const record = rejectedFileRecord(event, reason, now());
    return finish(deps, record, 0, NO_COUNTS, chain.token);
  }

  const reading = new FileReading(event, object, deps, run, now, chain);
  try {
    if (chain.step === 1 && !(await reading.start())) {
      return {
        status: 'skipped',
        reason:
          'a newer version was recorded, or a chain of this version is reading it already (a redelivered event)',
      };
    }
    return await reading.run();
  } finally {
    reading.close();
    object.close();
  }
}

/** One invocation's reading of one file. */
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

  public constructor(
    event: ObjectCreatedEvent,
    object: ObjectStream,
    deps: IngestDependencies,
    run: IngestRun,
    now: () => Date,
    chain: FileChain
  ) {
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
  public start(): Promise<boolean> {
    return this.#chain.start(this.#progressRecord(1), this.#now());
  }

  public async run(): Promise<IngestOutcome> {
    try {
      for await (const chunk of this.#object.body) {
        this.#bytes += chunk.length;
        for (let at = 0; at < chunk.length; at += PARSE_SLICE_BYTES) {
          await this.#save(
            await this.#parser.push(chunk.subarray(at, at + PARSE_SLICE_BYTES))
          );
        }
        if (this.#outOfTime()) return await this.#continue();
      }
    } catch (error) {
      if (!(error instanceof ObjectTooLargeError)) throw error;
      // Past the size limit while streaming (the event gave no size): what
      // was stored is kept, and the rest of the file is its problem.
      const reason = { code: 'too-large' as const, message: error.message };
      if (!this.#tally.savedAny) {
        return this.#rejected(reason, this.#parser.format);
      }
      this.#tally.rejected(`byte ${error.maxBytes}`, reason);
      return this.#finish(this.#parser.format);
    }
    const end = await this.#parser.end();
    await this.#save(end);
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
      { entries: this.#parser.entries, invocations }
    );
  }

  async #save({
    articles,
    problems,
    unlistedProblems,
  }: ParseProgress): Promise<void> {
    for (const problem of problems) {
      this.#tally.rejected(problem.location, problem);
    }
    // Problems past the core's listed ones (`maxProblems`) still count.
    this.#tally.rejectedUnlisted(unlistedProblems);
    // One article at a time: a file's articles share hash items and sort
    // keys, and sequential writes keep DynamoDB's per-partition rate smooth.
    for (const article of articles) {
      // The entries counted so far place this one in its file (its
      // `byFile` order), across continuations too.
      const source = {
        bucket: this.#event.bucket,
        key: this.#event.key,
        sequencer: this.#event.sequencer,
        ordinal: this.#tally.counts.found,
      };
      let outcome: SaveOutcome;
      try {
        // A lost race with a concurrent transaction is retried here, not
        // by failing the message and reading the whole file again.
        outcome = await retryOnConflict(() =>
          this.#deps.store.saveArticle(article, source)
        );
      } catch (error) {
        if (!(error instanceof ArticleTooLargeError)) throw error;
        this.#tally.rejected(`article ${article.id}`, {
          code: 'too-large',
          message: error.message,
        });
        continue;
      }
      if (outcome.status === 'stored') this.#tally.stored(outcome.id);
      if (outcome.status === 'duplicate') this.#tally.duplicate(outcome.id);
      if (outcome.status === 'unchanged') this.#tally.unchanged(outcome.id);
    }
  }

  /** Nothing became an article: the file is rejected for `rejection`. */
  #rejected(
    rejection: Rejection,
    format: string | undefined
  ): Promise<IngestOutcome> {
    const record = rejectedFileRecord(
      this.#event,
      rejection,
      this.#now(),
      { format, sizeBytes: this.#object.sizeBytes ?? this.#bytes },
      this.#tally
    );
    return this.#write(record);
  }

  /** The file is read (or cut off): its record from the tally. */
  #finish(format: string | undefined): Promise<IngestOutcome> {
    const object = this.#object;
    const record = fileRecordOf(
      this.#event,
      {
        format,
        sizeBytes: object.sizeBytes ?? this.#bytes,
        etag: object.etag,
        versionId: object.versionId,
      },
      this.#tally,
      this.#now()
    );
    return this.#write(record);
  }

  /** Writes the file's record: this invocation's last step. */
  #write(record: FileRecord): Promise<IngestOutcome> {
    return finish(
      this.#deps,
      record,
      this.#bytes,
      this.#startCounts,
      this.#chain.token
    );
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
  chainToken: string
): Promise<IngestOutcome> {
  const { store } = deps;
  const { bucket, key } = fileRecord;
  const write = await store.putFileRecord(fileRecord, chainToken);
  const removedAt = new Date(fileRecord.processedAt);
  if (write === 'written') {
    await store.removeEntries(bucket, key, {
      sequencer: fileRecord.sequencer,
      removedAt,
    });
    return {
      status: 'processed',
      fileRecord,
      bytes,
      added: countsAdded(fileRecord.counts, before),
    };
  }
  const newest = await store.getFileRecord(bucket, key);
  if (newest) {
    await store.removeEntries(
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
  await deps.store.removeEntries(
    event.bucket,
    event.key,
    { sequencer: event.sequencer, removedAt: deletedAt },
    previous?.articleIds
  );
  return { status: 'processed', fileRecord, bytes: 0, added: NO_COUNTS };
}
