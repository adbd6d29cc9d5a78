/**
 * Retrying a write that lost a race with a concurrent transaction.
 *
 * DynamoDB cancels a transaction that touches an item another transaction
 * is writing at that moment (`TransactionCanceledException` with a
 * `TransactionConflict` reason), and refuses a single write to such an item
 * (`TransactionConflictException`). Two files holding the same text, or the
 * same key's versions processed at once, meet this in ordinary use: it is
 * not a fault of the file, and failing the whole message for it would make
 * SQS read the file again from the start. So the write is retried in
 * place, with exponential back-off and full jitter (AWS's "Exponential
 * Backoff And Jitter"), a few times, before the error is let through.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

/** Options of {@link retryOnConflict}. */
export interface ConflictRetryOptions {
  /**
   * Tries in all, the first included.
   * @default 6 ({@link DEFAULT_CONFLICT_ATTEMPTS})
   */
  readonly attempts?: number | undefined;
  /**
   * The first back-off's cap, in milliseconds; each next one doubles.
   * @default 25
   */
  readonly baseDelayMs?: number | undefined;
  /** @default Math.random */
  readonly random?: (() => number) | undefined;
}

/**
 * Tries before a conflict is let through: 6, so back-offs of up to 25, 50,
 * 100, 200 and 400 ms, under a second in all: a conflicting transaction
 * takes milliseconds.
 */
export const DEFAULT_CONFLICT_ATTEMPTS = 6;
const DEFAULT_BASE_DELAY_MS = 25;

/**
 * Runs `write`, again after a back-off while it fails with a transaction
 * conflict; any other error, or the last conflict, is thrown.
 *
 * @example
 * ```ts
 * const outcome = await retryOnConflict(() => store.saveArticle(a, source));
 * ```
 */
export async function retryOnConflict<T>(
  write: () => Promise<T>,
  options: ConflictRetryOptions = {}
): Promise<T> {
  const attempts = options.attempts ?? DEFAULT_CONFLICT_ATTEMPTS;
  const base = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= attempts || !isTransactionConflict(error)) throw error;
      await sleep(random() * base * 2 ** (attempt - 1));
    }
  }
}

/**
 * Whether `error` (or an error it wraps, as `ArticleStoreError` does) is a
 * lost race with another transaction.
 */
export function isTransactionConflict(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (e.name === 'TransactionConflictException') return true;
    if (
      e instanceof TransactionCanceledException &&
      e.CancellationReasons?.some((r) => r.Code === 'TransactionConflict')
    ) {
      return true;
    }
  }
  return false;
}
