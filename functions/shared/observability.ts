/**
 * Structured logging and metrics, shared by the Lambda functions, and the
 * names the stack's alarms and dashboard read them by.
 *
 * Powertools Logger writes JSON lines with the Lambda request id (and, where
 * a handler appends it, the object key); Powertools Metrics writes CloudWatch
 * Embedded Metric Format, so metrics cost no API calls. Both read their
 * other settings from the standard `POWERTOOLS_*` variables (log level,
 * `POWERTOOLS_METRICS_DISABLED` for tests and local mode).
 *
 * The service name is the one exception: it is passed here, and Powertools
 * lets an explicit `serviceName` win over `POWERTOOLS_SERVICE_NAME`. That is
 * on purpose: the metrics' `service` dimension is what the dashboard
 * (`lib/constructs/monitoring.ts`) selects by, so it must not change with
 * an environment variable. The stack still sets the variable, to the same
 * {@link SERVICE_NAMES} value, for any Powertools utility that reads it.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/** The CloudWatch namespace of every Dropwire metric. */
export const METRICS_NAMESPACE = 'Dropwire';

/** Each function's service name: in its logs, and its metrics' dimension. */
export const SERVICE_NAMES = {
  ingest: 'dropwire-ingest',
  api: 'dropwire-api',
} as const;

/** A Dropwire function, as {@link SERVICE_NAMES} names it. */
export type DropwireService = keyof typeof SERVICE_NAMES;

/**
 * The ingest function's metrics, by what they count: the handler emits
 * these names, the dashboard draws them. The names are what CloudWatch
 * keeps the history under (and what alarms people add select), so they
 * stay as they are: `RecordsRejected` counts rejected entries.
 */
export const INGEST_METRICS = {
  /** Entries stored as articles. */
  articlesStored: 'ArticlesStored',
  /** Entries whose text was already stored. */
  articlesDuplicate: 'ArticlesDuplicate',
  /** Entries rejected, each with a problem. */
  entriesRejected: 'RecordsRejected',
  /** Files recorded as rejected. */
  filesRejected: 'FilesRejected',
  /** Events skipped: the object changed, or a newer version was recorded. */
  filesSkipped: 'FilesSkipped',
  /** Files continued in a follow-up message. */
  filesContinued: 'FilesContinued',
  /** Bytes of the files processed. */
  bytesIngested: 'BytesIngested',
  /** Objects that failed with a transient fault (the message is retried). */
  ingestFailures: 'IngestFailures',
  /**
   * Messages that are not S3 notifications (garbage, a key with bad
   * %-encoding): dropped after one receive, never retried.
   */
  messagesRejected: 'MessagesRejected',
} as const;

/** A logger for one function. */
export function createLogger(service: DropwireService): Logger {
  return new Logger({ serviceName: SERVICE_NAMES[service] });
}

/** A metrics emitter for one function. */
export function createMetrics(service: DropwireService): Metrics {
  return new Metrics({
    namespace: METRICS_NAMESPACE,
    serviceName: SERVICE_NAMES[service],
  });
}
