/**
 * The file-record builders: a record's status and reason from what its
 * entries came to, counts that add up, no field present but undefined,
 * and every record within the item limit, with what it left out counted.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { fileRecordItem } from '../../../functions/store/file-item.ts';
import {
  deadLetterFileRecord,
  type FileVersion,
  fileRecordOf,
  MAX_FILE_RECORD_BYTES,
  MAX_REASON_CHARS,
  normaliseSequencer,
  processingFileRecord,
  rejectedFileRecord,
} from '../../../functions/store/file-record.ts';
import { itemSizeBytes } from '../../../functions/store/item-size.ts';

const VERSION: FileVersion = {
  bucket: 'drop',
  key: 'feeds/news.jsonl',
  sequencer: normaliseSequencer('0A'),
  eventTime: '2026-11-27T10:00:00.000Z',
  etag: 'abc',
};
const PROCESSED_AT = new Date('2026-11-27T10:00:01.000Z');
const PROBLEM = {
  location: 'line 2',
  code: 'malformed',
  message: 'line 2 is not JSON',
} as const;

describe('Function: fileRecordOf', () => {
  it('records a file with a stored entry as stored, with its counts and problems', () => {
    // Act
    const record = fileRecordOf(
      VERSION,
      { format: 'jsonl', sizeBytes: 120, etag: '"abc"', versionId: 'v2' },
      {
        counts: { found: 3, stored: 1, duplicate: 1, rejected: 1 },
        problems: [PROBLEM],
        articleIds: ['a', 'b'],
      },
      PROCESSED_AT
    );

    // Assess
    expect(record).toStrictEqual({
      bucket: 'drop',
      key: 'feeds/news.jsonl',
      sequencer: VERSION.sequencer,
      processedAt: '2026-11-27T10:00:01.000Z',
      uploadedAt: '2026-11-27T10:00:00.000Z',
      etag: '"abc"',
      versionId: 'v2',
      status: 'stored',
      articleIds: ['a', 'b'],
      counts: { found: 3, stored: 1, duplicate: 1, rejected: 1 },
      problems: [PROBLEM],
      format: 'jsonl',
      sizeBytes: 120,
    });
  });

  it('records a file of duplicates only as a duplicate', () => {
    // Act
    const record = fileRecordOf(
      VERSION,
      {},
      {
        counts: { found: 1, stored: 0, duplicate: 1, rejected: 0 },
        problems: [],
        articleIds: ['a'],
      },
      PROCESSED_AT
    );

    // Assess
    expect(record.status).toBe('duplicate');
    expect(record.reason).toBeUndefined();
    expect(record.etag).toBe('abc');
  });

  it('records a file whose every entry was rejected with its first problem as the reason', () => {
    // Act
    const record = fileRecordOf(
      VERSION,
      { format: 'text' },
      {
        counts: { found: 1, stored: 0, duplicate: 0, rejected: 1 },
        problems: [{ ...PROBLEM, location: 'article 1f', code: 'too-large' }],
        articleIds: [],
      },
      PROCESSED_AT
    );

    // Assess
    expect(record).toMatchObject({
      status: 'rejected',
      reason: { code: 'too-large', message: PROBLEM.message },
    });
  });
});

describe('Function: rejectedFileRecord', () => {
  it('counts a file refused as a whole as one rejected entry', () => {
    // Act
    const record = rejectedFileRecord(
      { bucket: 'drop', key: 'empty.txt', sequencer: VERSION.sequencer },
      { code: 'empty', message: 'file is empty (0 bytes)' },
      PROCESSED_AT
    );

    // Assess
    expect(record).toStrictEqual({
      bucket: 'drop',
      key: 'empty.txt',
      sequencer: VERSION.sequencer,
      processedAt: '2026-11-27T10:00:01.000Z',
      status: 'rejected',
      reason: { code: 'empty', message: 'file is empty (0 bytes)' },
      articleIds: [],
      counts: { found: 1, stored: 0, duplicate: 0, rejected: 1 },
      problems: [],
    });
  });

  it('keeps the counts and problems of entries that were read', () => {
    // Act
    const record = rejectedFileRecord(
      VERSION,
      { code: 'malformed', message: 'none of the 2 records became an article' },
      PROCESSED_AT,
      { format: 'jsonl', sizeBytes: 40 },
      {
        counts: { found: 2, stored: 0, duplicate: 0, rejected: 2 },
        problems: [PROBLEM, { ...PROBLEM, location: 'line 3' }],
        articleIds: [],
      }
    );

    // Assess
    expect(record).toMatchObject({
      status: 'rejected',
      counts: { found: 2, stored: 0, duplicate: 0, rejected: 2 },
      format: 'jsonl',
      sizeBytes: 40,
      etag: 'abc',
    });
    expect(record.problems.map((p) => p.location)).toEqual([
      'line 2',
      'line 3',
    ]);
  });
});

describe('Function: processingFileRecord', () => {
  it('records the counts so far, when reading began and how far it has come', () => {
    // Act
    const record = processingFileRecord(
      VERSION,
      { format: 'jsonl', sizeBytes: 120 },
      {
        counts: { found: 2, stored: 1, duplicate: 0, rejected: 1 },
        problems: [PROBLEM],
        articleIds: ['a'],
      },
      { startedAt: new Date('2026-11-27T10:00:00.500Z'), now: PROCESSED_AT },
      { entries: 2, invocations: 3 }
    );

    // Assess
    expect(record).toEqual({
      bucket: 'drop',
      key: 'feeds/news.jsonl',
      sequencer: VERSION.sequencer,
      uploadedAt: VERSION.eventTime,
      etag: 'abc',
      status: 'processing',
      counts: { found: 2, stored: 1, duplicate: 0, rejected: 1 },
      problems: [PROBLEM],
      articleIds: ['a'],
      format: 'jsonl',
      sizeBytes: 120,
      startedAt: '2026-11-27T10:00:00.500Z',
      processedAt: PROCESSED_AT.toISOString(),
      progress: { entries: 2, invocations: 3 },
    });
  });
});

describe('Function: deadLetterFileRecord', () => {
  it('keeps what a processing record counted, with the last error as the reason', () => {
    // Prepare
    const before = processingFileRecord(
      VERSION,
      { format: 'jsonl' },
      {
        counts: { found: 5, stored: 5, duplicate: 0, rejected: 0 },
        problems: [],
        articleIds: ['a'],
      },
      { startedAt: new Date('2026-11-27T09:00:00.000Z'), now: PROCESSED_AT },
      { entries: 5, invocations: 1 }
    );

    // Act
    const record = deadLetterFileRecord(
      VERSION,
      {
        name: 'TimeoutError',
        message: 'socket hang up',
        where: 'Socket.onTimeout (node_modules/x/index.js:10:5)',
      },
      5,
      PROCESSED_AT,
      before
    );

    // Assess
    expect(record).toMatchObject({
      status: 'dead-letter',
      reason: {
        code: 'retries-exhausted',
        message: expect.stringContaining(
          'failed 5 receives; the message is in the dead-letter queue. Last error: TimeoutError: socket hang up (at Socket.onTimeout (node_modules/x/index.js:10:5))'
        ),
      },
      counts: { found: 5, stored: 5 },
      articleIds: ['a'],
      startedAt: '2026-11-27T09:00:00.000Z',
    });
    expect(record).not.toHaveProperty('progress');
  });

  it('counts nothing for a file whose reading never began', () => {
    // Act
    const record = deadLetterFileRecord(
      VERSION,
      { name: 'AccessDenied', message: 'no' },
      5,
      PROCESSED_AT
    );

    // Assess
    expect(record.counts).toEqual({
      found: 0,
      stored: 0,
      duplicate: 0,
      rejected: 0,
    });
    expect(record).not.toHaveProperty('startedAt');
  });
});

describe('Function: file records within the item limit', () => {
  const sizeOf = (value: object) =>
    itemSizeBytes(marshall(value, { removeUndefinedValues: true }));

  it('leaves out the last problems, then article ids, and counts them', () => {
    // Prepare: 20 problems of 60,000 characters (a caller that did not cut
    // them) and 1,000 ids: about 1.2 MB.
    const problems = Array.from({ length: 20 }, (_, n) => ({
      location: `entry ${n}/${'n'.repeat(60_000)}`,
      code: 'malformed' as const,
      message: 'not JSON',
    }));
    const articleIds = Array.from({ length: 1000 }, (_, n) =>
      n.toString(16).padStart(32, '0')
    );

    // Act
    const record = fileRecordOf(
      VERSION,
      {},
      {
        counts: { found: 1020, stored: 1000, duplicate: 0, rejected: 20 },
        problems,
        articleIds,
      },
      PROCESSED_AT
    );

    // Assess
    expect(sizeOf(record)).toBeLessThanOrEqual(MAX_FILE_RECORD_BYTES);
    expect(itemSizeBytes(fileRecordItem(record))).toBeLessThan(400_000);
    expect(record.problems).toEqual(problems.slice(0, 5));
    expect(record.omittedProblems).toBe(15);
    expect(record.articleIds).toEqual(articleIds);
    expect(record).not.toHaveProperty('omittedArticleIds');
  });

  it('leaves out article ids once no problem is left', () => {
    // Prepare: one problem as large as the limit.
    const problem = { ...PROBLEM, location: 'x'.repeat(MAX_FILE_RECORD_BYTES) };
    const articleIds = ['a'.repeat(32), 'b'.repeat(32)];

    // Act
    const record = fileRecordOf(
      VERSION,
      {},
      {
        counts: { found: 3, stored: 2, duplicate: 0, rejected: 1 },
        problems: [problem],
        articleIds,
      },
      PROCESSED_AT
    );

    // Assess
    expect(record).toMatchObject({
      problems: [],
      omittedProblems: 1,
      articleIds,
    });
    expect(record).not.toHaveProperty('omittedArticleIds');
    expect(sizeOf(record)).toBeLessThanOrEqual(MAX_FILE_RECORD_BYTES);
  });

  it('cuts a dead letter whose last error is a megabyte', () => {
    // Act
    const record = deadLetterFileRecord(
      VERSION,
      { name: 'Error', message: 'z'.repeat(1024 * 1024) },
      5,
      PROCESSED_AT
    );

    // Assess
    expect(record.reason?.message).toHaveLength(MAX_REASON_CHARS);
    expect(record.reason?.message).toMatch(/^failed 5 receives.*z…$/u);
    expect(itemSizeBytes(fileRecordItem(record))).toBeLessThan(400_000);
  });

  it('leaves a record within the limit as it is', () => {
    // Act
    const record = fileRecordOf(
      VERSION,
      {},
      {
        counts: { found: 1, stored: 0, duplicate: 0, rejected: 1 },
        problems: [PROBLEM],
        articleIds: [],
      },
      PROCESSED_AT
    );

    // Assess
    expect(record.problems).toEqual([PROBLEM]);
    expect(record).not.toHaveProperty('omittedProblems');
  });
});
