/**
 * What `dropwire status` says about a file being read: how far it has
 * come, and that it has stalled once no progress was made for longer than
 * any live chain goes without writing.
 */
import { describe, expect, it } from 'vitest';
import { processingNote } from '../../../bin/cli/status.ts';
import { PROCESSING_STALE_MS } from '../../../functions/store/file-progress.ts';
import type { FileRecord } from '../../../functions/store/file-record.ts';

const PROCESSING: FileRecord = {
  bucket: 'drop',
  key: 'exports/big.jsonl',
  status: 'processing',
  sequencer: '0A',
  articleIds: [],
  problems: [],
  counts: { found: 1200, stored: 1190, duplicate: 0, rejected: 10 },
  startedAt: '2026-12-02T08:00:00.000Z',
  processedAt: '2026-12-02T08:01:00.000Z',
  progress: { entries: 1200, invocations: 3 },
};

describe('Function: processingNote', () => {
  it('says how far a file being read has come, and since when', () => {
    // Act
    const note = processingNote(PROCESSING, new Date('2026-12-02T08:01:30Z'));

    // Assess
    expect(note).toBe(
      'processing since 2026-12-02T08:00:00.000Z: 1200 entries handled, 1190 stored (invocation 3)'
    );
  });

  it('calls a file stalled past the stale window, and points at the dead-letter queue', () => {
    // Prepare
    const later = new Date(
      Date.parse(PROCESSING.processedAt) + PROCESSING_STALE_MS + 60_000
    );

    // Act
    const note = processingNote(PROCESSING, later);

    // Assess
    expect(note).toContain('stalled: no progress for 31 minutes');
    expect(note).toContain('dead-letter queue');
  });

  it('says nothing of a finished file', () => {
    // Act
    const note = processingNote({ ...PROCESSING, status: 'stored' });

    // Assess
    expect(note).toBeUndefined();
  });
});
