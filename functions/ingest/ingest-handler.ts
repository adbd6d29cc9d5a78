/**
 * The ingest Lambda's handler, built from its dependencies.
 *
 * An SQS batch of S3 event notifications, processed message by message,
 * one after the other, with Powertools' BatchProcessor: a message whose
 * processing throws (a transient fault) is reported in
 * `batchItemFailures`, so SQS retries just that message; every other
 * message is acknowledged. One at a time, because a file read whole may
 * take up to 50 MiB of text and several times that while parsed: ten in
 * parallel in one function's memory ran it out of memory or time, and
 * the whole batch was retried. A message that is no S3 notification at
 * all (garbage, a key with bad %-encoding) is poison: retrying cannot
 * help, so it is logged with its message id, counted
 * (`MessagesRejected`) and acknowledged, once. Its dependencies come
 * from one composition root, `dependencies.ts`: `handler.ts` gives it the
 * real clients, local mode, tests and benches clients of local servers.
 */
import {
  BatchProcessor,
  EventType,
  processPartialResponse,
} from '@aws-lambda-powertools/batch';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type {
  Context,
  SQSBatchResponse,
  SQSEvent,
  SQSRecord,
} from 'aws-lambda';
import { toError } from '../core/errors.ts';
import { INGEST_METRICS } from '../shared/observability.ts';
import { parseContinuation } from './continuation.ts';
import { markIfLastReceive } from './dead-letter.ts';
import type { IngestDependencies, IngestOutcome } from './ingest-object.ts';
import {
  MalformedMessageError,
  type ObjectCreatedEvent,
  objectEvents,
} from './s3-events.ts';

/** What the handler needs besides the ingest dependencies. */
export interface IngestHandlerOptions extends IngestDependencies {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /**
   * Called after each object with what became of it; local mode prints a
   * line per file from it.
   * @default nothing is called
   */
  readonly onOutcome?: ((report: IngestReport) => void) | undefined;
  /**
   * The queue's receives before a message is dead-lettered: a message that
   * fails its last one marks its file `dead-letter` (`dead-letter.ts`).
   * @default unset: files are never marked
   */
  readonly maxReceiveCount?: number | undefined;
}

/** One object's outcome, as `onOutcome` receives it. */
export interface IngestReport {
  readonly event: ObjectCreatedEvent;
  /** The outcome, or the error that will make SQS retry the message. */
  readonly outcome:
    | IngestOutcome
    | { readonly status: 'failed'; readonly error: Error };
  readonly ms: number;
}

/**
 * The pipeline (`ingest-object.ts`: the core's readers, parsers and clean
 * steps, and the libraries they use), imported on the first object, not
 * at module load: in the bundle it is a chunk of its own, which a cold
 * start that only rejects a message, or only waits for its first one,
 * never parses (bench:bundles times the cold import).
 */
let pipeline: Promise<typeof import('./ingest-object.ts')> | undefined;
const loadPipeline = () => {
  pipeline ??= import('./ingest-object.ts');
  return pipeline;
};

/** The Lambda handler type for SQS batches with partial failures. */
export type IngestHandler = (
  event: SQSEvent,
  context: Context
) => Promise<SQSBatchResponse>;

/**
 * Builds the ingest handler.
 *
 * @example
 * ```ts
 * const handler = createIngestHandler({ store, source, logger, metrics });
 * const { batchItemFailures } = await handler(sqsEvent, context);
 * ```
 */
export function createIngestHandler(
  options: IngestHandlerOptions
): IngestHandler {
  const { logger, metrics } = options;

  const processMessage = async (
    message: SQSRecord,
    context?: Context
  ): Promise<void> => {
    // The rest of a file an earlier invocation ran out of time for, or an
    // S3 notification. A body that is neither is rejected here, once.
    const resume = parseContinuation(message.body);
    let events: ObjectCreatedEvent[];
    try {
      events = resume ? [resume.event] : objectEvents(message.body);
    } catch (error) {
      if (!(error instanceof MalformedMessageError)) throw error;
      metrics.addMetric(INGEST_METRICS.messagesRejected, MetricUnit.Count, 1);
      logger.error('message rejected: not an S3 event notification', {
        messageId: message.messageId,
        reason: error.message,
      });
      return;
    }
    const run = {
      resume,
      remainingTimeMs: context && (() => context.getRemainingTimeInMillis()),
    };
    for (const event of events) {
      const started = performance.now();
      try {
        const { ingestObject } = await loadPipeline();
        const outcome = await ingestObject(event, options, run);
        const ms = performance.now() - started;
        report(outcome, event.key, ms);
        options.onOutcome?.({ event, outcome, ms });
      } catch (error) {
        options.onOutcome?.({
          event,
          outcome: { status: 'failed', error: toError(error) },
          ms: performance.now() - started,
        });
        metrics.addMetric(INGEST_METRICS.ingestFailures, MetricUnit.Count, 1);
        // The message id and the error, where a person looking at a dead
        // letter (which SQS keeps without its error) can find them.
        logger.warn('ingest failed; the message will be retried', {
          messageId: message.messageId,
          receiveCount: message.attributes?.ApproximateReceiveCount,
          key: event.key,
          bucket: event.bucket,
          error,
        });
        await markIfLastReceive(options, event, message, toError(error));
        throw error;
      }
    }
  };

  const report = (outcome: IngestOutcome, key: string, ms: number) => {
    if (outcome.status === 'skipped') {
      metrics.addMetric(INGEST_METRICS.filesSkipped, MetricUnit.Count, 1);
      logger.info('file skipped', { key, reason: outcome.reason });
      return;
    }
    // `added`: a continued file's other invocations count their own.
    const { added } = outcome;
    metrics.addMetric(
      INGEST_METRICS.articlesStored,
      MetricUnit.Count,
      added.stored
    );
    metrics.addMetric(
      INGEST_METRICS.articlesDuplicate,
      MetricUnit.Count,
      added.duplicate
    );
    metrics.addMetric(
      INGEST_METRICS.entriesRejected,
      MetricUnit.Count,
      added.rejected
    );
    if (outcome.status === 'continued') {
      metrics.addMetric(INGEST_METRICS.filesContinued, MetricUnit.Count, 1);
      logger.info('file continued in a follow-up message', {
        key,
        entries: outcome.entries,
        counts: outcome.tally.counts,
      });
      return;
    }
    const { fileRecord: record, bytes } = outcome;
    metrics.addMetric(INGEST_METRICS.bytesIngested, MetricUnit.Bytes, bytes);
    if (record.status === 'rejected') {
      metrics.addMetric(INGEST_METRICS.filesRejected, MetricUnit.Count, 1);
    }
    logger.info('file processed', {
      key,
      bucket: record.bucket,
      status: record.status,
      reason: record.reason,
      counts: record.counts,
      articleIds: record.articleIds.slice(0, 10),
      ms: Math.round(ms),
    });
  };

  const handle = async (event: SQSEvent, context: Context) =>
    // A processor per invocation: it keeps the batch's messages and failures
    // as state, and local mode runs several batches at once through one
    // handler (Lambda never does, but sharing would mix their results).
    processPartialResponse(
      event,
      processMessage,
      new BatchProcessor(EventType.SQS),
      {
        context,
        // Always answer with the failed messages, even when all failed: the
        // response then says which, rather than an opaque invocation error.
        throwOnFullBatchFailure: false,
        // One file at a time: see the module comment.
        processInParallel: false,
      }
    );

  return middy(handle)
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics)) as unknown as IngestHandler;
}
