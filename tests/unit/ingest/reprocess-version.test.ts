/**
 * The version a reprocess request reads, from the object's file record:
 * the recorded one (same ETag), a new one just above it, or none.
 */
import { describe, expect, it } from 'vitest';
import {
  justAfter,
  reprocessVersion,
} from '../../../functions/ingest/reprocess-version.ts';
import {
  type ObjectEvent,
  objectEvents,
  reprocessBody,
} from '../../../functions/ingest/s3-events.ts';
import type { FileRecord } from '../../../functions/store/file-record.ts';

const SEQ = '0055AED6DCD90281E5'.padEnd(32, '0');

const request = (etag: string) =>
  objectEvents(
    reprocessBody('drop', { key: 'a.txt', etag: `"${etag}"` })
  )[0] as ObjectEvent;

const record = (fields: Partial<FileRecord>): FileRecord =>
  ({
    bucket: 'drop',
    key: 'a.txt',
    status: 'stored',
    counts: { found: 1, stored: 1, duplicate: 0, rejected: 0 },
    problems: [],
    articleIds: ['x'],
    sequencer: SEQ,
    etag: '"abc"',
    uploadedAt: '2026-11-01T00:00:00.000Z',
    processedAt: '2026-11-01T00:00:01.000Z',
    ...fields,
  }) as FileRecord;

describe('Function: reprocessVersion', () => {
  it('reads the recorded version under its own sequencer when the ETag matches', () => {
    // Act
    const version = reprocessVersion(request('abc'), record({}));

    // Assess
    expect(version).toMatchObject({
      status: 'read',
      recordStays: true,
      event: { sequencer: SEQ, eventTime: '2026-11-01T00:00:00.000Z' },
    });
  });

  it('reads another ETag as a new version just above the record, below any later S3 event', () => {
    // Act
    const version = reprocessVersion(request('def'), record({}));

    // Assess
    expect(version).toMatchObject({ status: 'read', recordStays: false });
    const sequencer = version.status === 'read' ? version.event.sequencer : '';
    expect(sequencer > SEQ).toBe(true);
    // The next sequencer S3 could give the key (one more in its 18th digit).
    expect(sequencer < '0055AED6DCD90281E6'.padEnd(32, '0')).toBe(true);
  });

  it('starts a chain (a processing record first) for a version being read', () => {
    // Act
    const version = reprocessVersion(
      request('abc'),
      record({ status: 'processing' })
    );

    // Assess
    expect(version).toMatchObject({
      status: 'read',
      recordStays: false,
      event: { sequencer: SEQ },
    });
  });

  it('skips an object whose record says deleted, whatever its ETag', () => {
    // Act
    const version = reprocessVersion(
      request('abc'),
      record({ status: 'deleted', deletedAt: '2026-11-02T00:00:00.000Z' })
    );

    // Assess
    expect(version).toEqual({
      status: 'skipped',
      reason:
        'reprocess: the object was deleted at 2026-11-02T00:00:00.000Z, after it was listed',
    });
  });

  it('gives an object with no record the first sequencer above zero', () => {
    // Act
    const version = reprocessVersion(request('abc'), undefined);

    // Assess
    expect(version).toMatchObject({
      status: 'read',
      recordStays: false,
      event: { sequencer: `${'0'.repeat(31)}1` },
    });
  });
});

describe('Function: justAfter', () => {
  it('adds one in the last of 32 hex digits', () => {
    expect(justAfter('0F'.padEnd(32, 'F'))).toBe(`1${'0'.repeat(31)}`);
    expect(justAfter(undefined)).toBe(`${'0'.repeat(31)}1`);
  });
});
