/**
 * FileChain: the invocations that read one version of a file, as the
 * ingest function sees them.
 *
 * ```
 * S3 event ─► start (processing record, new token, step 1)
 *   └─ out of time ─► hand off: record at step k + 1 (claimed once),
 *                     then the message (token, k + 1), then "sent"
 * continuation (token, k) ─► join: the record must be at (token, k);
 *   at (token, k + 1) and not sent: the message is sent again, else stale
 * ```
 * The chain's state is in the file record (`file-progress.ts` has the
 * conditions that keep it consistent); this module decides, from what
 * the record says, whether a message starts, joins or is stale.
 */
import type { ContinuationQueue } from '../store/continuation-queue.ts';
import type { ChainState, FileProgressStore } from '../store/file-progress.ts';
import { newChainToken, type ResumePoint } from '../store/file-progress.ts';
import type { FileRecord } from '../store/file-record.ts';
import { type Continuation, continuationBody } from './continuation.ts';
import { EMPTY_TALLY, type Tally } from './file-tally.ts';
import type { ObjectCreatedEvent } from './s3-events.ts';

/** What a chain needs to write its record and send its messages. */
export interface ChainDependencies {
  readonly progress: FileProgressStore;
  /** @default none: a chain cannot hand off, and files finish in one step */
  readonly continuations?: ContinuationQueue | undefined;
}

/** A message's place in its file's chain. */
export type ChainJoin =
  | { readonly status: 'joined'; readonly chain: FileChain }
  | { readonly status: 'stale'; readonly reason: string };

/** One step of the chain reading a file. */
export class FileChain {
  readonly #event: ObjectCreatedEvent;
  readonly #deps: ChainDependencies;
  readonly #state: ChainState;
  /** When the chain's first step began. */
  public readonly startedAt: Date;
  /** What the steps before this one came to. */
  public readonly tally: Tally;

  private constructor(
    event: ObjectCreatedEvent,
    deps: ChainDependencies,
    state: ChainState,
    startedAt: Date,
    tally: Tally
  ) {
    this.#event = event;
    this.#deps = deps;
    this.#state = state;
    this.startedAt = startedAt;
    this.tally = tally;
  }

  /** A new chain for an object's event: step 1, from the file's start. */
  public static fresh(
    event: ObjectCreatedEvent,
    deps: ChainDependencies,
    now: Date
  ): FileChain {
    const state = {
      token: newChainToken(),
      step: 1,
      resume: { entries: 0 },
      sent: true,
    };
    return new FileChain(event, deps, state, now, EMPTY_TALLY);
  }

  /**
   * Joins the chain a continuation message belongs to, from the file
   * record: the step it is for, with the counts so far; or stale.
   */
  public static async join(
    continuation: Continuation,
    deps: ChainDependencies
  ): Promise<ChainJoin> {
    const { event, chain: token, step } = continuation;
    const stored = await deps.progress.load(event.bucket, event.key);
    const chain = stored?.chain;
    const record = stored?.record;
    if (
      !record ||
      !chain ||
      record.status !== 'processing' ||
      record.sequencer !== event.sequencer ||
      chain.token !== token
    ) {
      return {
        status: 'stale',
        reason: `continuation of chain ${token} is stale: the file record is ${record ? `${record.status} (sequencer ${record.sequencer})` : 'absent'}`,
      };
    }
    if (chain.step === step) {
      const startedAt = new Date(record.startedAt ?? record.processedAt);
      return {
        status: 'joined',
        chain: new FileChain(event, deps, chain, startedAt, tallyOf(record)),
      };
    }
    if (step !== undefined && (await resendHandOff(event, deps, chain, step))) {
      return {
        status: 'stale',
        reason: `step ${step} had handed off to step ${chain.step}; its message was sent again`,
      };
    }
    return {
      status: 'stale',
      reason: `continuation for step ${step} of chain ${token} is stale: the chain is at step ${chain.step}`,
    };
  }

  /** The chain's token: the final file-record write is conditional on it. */
  public get token(): string {
    return this.#state.token;
  }

  /** The step this invocation is (1 for the first). */
  public get step(): number {
    return this.#state.step;
  }

  /** Where this step resumes. */
  public get resume(): ResumePoint {
    return this.#state.resume;
  }

  /** Whether this chain can hand off (a continuation queue is set). */
  public get canHandOff(): boolean {
    return this.#deps.continuations !== undefined;
  }

  /**
   * Writes the `processing` record of the first step.
   *
   * @returns `refused` when a newer version has a record, or a chain of
   *   this version is reading it already (the event is a redelivery); else
   *   whether the record it replaced was an older version's
   */
  public async start(
    record: FileRecord,
    now: Date
  ): Promise<
    | 'refused'
    | {
        readonly replacedOlder: boolean;
        /** The sequencer of the record replaced; undefined if none. */
        readonly replaced: string | undefined;
      }
  > {
    const written = await this.#deps.progress.start(record, this.#state, now);
    if (written.status === 'written') {
      const previous = written.previousSequencer;
      return {
        replacedOlder: previous !== undefined && previous < record.sequencer,
        replaced: previous,
      };
    }
    // Refused: if this is the retry of a first step whose hand-off message
    // was not sent, send it now.
    const stored = await this.#deps.progress.load(record.bucket, record.key);
    if (
      stored?.chain &&
      stored.record.status === 'processing' &&
      stored.record.sequencer === record.sequencer
    ) {
      await resendHandOff(this.#event, this.#deps, stored.chain, 1);
    }
    return 'refused';
  }

  /**
   * Hands the file off to the next step: `record` (what the file has come
   * to) at step + 1, resuming at `resume`; then the message.
   *
   * @returns false when another delivery or chain took the record over:
   *   this invocation stops without sending
   */
  public async handOff(
    record: FileRecord,
    resume: ResumePoint
  ): Promise<boolean> {
    const next: ChainState = {
      token: this.#state.token,
      step: this.#state.step + 1,
      resume,
      sent: false,
    };
    const claimed = await this.#deps.progress.handOff(
      record,
      this.#state,
      next
    );
    if (claimed === 'refused') return false;
    await sendStep(this.#event, this.#deps, next);
    return true;
  }
}

/**
 * Sends the message of `chain`'s current step again if step `from` handed
 * off to it and the send did not happen (it failed, and this is the
 * retry). Should both messages arrive, only one claims the next step.
 *
 * @returns whether it was sent
 */
async function resendHandOff(
  event: ObjectCreatedEvent,
  deps: ChainDependencies,
  chain: ChainState,
  from: number
): Promise<boolean> {
  if (chain.step !== from + 1 || chain.sent) return false;
  await sendStep(event, deps, chain);
  return true;
}

/** Sends the message of `chain`'s current step, then notes it was sent. */
async function sendStep(
  event: ObjectCreatedEvent,
  deps: ChainDependencies,
  chain: ChainState
): Promise<void> {
  if (!deps.continuations) {
    throw new Error(
      `file s3://${event.bucket}/${event.key} was handed off to step ${chain.step} without a continuation queue to send it on`
    );
  }
  await deps.continuations.send(
    continuationBody({ event, chain: chain.token, step: chain.step })
  );
  await deps.progress.markSent(event, chain);
}

/** What a `processing` record says the steps before came to. */
function tallyOf(record: FileRecord): Tally {
  return {
    counts: record.counts,
    problems: record.problems,
    articleIds: record.articleIds,
    format: record.format as Tally['format'],
  };
}
