/**
 * Stack properties from CDK context, checked in one place.
 *
 * The keys and their defaults are {@link CONTEXT_DEFAULTS}; what each one
 * means is in the README's configuration table (checked against this
 * module by tests/infra/defaults.test.ts).
 */
import { Duration } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { STACK_DEFAULTS } from './defaults.ts';
import type { DropwireStackProps } from './dropwire-stack.ts';

/**
 * The CDK context keys the app reads, with the default each one has when
 * it is not set (`undefined`: none), from `lib/defaults.ts`.
 */
export const CONTEXT_DEFAULTS = {
  apiAuth: STACK_DEFAULTS.apiAuth,
  alarmEmail: undefined,
  retainData: STACK_DEFAULTS.retainData,
  ingestMemorySize: STACK_DEFAULTS.ingestMemorySize,
  ingestTimeoutSeconds: STACK_DEFAULTS.ingestTimeout.toSeconds(),
  ingestMaxConcurrency: STACK_DEFAULTS.ingestMaxConcurrency,
  maxReceiveCount: STACK_DEFAULTS.maxReceiveCount,
} as const;

/** A context key the app reads. */
export type ContextKey = keyof typeof CONTEXT_DEFAULTS;

/**
 * Reads the stack's properties from context. A key that is not set is
 * left undefined, for the stack to fill in its default.
 *
 * @throws Error naming every invalid context value at once
 */
export function stackPropsFromContext(scope: Construct): DropwireStackProps {
  const problems: string[] = [];
  const get = (key: ContextKey): string | undefined => {
    const value = scope.node.tryGetContext(key);
    return value === undefined || value === null ? undefined : String(value);
  };
  const int = (key: ContextKey): number | undefined => {
    const raw = get(key);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value <= 0) {
      problems.push(`context ${key} is "${raw}"; expected a positive integer`);
      return undefined;
    }
    return value;
  };
  const retainRaw = get('retainData');
  if (retainRaw !== undefined && !['true', 'false'].includes(retainRaw)) {
    problems.push(
      `context retainData is "${retainRaw}"; expected true or false`
    );
  }
  const alarmEmail = get('alarmEmail');
  if (
    alarmEmail !== undefined &&
    !/^[^@\s]+@[^@\s]+\.[^@\s]+$/u.test(alarmEmail)
  ) {
    problems.push(
      `context alarmEmail is "${alarmEmail}"; expected an e-mail address`
    );
  }
  const apiAuth = get('apiAuth');
  if (apiAuth !== undefined && apiAuth !== 'iam' && apiAuth !== 'none') {
    problems.push(`context apiAuth is "${apiAuth}"; expected iam or none`);
  }
  const memory = int('ingestMemorySize');
  const timeout = int('ingestTimeoutSeconds');
  const concurrency = int('ingestMaxConcurrency');
  if (concurrency !== undefined && (concurrency < 2 || concurrency > 1000)) {
    problems.push(
      `context ingestMaxConcurrency is "${concurrency}"; expected an integer from 2 to 1,000 (the SQS event source's range)`
    );
  }
  const receives = int('maxReceiveCount');
  if (problems.length > 0) {
    throw new Error(`invalid Dropwire configuration: ${problems.join('; ')}`);
  }
  return {
    retainData:
      retainRaw === undefined
        ? CONTEXT_DEFAULTS.retainData
        : retainRaw === 'true',
    alarmEmail,
    apiAuth: apiAuth === 'iam' || apiAuth === 'none' ? apiAuth : undefined,
    ingestMemorySize: memory,
    ingestTimeout: timeout ? Duration.seconds(timeout) : undefined,
    ingestMaxConcurrency: concurrency,
    maxReceiveCount: receives,
  };
}
