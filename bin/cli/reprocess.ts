/**
 * `dropwire reprocess [--prefix p] [--dry-run] [--start-after key]`: sends
 * every current object of the drop bucket (or under a prefix) to the
 * ingest queue again, to be read by the current parser.
 *
 * ```
 * ListObjects (pages of 1,000, by Marker) ─► SendMessageBatch (10 a batch,
 *   4 batches in flight; failed entries retried) ─► ingest queue
 * ```
 * One code path for both stacks: with `--bucket` and `--queue-url` (the
 * stack's `DropBucketName` and `IngestQueueUrl` outputs) it uses the
 * caller's AWS credentials, which need only `s3:ListBucket` and
 * `sqs:SendMessage` (`REPROCESS_CALLS` in lib/permissions.ts); without
 * them, the running local stack's bucket and its queue's SQS endpoint
 * (`local.json`). Each message is a reprocess request
 * (`reprocessBody`): ingest re-reads an unchanged object under its
 * recorded version, at no article write.
 *
 * Keys are listed in S3's order, so "every key up to K was sent" is a
 * place to resume from: on SIGINT or an error the command stops, waits for
 * the batches in flight, and says `--start-after K`. A key whose entry
 * still failed after the retries is reported, and the resume point stays
 * before it, so a resumed run sends it again.
 */
import { ListObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { SingleBar } from 'cli-progress';
import {
  type ReprocessObject,
  reprocessBody,
} from '../../functions/ingest/s3-events.ts';
import {
  createS3Client,
  createSqsClient,
} from '../../functions/store/clients.ts';
import { localClientOptions } from '../local/servers.ts';
import { readLocalState } from './local-state.ts';

/** Options of {@link reprocessCommand}. */
export interface ReprocessOptions {
  /** Only keys that start so. @default every key */
  readonly prefix?: string | undefined;
  /** List and count, send nothing. @default false */
  readonly dryRun?: boolean | undefined;
  /** Only keys after this one (a run's resume point). @default the first */
  readonly startAfter?: string | undefined;
  /** A bucket in AWS; with {@link queueUrl}. @default the local stack's */
  readonly bucket?: string | undefined;
  /** The stack's `IngestQueueUrl` output; with {@link bucket}. */
  readonly queueUrl?: string | undefined;
  /** @default AWS_REGION, else the queue URL's region, else us-east-1 */
  readonly region?: string | undefined;
  /** The local stack's data folder. @default .dropwire */
  readonly dataDir?: string | undefined;
  /** Stops the run (SIGINT): batches in flight finish first. */
  readonly signal?: AbortSignal | undefined;
  /** Show the progress bar. @default when standard error is a terminal */
  readonly progress?: boolean | undefined;
  /** Batches in flight at once. @default 4 */
  readonly concurrency?: number | undefined;
  /** Sends of an entry SQS failed, the first included. @default 3 */
  readonly maxAttempts?: number | undefined;
  /** Wait before the first resend, doubled after each. @default 200 */
  readonly retryDelayMs?: number | undefined;
  /** Clients and target to use instead (tests). @default from the options */
  readonly target?: ReprocessTarget | undefined;
}

/** Where requests are listed from and sent to. */
export interface ReprocessTarget {
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly bucket: string;
  readonly queueUrl: string;
  /** For people: the bucket and queue. */
  readonly where: string;
}

/** A key that was not sent, and why. */
export interface ReprocessFailure {
  readonly key: string;
  readonly reason: string;
}

/** What a run came to. */
export interface ReprocessSummary {
  readonly where: string;
  readonly dryRun: boolean;
  readonly listed: number;
  readonly sent: number;
  readonly failed: readonly ReprocessFailure[];
  readonly seconds: number;
  /**
   * The resume point: every listed key up to this one was sent. Absent
   * when none was (the run's own `startAfter` is then still the place).
   */
  readonly lastSentKey?: string | undefined;
  /** Why the run stopped before the end of the listing. */
  readonly stopped?: string | undefined;
}

/** Objects a ListObjects page holds at most. */
const PAGE_KEYS = 1000;
/** Entries a SendMessageBatch takes at most (SQS's limit). */
const BATCH_ENTRIES = 10;

/**
 * Lists the bucket and sends a reprocess request for every object.
 *
 * @throws only for a bad target (no local stack, half of the AWS flags);
 *   a failure while running is a summary with `stopped`
 */
export async function reprocessCommand(
  options: ReprocessOptions
): Promise<ReprocessSummary> {
  const target = options.target ?? (await reprocessTarget(options));
  const bar = new SingleBar({
    format:
      'reprocessing {bar} {value}/{total} objects listed so far | {duration_formatted}',
    stream: process.stderr,
  });
  const progress = options.progress ?? process.stderr.isTTY;
  const started = performance.now();
  const run = new ReprocessRun(target, options, (sent, listed) => {
    if (!progress) return;
    bar.setTotal(listed);
    bar.update(sent);
  });
  if (progress) bar.start(0, 0);
  try {
    await run.run();
  } finally {
    if (progress) bar.stop();
  }
  return {
    where: target.where,
    dryRun: options.dryRun ?? false,
    listed: run.listed,
    sent: run.sent,
    failed: run.failed,
    seconds: (performance.now() - started) / 1000,
    lastSentKey: run.lastSentKey,
    stopped: run.stopped,
  };
}

/** A batch's result: the keys sent, the failures (listing order). */
interface BatchResult {
  readonly keys: readonly string[];
  readonly failed: ReadonlyMap<string, string>;
}

/** One run through the listing. */
class ReprocessRun {
  readonly #target: ReprocessTarget;
  readonly #options: ReprocessOptions;
  readonly #onProgress: (sent: number, listed: number) => void;
  public listed = 0;
  public sent = 0;
  public readonly failed: ReprocessFailure[] = [];
  public lastSentKey: string | undefined;
  public stopped: string | undefined;
  /** Whether the resume point stopped moving (a key before it failed). */
  #held = false;

  public constructor(
    target: ReprocessTarget,
    options: ReprocessOptions,
    onProgress: (sent: number, listed: number) => void
  ) {
    this.#target = target;
    this.#options = options;
    this.#onProgress = onProgress;
  }

  public async run(): Promise<void> {
    let startAfter = this.#options.startAfter;
    try {
      do {
        if (this.#stopRequested()) return;
        // ListObjects (v1), paged by Marker, the last key listed: the same
        // as resuming. s3rver answers a truncated ListObjectsV2 with a 500
        // (its continuation token needs OpenSSL's legacy provider in the
        // npm start process); S3 serves both alike (s3:ListBucket).
        const page = await this.#target.s3.send(
          new ListObjectsCommand({
            Bucket: this.#target.bucket,
            MaxKeys: PAGE_KEYS,
            ...(this.#options.prefix ? { Prefix: this.#options.prefix } : {}),
            ...(startAfter ? { Marker: startAfter } : {}),
          })
        );
        const objects = (page.Contents ?? []).filter(
          (object) => object.Key !== undefined
        );
        this.listed += objects.length;
        this.#onProgress(this.sent, this.listed);
        if (!this.#options.dryRun) await this.#sendPage(objects);
        if (this.stopped) return;
        startAfter = objects.at(-1)?.Key;
        if (!page.IsTruncated) return;
      } while (startAfter !== undefined);
    } catch (error) {
      this.stopped = error instanceof Error ? error.message : String(error);
    }
  }

  #stopRequested(): boolean {
    if (this.#options.signal?.aborted) this.stopped ??= 'interrupted';
    return this.stopped !== undefined;
  }

  /** Sends a page's objects, batch by batch, some batches at once. */
  async #sendPage(objects: readonly ListedObject[]): Promise<void> {
    const batches: ListedObject[][] = [];
    for (let at = 0; at < objects.length; at += BATCH_ENTRIES) {
      batches.push(objects.slice(at, at + BATCH_ENTRIES));
    }
    const results: (BatchResult | undefined)[] = batches.map(() => undefined);
    let next = 0;
    const worker = async () => {
      while (next < batches.length && !this.#stopRequested()) {
        const index = next++;
        try {
          const result = await this.#sendBatch(batches[index] ?? []);
          results[index] = result;
          this.sent += result.keys.length - result.failed.size;
          this.#onProgress(this.sent, this.listed);
        } catch (error) {
          this.stopped ??=
            error instanceof Error ? error.message : String(error);
        }
      }
    };
    await Promise.all(
      Array.from({ length: this.#options.concurrency ?? 4 }, worker)
    );
    // The resume point moves over the batches done, in listing order, up
    // to the first key not sent.
    for (const result of results) {
      if (!result) {
        this.#held = true;
        break;
      }
      for (const key of result.keys) {
        const reason = result.failed.get(key);
        if (reason !== undefined) {
          this.failed.push({ key, reason });
          this.#held = true;
        } else if (!this.#held) {
          this.lastSentKey = key;
        }
      }
    }
  }

  /** One SendMessageBatch, with resends of the entries SQS failed. */
  async #sendBatch(objects: readonly ListedObject[]): Promise<BatchResult> {
    const keys = objects.map((object) => object.Key as string);
    const failed = new Map<string, string>();
    let pending = objects.map((object, index) => ({
      id: String(index),
      object,
    }));
    const attempts = this.#options.maxAttempts ?? 3;
    const delayMs = this.#options.retryDelayMs ?? 200;
    for (
      let attempt = 1;
      attempt <= attempts && pending.length > 0;
      attempt++
    ) {
      if (attempt > 1) await sleep(delayMs * 2 ** (attempt - 2));
      const { Failed = [] } = await this.#target.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.#target.queueUrl,
          Entries: pending.map(({ id, object }) => ({
            Id: id,
            MessageBody: reprocessBody(this.#target.bucket, requestOf(object)),
          })),
        })
      );
      const failures = new Map(Failed.map((entry) => [entry.Id, entry]));
      const again: typeof pending = [];
      for (const entry of pending) {
        const failure = failures.get(entry.id);
        if (!failure) {
          failed.delete(entry.object.Key as string);
          continue;
        }
        failed.set(
          entry.object.Key as string,
          `${failure.Code ?? 'failed'}: ${failure.Message ?? 'no message'} (after ${attempt} attempt${attempt === 1 ? '' : 's'})`
        );
        // A sender's fault (a body SQS refuses) fails the same way again.
        if (!failure.SenderFault) again.push(entry);
      }
      pending = again;
    }
    return { keys, failed };
  }
}

/** An object of a ListObjects page. */
interface ListedObject {
  readonly Key?: string | undefined;
  readonly ETag?: string | undefined;
  readonly Size?: number | undefined;
  readonly LastModified?: Date | undefined;
}

function requestOf(object: ListedObject): ReprocessObject {
  return {
    key: object.Key as string,
    etag: object.ETag,
    sizeBytes: object.Size,
    lastModified: object.LastModified,
  };
}

/** The bucket and queue of the options: in AWS, or the local stack's. */
export async function reprocessTarget(
  options: ReprocessOptions
): Promise<ReprocessTarget> {
  if (Boolean(options.bucket) !== Boolean(options.queueUrl)) {
    throw new Error(
      '--bucket and --queue-url go together (for AWS: the DropBucketName and IngestQueueUrl outputs); give both or neither'
    );
  }
  if (options.bucket && options.queueUrl) {
    const region =
      options.region ??
      process.env.AWS_REGION ??
      regionOf(options.queueUrl) ??
      'us-east-1';
    return {
      s3: createS3Client({ region }),
      sqs: await createSqsClient({ region }),
      bucket: options.bucket,
      queueUrl: options.queueUrl,
      where: `s3://${options.bucket} → ${options.queueUrl}`,
    };
  }
  const state = readLocalState(options.dataDir);
  if (!state.queueUrl) {
    throw new Error(
      'the running local stack has no queue endpoint (it started before reprocess existed); restart npm start'
    );
  }
  const local = {
    ...localClientOptions({ s3Endpoint: state.s3Endpoint }),
    sqsEndpoint: new URL(state.queueUrl).origin,
  };
  return {
    s3: createS3Client(local),
    sqs: await createSqsClient(local),
    bucket: state.bucket,
    queueUrl: state.queueUrl,
    where: `the local stack (${state.bucket} → ${state.queueUrl})`,
  };
}

/** The region in an SQS queue URL (`https://sqs.<region>.amazonaws.com/…`). */
function regionOf(queueUrl: string): string | undefined {
  return /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com\//u.exec(queueUrl)?.[1];
}

/**
 * The lines that end a run, for people: the summary (standard output),
 * then failures and where to resume (standard error).
 */
export function summaryLines(
  summary: ReprocessSummary,
  options: ReprocessOptions
): { readonly out: string[]; readonly err: string[] } {
  const scope = options.prefix ? ` under "${options.prefix}"` : '';
  const rate =
    summary.seconds > 0 ? Math.round(summary.sent / summary.seconds) : 0;
  const out = summary.dryRun
    ? [
        `dry run: ${summary.listed} object${summary.listed === 1 ? '' : 's'}${scope} in ${summary.where} would be sent (nothing was sent) in ${summary.seconds.toFixed(1)} s`,
      ]
    : [
        `reprocess${scope} of ${summary.where}: listed ${summary.listed}, sent ${summary.sent}, failed ${summary.failed.length} in ${summary.seconds.toFixed(1)} s (${rate} objects/s)`,
      ];
  const err = summary.failed.map(
    (failure) => `failed: ${failure.key}: ${failure.reason}`
  );
  if (summary.stopped || summary.failed.length > 0) {
    const from = summary.lastSentKey ?? options.startAfter;
    if (summary.stopped) err.push(`stopped: ${summary.stopped}`);
    err.push(
      from === undefined
        ? 'no object was sent in order from the start; run the same command again:'
        : `every object up to "${from}" was sent; resume with:`
    );
    err.push(`  ${resumeCommand({ ...options, startAfter: from })}`);
  }
  return { out, err };
}

/** The command that runs `options` again, quoted for a POSIX shell. */
export function resumeCommand(options: ReprocessOptions): string {
  const flags: [string, string | undefined][] = [
    ['--prefix', options.prefix],
    ['--start-after', options.startAfter],
    ['--bucket', options.bucket],
    ['--queue-url', options.queueUrl],
    ['--region', options.region],
    ['--data-dir', options.dataDir],
  ];
  return [
    'npx dropwire reprocess',
    ...flags
      .filter(([, value]) => value !== undefined)
      .map(([flag, value]) => `${flag} ${shellQuote(value as string)}`),
  ].join(' ');
}

/** `value` as one POSIX shell word. */
export function shellQuote(value: string): string {
  return /^[\w./:=@%+-]+$/u.test(value)
    ? value
    : `'${value.replaceAll("'", "'\\''")}'`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
