/**
 * The event bridge: s3rver's events become the SQS messages S3 would send,
 * for the drop bucket's object-created events only.
 */
import { describe, expect, it } from 'vitest';
import {
  messageKeys,
  nextSequencer,
  toNotification,
} from '../../../bin/local/event-bridge.ts';
import {
  objectCreatedEvents,
  objectEvents,
} from '../../../functions/ingest/s3-events.ts';

const event = (
  bucket: string,
  key: string,
  eventName = 'ObjectCreated:Put'
) => ({
  Records: [{ eventName, s3: { bucket: { name: bucket }, object: { key } } }],
});

describe('Function: toNotification', () => {
  it('encodes keys as S3 does, so the ingest handler reads them back', () => {
    // Act
    const body = toNotification(event('drop', 'world/putin kim+1.txt'), 'drop');

    // Assess
    expect(body).toBeDefined();
    expect(JSON.parse(body as string).Records[0].s3.object.key).toBe(
      'world/putin+kim%2B1.txt'
    );
    expect(objectCreatedEvents(body as string).map((e) => e.key)).toEqual([
      'world/putin kim+1.txt',
    ]);
    expect(messageKeys(body as string)).toEqual(['world/putin kim+1.txt']);
  });

  it('drops what the stack would not send: other buckets, other events', () => {
    // Act
    const other = toNotification(event('elsewhere', 'a.txt'), 'drop');
    const restored = toNotification(
      event('drop', 'a.txt', 'ObjectRestore:Completed'),
      'drop'
    );

    // Assess
    expect(other).toBeUndefined();
    expect(restored).toBeUndefined();
  });

  it('passes deletions on, as the stack subscribes to them too', () => {
    // Act
    const body = toNotification(
      event('drop', 'gone file.txt', 'ObjectRemoved:Delete'),
      'drop'
    );

    // Assess
    expect(objectEvents(body as string)).toMatchObject([
      { kind: 'removed', key: 'gone file.txt' },
    ]);
  });
});

describe('Function: nextSequencer', () => {
  it('grows with every call, even within one millisecond', () => {
    // Act
    const sequencers = Array.from({ length: 100 }, () =>
      BigInt(`0x${nextSequencer()}`)
    );

    // Assess
    for (let i = 1; i < sequencers.length; i++) {
      expect(sequencers[i]).toBeGreaterThan(sequencers[i - 1] as bigint);
    }
  });
});

describe('Function: messageKeys', () => {
  it('is empty for a body that is not a notification', () => {
    // Act
    const keys = messageKeys('not json');

    // Assess
    expect(keys).toEqual([]);
  });
});
