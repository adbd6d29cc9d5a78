/**
 * File records: what became of each uploaded object.
 *
 * One record per object key, overwritten by newer versions of the object
 * (ordered by the S3 event's `sequencer`). `GET /files/{key}` serves it and
 * the CLI prints it; it is also what makes redelivered events cheap.
 */
import type { RecordProblem, RejectionCode } from '../core/index.ts';

/** Every status a file record can have: the one list the API, its schema and listings use. */
export const FILE_STATUSES = ['stored', 'duplicate', 'rejected'] as const;

/** Outcome of a file. */
export type FileStatus = (typeof FILE_STATUSES)[number];

/**
 * Why a file produced no article. The core's rejection codes, plus what can
 * only happen to an object in a bucket.
 */
export type FileReasonCode = RejectionCode | 'object-not-found';

/** A stable code and a message for people. */
export interface FileReason {
  readonly code: FileReasonCode;
  readonly message: string;
}

/** Counts of a (possibly multi-article) file. */
export interface FileCounts {
  /** Articles the file held. */
  readonly found: number;
  /** Articles written (new or updated). */
  readonly stored: number;
  /** Articles whose text was already stored from another file. */
  readonly duplicate: number;
  /** Records that could not become articles. */
  readonly rejected: number;
}

/** What became of one uploaded object. */
export interface FileRecord {
  readonly bucket: string;
  readonly key: string;
  readonly status: FileStatus;
  /** Why nothing was stored; rejected files only. */
  readonly reason?: FileReason;
  /**
   * The articles the file produced (stored or matched as duplicates), at
   * most {@link MAX_LISTED_ARTICLE_IDS}; `counts` has the totals.
   */
  readonly articleIds: readonly string[];
  readonly counts: FileCounts;
  /** The first {@link MAX_LISTED_PROBLEMS} records that were skipped. */
  readonly problems: readonly RecordProblem[];
  readonly format?: string;
  readonly sizeBytes?: number;
  readonly etag?: string;
  readonly versionId?: string;
  /** The S3 event sequencer, right-padded: orders versions of one key. */
  readonly sequencer: string;
  /** When S3 says the object was created (the event time). */
  readonly uploadedAt?: string;
  /** When this record was written. */
  readonly processedAt: string;
}

/** How many article ids a file record lists. */
export const MAX_LISTED_ARTICLE_IDS = 1000;
/** How many skipped records a file record lists. */
export const MAX_LISTED_PROBLEMS = 20;

/** Width sequencers are padded to, in hex digits. */
const SEQUENCER_WIDTH = 32;

/**
 * An S3 event sequencer in a form that sorts as a string: upper case, right
 * padded with zeros. S3 sequencers of one key are compared "after right
 * padding the shorter value with zeros" (S3 event notification docs).
 */
export function normaliseSequencer(sequencer: string): string {
  return sequencer.trim().toUpperCase().padEnd(SEQUENCER_WIDTH, '0');
}
