/**
 * Retrying a write that lost a race with a concurrent transaction: in
 * place, with back-off, a bounded number of times, and nothing else.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  isTransactionConflict,
  retryOnConflict,
} from '../../../functions/store/conflict-retry.ts';
import { ArticleStoreError } from '../../../functions/store/errors.ts';

/** A cancelled transaction, as DynamoDB reports one with these reasons. */
function cancelled(...codes: string[]): TransactionCanceledException {
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
}

const NO_WAIT = { baseDelayMs: 0 };

describe('Function: isTransactionConflict', () => {
  it.each([
    [
      'a cancelled transaction with a conflict',
      cancelled('None', 'TransactionConflict'),
      true,
    ],
    [
      'the same, wrapped in an ArticleStoreError',
      new ArticleStoreError('cancelled', {
        cause: cancelled('TransactionConflict'),
      }),
      true,
    ],
    [
      'a single write refused for a conflict',
      Object.assign(new Error('conflict'), {
        name: 'TransactionConflictException',
      }),
      true,
    ],
    ['a failed condition', cancelled('ConditionalCheckFailed', 'None'), false],
    [
      'throttling',
      Object.assign(new Error('slow'), { name: 'ThrottlingException' }),
      false,
    ],
    ['not an error', 'TransactionConflict', false],
  ])('is %s → %s', (_, error, expected) => {
    // Act
    const conflict = isTransactionConflict(error);

    // Assess
    expect(conflict).toBe(expected);
  });
});

describe('Function: retryOnConflict', () => {
  it('tries again after conflicts and returns what the write returns', async () => {
    // Prepare
    let calls = 0;
    const write = async () => {
      if (++calls < 3) throw cancelled('TransactionConflict');
      return 'stored';
    };

    // Act
    const outcome = await retryOnConflict(write, NO_WAIT);

    // Assess
    expect(outcome).toBe('stored');
    expect(calls).toBe(3);
  });

  it('throws the last conflict after the tries run out', async () => {
    // Prepare
    let calls = 0;
    const write = async () => {
      calls++;
      throw cancelled('TransactionConflict');
    };

    // Act
    const act = retryOnConflict(write, { ...NO_WAIT, attempts: 4 });

    // Assess
    await expect(act).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(calls).toBe(4);
  });

  it('throws any other error at once', async () => {
    // Prepare
    let calls = 0;
    const write = async () => {
      calls++;
      throw new Error('ValidationException');
    };

    // Act
    const act = retryOnConflict(write, NO_WAIT);

    // Assess
    await expect(act).rejects.toThrow('ValidationException');
    expect(calls).toBe(1);
  });

  it('backs off with full jitter, doubling the cap each time', async () => {
    // Prepare: the largest jitter; measure the waits.
    let calls = 0;
    const started = performance.now();
    const write = async () => {
      if (++calls < 4) throw cancelled('TransactionConflict');
      return calls;
    };

    // Act: 10 + 20 + 40 ms of back-off at most.
    await retryOnConflict(write, { baseDelayMs: 10, random: () => 1 });

    // Assess
    expect(performance.now() - started).toBeGreaterThanOrEqual(65);
  });
});
