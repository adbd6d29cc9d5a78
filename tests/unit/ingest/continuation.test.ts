/**
 * Continuation messages: what one invocation hands the next, in a message
 * body that messages in flight across a deploy still parse.
 */
import { describe, expect, it } from 'vitest';
import {
  type Continuation,
  continuationBody,
  parseContinuation,
} from '../../../functions/ingest/continuation.ts';
import { EMPTY_TALLY } from '../../../functions/ingest/file-tally.ts';

const CONTINUATION: Continuation = {
  event: { bucket: 'drop', key: 'big.jsonl', sequencer: '0A' },
  entries: 1200,
  invocations: 2,
  tally: {
    ...EMPTY_TALLY,
    counts: { found: 1200, stored: 1200, duplicate: 0, rejected: 0 },
  },
};

describe('Function: continuationBody', () => {
  it('writes the version 1 message shape, entries under their wire name', () => {
    // Act
    const body = JSON.parse(continuationBody(CONTINUATION));

    // Assess
    expect(Object.keys(body)).toEqual([
      'dropwireContinuation',
      'event',
      'records',
      'invocations',
      'tally',
    ]);
    expect(body).toMatchObject({ dropwireContinuation: 1, records: 1200 });
  });
});

describe('Function: parseContinuation', () => {
  it('reads back what continuationBody wrote', () => {
    // Act
    const parsed = parseContinuation(continuationBody(CONTINUATION));

    // Assess
    expect(parsed).toEqual(CONTINUATION);
  });

  it.each([
    ['an S3 notification', JSON.stringify({ Records: [] })],
    ['not JSON', 'dropwireContinuation {'],
    [
      'another version',
      JSON.stringify({ dropwireContinuation: 2, event: CONTINUATION.event }),
    ],
    [
      'no count of entries',
      JSON.stringify({ dropwireContinuation: 1, event: CONTINUATION.event }),
    ],
  ])('is undefined for %s', (_, body) => {
    // Act
    const parsed = parseContinuation(body);

    // Assess
    expect(parsed).toBeUndefined();
  });
});
