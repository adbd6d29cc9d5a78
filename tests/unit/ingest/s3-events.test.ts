/**
 * S3 event notifications as SQS delivers them: the objects to ingest, keys
 * decoded the way S3 encodes them, and messages that are not notifications.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeS3Key,
  encodeS3Key,
  MalformedMessageError,
  objectCreatedEvents,
  objectEvents,
  reprocessBody,
} from '../../../functions/ingest/s3-events.ts';

/** A notification body holding `records`. */
const body = (...records: unknown[]) => JSON.stringify({ Records: records });

const created = (key: string, object: Record<string, unknown> = {}) => ({
  eventName: 'ObjectCreated:Put',
  eventTime: '2026-11-27T10:00:00.000Z',
  s3: { bucket: { name: 'drop' }, object: { key, ...object } },
});

describe('Function: encodeS3Key', () => {
  it.each([
    ['my file+1.txt', 'my+file%2B1.txt'],
    ['a/b c/ü.txt', 'a/b+c/%C3%BC.txt'],
    ['100% sure & (quoted).txt', '100%25+sure+%26+(quoted).txt'],
  ])('encodes %j as S3 writes it into events', (key, encoded) => {
    // Act
    const result = encodeS3Key(key);

    // Assess
    expect(result).toBe(encoded);
    expect(decodeS3Key(result)).toBe(key);
  });
});

describe('Function: objectCreatedEvents', () => {
  it('reads the object-created events, with their version, size and sequencer', () => {
    // Act
    const events = objectCreatedEvents(
      body(
        created('world/putin+kim.txt', {
          size: 3256,
          eTag: 'abc',
          versionId: 'v1',
          sequencer: '0055aed6dcd90281e5',
        }),
        { ...created('gone.txt'), eventName: 'ObjectRemoved:Delete' }
      )
    );

    // Assess
    expect(events).toEqual([
      {
        kind: 'created',
        bucket: 'drop',
        key: 'world/putin kim.txt',
        sizeBytes: 3256,
        etag: 'abc',
        versionId: 'v1',
        sequencer: '0055AED6DCD90281E500000000000000',
        eventTime: '2026-11-27T10:00:00.000Z',
      },
    ]);
  });

  it('orders an event without a sequencer by its event time', () => {
    // Act
    const [event] = objectCreatedEvents(body(created('a.txt')));

    // Assess
    expect(event?.sequencer).toBe(
      Date.parse('2026-11-27T10:00:00.000Z')
        .toString(16)
        .toUpperCase()
        .padEnd(32, '0')
    );
  });

  it('gives nothing for the test event S3 sends when a notification is set up', () => {
    // Act
    const events = objectCreatedEvents(
      JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent' })
    );

    // Assess
    expect(events).toEqual([]);
  });

  it.each([
    ['not JSON', 'hello', /message body is not JSON: hello/u],
    ['no Records', '{"a":1}', /no Records array/u],
    [
      'no key',
      body({ eventName: 'ObjectCreated:Put', s3: {} }),
      /no bucket name or object key/u,
    ],
    ['a bad key', body(created('%E0%A4%A')), /is not valid URL encoding/u],
  ])('throws MalformedMessageError for %s', (_, message, error) => {
    // Act
    const act = () => objectCreatedEvents(message);

    // Assess
    expect(act).toThrow(MalformedMessageError);
    expect(act).toThrow(error);
  });
});

describe('Function: objectEvents', () => {
  it('reads created and removed events in order, and skips the other kinds', () => {
    // Act
    const events = objectEvents(
      body(
        created('a.txt', { sequencer: '01' }),
        {
          ...created('a.txt', { sequencer: '02' }),
          eventName: 'ObjectRemoved:Delete',
        },
        {
          ...created('b.txt', { versionId: 'v2', sequencer: '03' }),
          eventName: 'ObjectRemoved:DeleteMarkerCreated',
        },
        { ...created('c.txt'), eventName: 'ObjectRestore:Completed' }
      )
    );

    // Assess
    expect(events.map((e) => [e.kind, e.key, e.versionDeleted])).toEqual([
      ['created', 'a.txt', undefined],
      ['removed', 'a.txt', undefined],
      ['removed', 'b.txt', undefined],
    ]);
  });

  it('marks the deletion of one version of a versioned bucket as such', () => {
    // Act
    const [event] = objectEvents(
      body({
        ...created('a.txt', { versionId: 'v1', sequencer: '05' }),
        eventName: 'ObjectRemoved:Delete',
      })
    );

    // Assess
    expect(event).toMatchObject({
      kind: 'removed',
      versionDeleted: true,
      versionId: 'v1',
    });
  });
});

describe('Function: reprocessBody', () => {
  it('asks for a listed object again in the shape objectEvents reads, with no sequencer of its own', () => {
    // Prepare
    const lastModified = new Date('2026-11-30T09:00:00.000Z');

    // Act
    const [event] = objectEvents(
      reprocessBody('drop', {
        key: 'feeds/a b+c.jsonl',
        etag: '"9b2cf535f27731c974343645a3985328"',
        sizeBytes: 812,
        lastModified,
      })
    );

    // Assess
    expect(event).toEqual({
      kind: 'created',
      versionDeleted: undefined,
      bucket: 'drop',
      key: 'feeds/a b+c.jsonl',
      sizeBytes: 812,
      etag: '9b2cf535f27731c974343645a3985328',
      versionId: undefined,
      sequencer: '0'.repeat(32),
      eventTime: lastModified.toISOString(),
      reprocess: true,
    });
  });

  it('ignores a sequencer written into a reprocess request', () => {
    // Prepare
    const request = JSON.parse(reprocessBody('drop', { key: 'k.txt' }));
    request.Records[0].s3.object.sequencer = 'FFFFFFFFFFFFFFFFFF';

    // Act
    const [event] = objectEvents(JSON.stringify(request));

    // Assess
    expect(event?.sequencer).toBe('0'.repeat(32));
    expect(event?.reprocess).toBe(true);
  });

  it('leaves S3 events unflagged', () => {
    // Act
    const [event] = objectEvents(body(created('k.txt', { sequencer: '0A' })));

    // Assess
    expect(event).not.toHaveProperty('reprocess');
  });
});
