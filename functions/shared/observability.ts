/**
 * Structured logging and metrics, shared by the Lambda functions.
 *
 * Powertools Logger writes JSON lines with the Lambda request id (and, where
 * a handler appends it, the object key); Powertools Metrics writes CloudWatch
 * Embedded Metric Format, so metrics cost no API calls. Both read their
 * settings from the standard `POWERTOOLS_*` variables (log level, service
 * name, `POWERTOOLS_METRICS_DISABLED` for tests and local mode).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/** The CloudWatch namespace of every Dropwire metric. */
export const METRICS_NAMESPACE = 'Dropwire';

/** A logger for one function, e.g. `ingest` or `api`. */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName: `dropwire-${serviceName}` });
}

/** A metrics emitter for one function. */
export function createMetrics(serviceName: string): Metrics {
  return new Metrics({
    namespace: METRICS_NAMESPACE,
    serviceName: `dropwire-${serviceName}`,
  });
}
