/**
 * Where an error was thrown, as a dead letter tells it: the top frame of
 * its stack, relative to the working folder, bounded.
 */
import { describe, expect, it } from 'vitest';
import {
  describeError,
  errorWhere,
  MAX_WHERE_CHARS,
} from '../../../functions/ingest/dead-letter.ts';

function thrownHere(): Error {
  return new RangeError('out of range');
}

describe('Function: errorWhere', () => {
  it('gives the top frame of the stack, its path from the working folder', () => {
    // Act
    const where = errorWhere(thrownHere());

    // Assess
    expect(where).toMatch(
      /^thrownHere \(tests\/unit\/ingest\/dead-letter\.test\.ts:\d+:\d+\)$/u
    );
  });

  it('cuts a long frame, and has nothing for an error without a stack', () => {
    // Prepare
    const long = new Error('x');
    long.stack = `Error: x\n    at ${'f'.repeat(5000)} (a.ts:1:1)\n    at g (b.ts:2:2)`;
    const bare = new Error('y');
    bare.stack = 'Error: y';

    // Act
    const cut = errorWhere(long);

    // Assess
    expect(cut).toHaveLength(MAX_WHERE_CHARS);
    expect(cut?.endsWith('…')).toBe(true);
    expect(errorWhere(bare)).toBeUndefined();
  });
});

describe('Function: describeError', () => {
  it('tells name, message and where', () => {
    // Act
    const line = describeError(thrownHere());

    // Assess
    expect(line).toMatch(
      /^RangeError: out of range \(at thrownHere \(tests\/unit\/ingest\/dead-letter\.test\.ts:\d+:\d+\)\)$/u
    );
  });
});
