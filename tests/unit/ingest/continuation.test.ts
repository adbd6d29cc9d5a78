/**
 * Continuation messages: what one invocation hands the next. The message
 * names the object version, the chain and its step, and nothing that grows
 * with the file (the chain's state is in the file record); messages of
 * version 1, in flight across a deploy, still parse as their event.
 */
import { describe, expect, it } from 'vitest';
import {
  continuationBody,
  parseContinuation,
} from '../../../functions/ingest/continuation.ts';

const EVENT = { bucket: 'drop', key: 'big.jsonl', sequencer: '0A' };
const CONTINUATION = { event: EVENT, chain: 'c0ffee', step: 2 };

describe('Function: continuationBody', () => {
  it('writes the version 2 shape: the event, the chain token and the step', () => {
    // Act
    const body = JSON.parse(continuationBody(CONTINUATION));

    // Assess
    expect(body).toEqual({
      dropwireContinuation: 2,
      event: EVENT,
      chain: 'c0ffee',
      step: 2,
    });
  });

  it('stays small whatever the key: far below the 256 KB SQS takes', () => {
    // Prepare: S3's longest key, 1,024 bytes.
    const event = { ...EVENT, key: 'k'.repeat(1024), etag: 'e'.repeat(34) };

    // Act
    const body = continuationBody({ ...CONTINUATION, event });

    // Assess
    expect(Buffer.byteLength(body)).toBeLessThan(2048);
  });
});

describe('Function: parseContinuation', () => {
  it('reads back what continuationBody wrote', () => {
    // Act
    const parsed = parseContinuation(continuationBody(CONTINUATION));

    // Assess
    expect(parsed).toEqual(CONTINUATION);
  });

  it('reads a version 1 message as its event alone: the file starts over', () => {
    // Prepare
    const body = JSON.stringify({
      dropwireContinuation: 1,
      event: EVENT,
      records: 1200,
      invocations: 2,
      tally: { counts: {}, problems: [], articleIds: [] },
    });

    // Act
    const parsed = parseContinuation(body);

    // Assess
    expect(parsed).toEqual({ event: EVENT });
  });

  it.each([
    ['an S3 notification', JSON.stringify({ Records: [] })],
    ['not JSON', 'dropwireContinuation {'],
    [
      'another version',
      JSON.stringify({ dropwireContinuation: 3, event: EVENT, chain: 'c' }),
    ],
    [
      'no chain token',
      JSON.stringify({ dropwireContinuation: 2, event: EVENT, step: 2 }),
    ],
    [
      'no event',
      JSON.stringify({ dropwireContinuation: 2, chain: 'c', step: 2 }),
    ],
  ])('is undefined for %s', (_, body) => {
    // Act
    const parsed = parseContinuation(body);

    // Assess
    expect(parsed).toBeUndefined();
  });
});
