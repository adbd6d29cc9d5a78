/**
 * Stack properties from CDK context, checked in one place.
 *
 * | context key | meaning | default |
 * |---|---|---|
 * | `alarmEmail` | e-mail address for alarm notifications | none |
 * | `retainData` | keep table and buckets on stack deletion (`true`/`false`) | `true` |
 * | `ingestMemorySize` | ingest function memory, MB | 1024 |
 * | `ingestTimeoutSeconds` | ingest function timeout | 30 |
 * | `ingestReservedConcurrency` | ingest function reserved concurrency | none |
 * | `maxReceiveCount` | receives before the dead-letter queue | 5 |
 * | `apiAuth` | `iam` (SigV4-signed requests) or `none` (public read API) | `iam` |
 */
import { Duration } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { DropwireStackProps } from './dropwire-stack.ts';

/**
 * Reads the stack's properties from context.
 *
 * @throws Error naming every invalid context value at once
 */
export function stackPropsFromContext(scope: Construct): DropwireStackProps {
  const problems: string[] = [];
  const get = (key: string): string | undefined => {
    const value = scope.node.tryGetContext(key);
    return value === undefined || value === null ? undefined : String(value);
  };
  const int = (key: string): number | undefined => {
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
  const reserved = int('ingestReservedConcurrency');
  const receives = int('maxReceiveCount');
  if (problems.length > 0) {
    throw new Error(`invalid Dropwire configuration: ${problems.join('; ')}`);
  }
  return {
    retainData: retainRaw !== 'false',
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(apiAuth === 'iam' || apiAuth === 'none' ? { apiAuth } : {}),
    ...(memory ? { ingestMemorySize: memory } : {}),
    ...(timeout ? { ingestTimeout: Duration.seconds(timeout) } : {}),
    ...(reserved ? { ingestReservedConcurrency: reserved } : {}),
    ...(receives ? { maxReceiveCount: receives } : {}),
  };
}
