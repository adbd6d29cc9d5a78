/**
 * LocalQueue: the SQS ingest queue and its dead-letter queue, in-process.
 *
 * The same semantics the stack configures in AWS: batches of up to
 * `batchSize` messages go to the handler; a message the handler reports in
 * `batchItemFailures` (or every message of a batch whose invocation throws)
 * becomes visible again after a back-off, and after `maxReceiveCount`
 * receives moves to the dead-letter list instead. Pending messages and dead
 * letters are saved as JSON in the data folder, so a restart loses neither.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

/** A message waiting in the queue. */
export interface QueuedMessage {
  readonly id: string;
  readonly body: string;
  readonly sentAt: string;
  receiveCount: number;
  /** Epoch ms when it may be received (again). */
  visibleAt: number;
  lastError?: string;
}

/** A message that failed every receive. */
export interface DeadLetter {
  readonly id: string;
  readonly body: string;
  readonly sentAt: string;
  readonly receiveCount: number;
  readonly deadLetteredAt: string;
  readonly lastError?: string;
}

/** Options of {@link LocalQueue}. */
export interface LocalQueueOptions {
  /** Processes one SQS batch, as the ingest Lambda does. */
  readonly handler: (event: SQSEvent) => Promise<SQSBatchResponse>;
  /** Where pending messages are saved. @default not saved */
  readonly queueFile?: string;
  /** Where dead letters are saved. @default not saved */
  readonly deadLetterFile?: string;
  /** @default 5, as the stack */
  readonly maxReceiveCount?: number;
  /** @default 10, as the stack */
  readonly batchSize?: number;
  /** Batches processed at once, like concurrent Lambda invocations. @default 4 */
  readonly concurrency?: number;
  /**
   * Delay before receive number `n + 1`, after `n` failed receives.
   * @default 1 s doubling per failure, at most 30 s
   */
  readonly backoffMs?: (receiveCount: number) => number;
  /** Called when a message moves to the dead-letter list. */
  readonly onDeadLetter?: (letter: DeadLetter) => void;
  /**
   * Why the handler failed a record it reported in `batchItemFailures`
   * (SQS's answer names the record, not the error): kept as the message's
   * `lastError`.
   * @default "the handler reported the record as failed"
   */
  readonly failureOf?: (body: string) => string | undefined;
}

const POLL_MS = 50;
/** How long queue changes may wait before they are saved. */
const SAVE_DELAY_MS = 200;

/** Receives before a message is dead-lettered, as the stack's queue. */
export const DEFAULT_MAX_RECEIVE_COUNT = 5;

/** An in-process queue with retries, back-off and a dead-letter list. */
export class LocalQueue {
  readonly #options: Required<
    Pick<
      LocalQueueOptions,
      'maxReceiveCount' | 'batchSize' | 'concurrency' | 'backoffMs'
    >
  > &
    LocalQueueOptions;
  #messages: QueuedMessage[] = [];
  #deadLetters: DeadLetter[] = [];
  readonly #inFlight = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #saveTimer: NodeJS.Timeout | undefined;
  #running = false;

  public constructor(options: LocalQueueOptions) {
    this.#options = {
      maxReceiveCount: DEFAULT_MAX_RECEIVE_COUNT,
      batchSize: 10,
      concurrency: 4,
      backoffMs: (n) => Math.min(1000 * 2 ** (n - 1), 30_000),
      ...options,
    };
    this.#messages = load<QueuedMessage[]>(options.queueFile) ?? [];
    this.#deadLetters = load<DeadLetter[]>(options.deadLetterFile) ?? [];
    // Messages that were in flight when the process stopped are due now.
    for (const message of this.#messages) message.visibleAt = 0;
  }

  /** Adds a message. */
  public send(body: string): void {
    this.#messages.push({
      id: randomUUID(),
      body,
      sentAt: new Date().toISOString(),
      receiveCount: 0,
      visibleAt: 0,
    });
    this.#saveQueue();
    this.#poll();
  }

  /** Messages waiting or in flight. */
  public get depth(): number {
    return this.#messages.length;
  }

  /** The bodies of the messages waiting or in flight. */
  public get bodies(): readonly string[] {
    return this.#messages.map((message) => message.body);
  }

  /** The dead letters, oldest first. */
  public get deadLetters(): readonly DeadLetter[] {
    return this.#deadLetters;
  }

  /**
   * Moves dead letters back to the queue, as an SQS redrive does: each is
   * sent again as a new message (a fresh receive count) with its body.
   * Meant for after the cause was fixed; a message that fails again is
   * retried and dead-lettered again, never lost.
   *
   * @param ids the dead letters to move; all of them when absent
   * @returns the ids of the dead letters moved (unknown ids are ignored)
   */
  public redrive(ids?: readonly string[]): string[] {
    const wanted = ids === undefined ? undefined : new Set(ids);
    const moving = this.#deadLetters.filter(
      (letter) => wanted === undefined || wanted.has(letter.id)
    );
    if (moving.length === 0) return [];
    this.#deadLetters = this.#deadLetters.filter((l) => !moving.includes(l));
    // Saved first: a crash in between leaves a message twice (delivered at
    // least once, as SQS promises), never nowhere.
    for (const letter of moving) this.send(letter.body);
    this.#flushQueue();
    save(this.#options.deadLetterFile, this.#deadLetters);
    return moving.map((letter) => letter.id);
  }

  /** Starts delivering messages. */
  public start(): void {
    this.#running = true;
    this.#poll();
  }

  /** Stops delivering, waits for batches in flight, saves the queue. */
  public async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await Promise.allSettled([...this.#inFlight]);
    this.#flushQueue();
  }

  /** Resolves when the queue is empty (for tests and benchmarks). */
  public async drained(): Promise<void> {
    while (this.#messages.length > 0 || this.#inFlight.size > 0) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  #poll(): void {
    if (!this.#running) return;
    clearTimeout(this.#timer);
    while (this.#inFlight.size < this.#options.concurrency) {
      const batch = this.#receive();
      if (batch.length === 0) break;
      const run = this.#deliver(batch).finally(() => {
        this.#inFlight.delete(run);
        this.#poll();
      });
      this.#inFlight.add(run);
    }
    // A loop, not Math.min(...): the queue may hold more messages than a
    // call has room for arguments.
    let next = Number.POSITIVE_INFINITY;
    for (const message of this.#messages) {
      next = Math.min(next, message.visibleAt);
    }
    if (Number.isFinite(next)) {
      this.#timer = setTimeout(
        () => this.#poll(),
        Math.max(POLL_MS, next - Date.now())
      );
    }
  }

  /** Takes up to a batch of visible messages and hides them while in flight. */
  #receive(): QueuedMessage[] {
    const now = Date.now();
    const batch: QueuedMessage[] = [];
    for (const message of this.#messages) {
      if (batch.length === this.#options.batchSize) break;
      if (message.visibleAt > now) continue;
      message.receiveCount += 1;
      message.visibleAt = Number.POSITIVE_INFINITY;
      batch.push(message);
    }
    return batch;
  }

  async #deliver(batch: QueuedMessage[]): Promise<void> {
    let failed: Set<string>;
    let thrown: string | undefined;
    try {
      const response = await this.#options.handler({
        Records: batch.map(toRecord),
      });
      failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
    } catch (error) {
      // An invocation error fails every message of the batch, as in Lambda.
      thrown = error instanceof Error ? error.message : String(error);
      failed = new Set(batch.map((m) => m.id));
    }
    const errorOf = (message: QueuedMessage) =>
      thrown ??
      this.#options.failureOf?.(message.body) ??
      'the handler reported the message as failed';
    // One clock reading for the batch: messages that failed together are
    // retried together, as in SQS.
    const now = Date.now();
    for (const message of batch) {
      if (!failed.has(message.id)) {
        this.#remove(message);
      } else if (message.receiveCount >= this.#options.maxReceiveCount) {
        this.#remove(message);
        const letter: DeadLetter = {
          id: message.id,
          body: message.body,
          sentAt: message.sentAt,
          receiveCount: message.receiveCount,
          deadLetteredAt: new Date().toISOString(),
          lastError: errorOf(message),
        };
        this.#deadLetters.push(letter);
        save(this.#options.deadLetterFile, this.#deadLetters);
        this.#options.onDeadLetter?.(letter);
      } else {
        message.lastError = errorOf(message);
        message.visibleAt = now + this.#options.backoffMs(message.receiveCount);
      }
    }
    this.#saveQueue();
  }

  #remove(message: QueuedMessage): void {
    const index = this.#messages.indexOf(message);
    if (index >= 0) this.#messages.splice(index, 1);
  }

  /**
   * Saves the pending messages soon: at most every {@link SAVE_DELAY_MS}.
   * Writing the whole queue on every change made a burst of N uploads cost
   * N² bytes of disk writes; a crash now loses at most that window's
   * changes, and stop() always saves.
   */
  #saveQueue(): void {
    if (!this.#options.queueFile || this.#saveTimer) return;
    this.#saveTimer = setTimeout(() => this.#flushQueue(), SAVE_DELAY_MS);
  }

  #flushQueue(): void {
    clearTimeout(this.#saveTimer);
    this.#saveTimer = undefined;
    save(this.#options.queueFile, this.#messages);
  }
}

function toRecord(message: QueuedMessage): SQSRecord {
  return {
    messageId: message.id,
    receiptHandle: message.id,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(Date.parse(message.sentAt)),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:dropwire-ingest',
    awsRegion: 'local',
  };
}

function load<T>(file: string | undefined): T | undefined {
  if (!file || !existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** Writes JSON atomically (write then rename), so a crash leaves no half file. */
function save(file: string | undefined, value: unknown): void {
  if (!file) return;
  const temp = `${file}.tmp`;
  writeFileSync(temp, JSON.stringify(value));
  renameSync(temp, file);
}
