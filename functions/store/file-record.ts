/**
 * File records: what became of each uploaded object.
 *
 * One record per object key, overwritten by newer versions of the object
 * (ordered by the S3 event's `sequencer`). `GET /files/{key}` serves it and
 * the CLI prints it; it is also what makes redelivered events cheap.
 *
 * The builders here are pure: the ingest function hands them what it knows
 * of the object and what its entries came to, and `ArticleStore` writes
 * the result. Every record they build fits a DynamoDB item (see
 * {@link MAX_FILE_RECORD_BYTES}): what it cannot list is counted.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import {
  type EntryProblem,
  REJECTION_CODES,
  type RejectionCode,
} from '../core/index.ts';
import { withoutUndefined } from '../shared/defined.ts';
import { itemSizeBytes } from './item-size.ts';

/**
 * Every status a file record can have: the one list the API, its schema and
 * listings use. `processing`: being read (see {@link FileProgress});
 * `dead-letter`: its message failed every retry (the reason says why);
 * `deleted`: the object was removed (see {@link deletedFileRecord}).
 */
export const FILE_STATUSES = [
  'stored',
  'duplicate',
  'rejected',
  'processing',
  'dead-letter',
  'deleted',
] as const;

/** Outcome of a file. */
export type FileStatus = (typeof FILE_STATUSES)[number];

/**
 * Why a file produced no article. The core's rejection codes, plus what can
 * only happen to an object in a bucket.
 */
export type FileReasonCode =
  | RejectionCode
  | 'object-not-found'
  | typeof RETRIES_EXHAUSTED;

/**
 * The reason code of a `dead-letter` record: a fault (not the file's)
 * failed every receive of its message.
 */
export const RETRIES_EXHAUSTED = 'retries-exhausted';

/** Every reason code a file record can carry: the API schema's list. */
export const FILE_REASON_CODES = [
  ...REJECTION_CODES,
  'object-not-found',
  RETRIES_EXHAUSTED,
] as const satisfies readonly FileReasonCode[];

/** A stable code and a message for people. */
export interface FileReason {
  readonly code: FileReasonCode;
  readonly message: string;
}

/**
 * Counts of the entries of a file (a JSON Lines line, a feed item, an
 * element of a JSON list, a zip member; a file read whole is one entry).
 * They add up: `found` = `stored` + `duplicate` + `unchanged` +
 * `rejected`.
 */
export interface FileCounts {
  /**
   * Entries read: each was stored, a duplicate or rejected. A file refused
   * as a whole (empty, binary, too large, deleted) counts as one entry,
   * rejected.
   */
  readonly found: number;
  /** Entries written as articles (new or updated). */
  readonly stored: number;
  /** Entries whose text was already stored, from this file or another. */
  readonly duplicate: number;
  /**
   * Entries of a version read again (a redelivered or re-sent event) whose
   * article is stored as they would write it: the same text, the same
   * `parserVersion`, from the same version and place in the file. Nothing
   * is written for them. Absent when none (and in records written before
   * it was counted).
   */
  readonly unchanged?: number | undefined;
  /**
   * Entries that could not become articles, each with a problem (the rest
   * of a file cut off at a limit counts as one).
   */
  readonly rejected: number;
}

/** What became of one uploaded object. */
export interface FileRecord {
  readonly bucket: string;
  readonly key: string;
  readonly status: FileStatus;
  /** Why nothing was stored; rejected files only. */
  readonly reason?: FileReason | undefined;
  /**
   * The articles the file produced (stored or matched as duplicates), at
   * most {@link MAX_LISTED_ARTICLE_IDS}; `counts` has the totals.
   */
  readonly articleIds: readonly string[];
  readonly counts: FileCounts;
  /** The first {@link MAX_LISTED_PROBLEMS} entries that were skipped. */
  readonly problems: readonly EntryProblem[];
  /**
   * Problems left out of `problems` to keep the record within
   * {@link MAX_FILE_RECORD_BYTES}; absent when none was.
   */
  readonly omittedProblems?: number | undefined;
  /**
   * Article ids left out of `articleIds` to keep the record within
   * {@link MAX_FILE_RECORD_BYTES}; absent when none was.
   */
  readonly omittedArticleIds?: number | undefined;
  readonly format?: string | undefined;
  readonly sizeBytes?: number | undefined;
  readonly etag?: string | undefined;
  readonly versionId?: string | undefined;
  /** The S3 event sequencer, right-padded: orders versions of one key. */
  readonly sequencer: string;
  /** When S3 says the object was created (the event time). */
  readonly uploadedAt?: string | undefined;
  /**
   * When this record was written (while `processing`: when the reading
   * last reported progress, at its start and at each continuation).
   */
  readonly processedAt: string;
  /**
   * When reading this version began (its first invocation); `processing`
   * and `dead-letter` records only.
   */
  readonly startedAt?: string | undefined;
  /** How far the reading has come; `processing` records only. */
  readonly progress?: FileProgress | undefined;
  /**
   * When the object was deleted; `deleted` records only. They are kept as
   * long as the tombstones of the object's articles (30 days by default),
   * then `GET /files/{key}` answers 404.
   */
  readonly deletedAt?: string | undefined;
}

/** How far a file in progress has been read. */
export interface FileProgress {
  /** Entries handled so far (`counts` says what they came to). */
  readonly entries: number;
  /** Invocations the file has had, this one included. */
  readonly invocations: number;
}

/** How many article ids a file record lists. */
export const MAX_LISTED_ARTICLE_IDS = 1000;
/** How many skipped entries a file record lists. */
export const MAX_LISTED_PROBLEMS = 20;

/**
 * Largest file record, in bytes as DynamoDB counts them: 350,000. The
 * item adds its keys, index keys and the chain of a file being read (a few
 * kilobytes, keys being bounded), and stays under DynamoDB's 400 KB. A
 * record that would be larger lists fewer problems, then fewer article
 * ids, counting them in `omittedProblems` and `omittedArticleIds`.
 */
export const MAX_FILE_RECORD_BYTES = 350_000;

/**
 * Longest reason message a record keeps, in characters: a reason is a
 * sentence, but a dead letter's last error may carry a whole response.
 */
export const MAX_REASON_CHARS = 2000;

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

/** The object version a file record is about, as its event names it. */
export interface FileVersion {
  readonly bucket: string;
  readonly key: string;
  /** Normalised S3 event sequencer (see {@link normaliseSequencer}). */
  readonly sequencer: string;
  /** When S3 processed the upload (the event time). */
  readonly eventTime?: string | undefined;
  readonly etag?: string | undefined;
  readonly versionId?: string | undefined;
}

/**
 * What reading the object told: its format, size and, from S3's response,
 * the exact ETag and version read (they win over the event's).
 */
export interface FileRead {
  readonly format?: string | undefined;
  readonly sizeBytes?: number | undefined;
  readonly etag?: string | undefined;
  readonly versionId?: string | undefined;
}

/** What the entries of a file came to. */
export interface FileYield {
  readonly counts: FileCounts;
  readonly problems: readonly EntryProblem[];
  readonly articleIds: readonly string[];
}

/**
 * The record of a file whose entries were read: `stored` if any entry was
 * stored, else `duplicate` if any matched an article stored before, else
 * `rejected`, with the first problem as its reason.
 */
export function fileRecordOf(
  version: FileVersion,
  read: FileRead,
  entries: FileYield,
  processedAt: Date
): FileRecord {
  const { counts } = entries;
  const status: FileStatus =
    counts.stored + (counts.unchanged ?? 0) > 0
      ? 'stored'
      : counts.duplicate > 0
        ? 'duplicate'
        : 'rejected';
  const first = status === 'rejected' ? entries.problems[0] : undefined;
  return recordOf(version, read, processedAt, {
    status,
    reason: first && { code: first.code, message: first.message },
    counts,
    problems: entries.problems,
    articleIds: entries.articleIds,
  });
}

/**
 * The record of a file refused as a whole, or of one none of whose entries
 * became an article. With no entries counted, the file is the one entry,
 * rejected (`found` 1, `rejected` 1); otherwise its entries' counts and
 * problems are kept.
 */
export function rejectedFileRecord(
  version: FileVersion,
  reason: FileReason,
  processedAt: Date,
  read: FileRead = {},
  entries?: FileYield
): FileRecord {
  const counted = entries !== undefined && entries.counts.found > 0;
  return recordOf(version, read, processedAt, {
    status: 'rejected',
    reason: { code: reason.code, message: reason.message },
    articleIds: [],
    counts: counted ? entries.counts : ONE_REJECTED,
    problems: counted ? entries.problems : [],
  });
}

/**
 * The record of a file being read: what its entries came to so far, when
 * reading began and how far it has come. Written when reading starts and
 * at each continuation, not per article.
 */
export function processingFileRecord(
  version: FileVersion,
  read: FileRead,
  entries: FileYield,
  times: { readonly startedAt: Date; readonly now: Date },
  progress: FileProgress
): FileRecord {
  return recordOf(version, read, times.now, {
    status: 'processing',
    counts: entries.counts,
    problems: entries.problems,
    articleIds: entries.articleIds,
    startedAt: times.startedAt.toISOString(),
    progress: { ...progress },
  });
}

/**
 * The record of a file whose message failed every retry: the last error
 * as its reason, and what it had stored by then (from its `processing`
 * record, if reading had begun).
 */
export function deadLetterFileRecord(
  version: FileVersion,
  error: {
    readonly name: string;
    readonly message: string;
    /** Where it was thrown: the top frame of its stack. */
    readonly where?: string | undefined;
  },
  receives: number,
  now: Date,
  before?: FileRecord
): FileRecord {
  const sofar = before?.status === 'processing' ? before : undefined;
  return recordOf(version, sofar ?? {}, now, {
    status: 'dead-letter',
    reason: {
      code: RETRIES_EXHAUSTED,
      message: `failed ${receives} receives; the message is in the dead-letter queue. Last error: ${error.name}: ${error.message}${error.where ? ` (at ${error.where})` : ''}`,
    },
    counts: sofar?.counts ?? NO_COUNTS,
    problems: sofar?.problems ?? [],
    articleIds: sofar?.articleIds ?? [],
    startedAt: sofar?.startedAt,
  });
}

/** Counts of nothing: a file none of whose entries was read. */
export const NO_COUNTS: FileCounts = {
  found: 0,
  stored: 0,
  duplicate: 0,
  rejected: 0,
};

/**
 * The record of a deleted object: status `deleted`, no articles (each was
 * removed, or now points at another object holding its text). What the
 * previous record knew of the upload (when, format, size) is kept, so the
 * file stays in its place in listings.
 */
export function deletedFileRecord(
  version: FileVersion,
  deletedAt: Date,
  previous?: FileRecord | undefined
): FileRecord {
  return recordOf(
    { ...version, eventTime: previous?.uploadedAt ?? version.eventTime },
    // The ETag of the version deleted: local mode's drop folder does not
    // upload that content again on restart.
    {
      format: previous?.format,
      sizeBytes: previous?.sizeBytes,
      etag: previous?.etag,
    },
    deletedAt,
    {
      status: 'deleted',
      reason: undefined,
      articleIds: [],
      counts: { found: 0, stored: 0, duplicate: 0, rejected: 0 },
      problems: [],
      deletedAt: deletedAt.toISOString(),
    }
  );
}

/** A file that is one entry, rejected. */
const ONE_REJECTED: FileCounts = {
  found: 1,
  stored: 0,
  duplicate: 0,
  rejected: 1,
};

function recordOf(
  version: FileVersion,
  read: FileRead,
  processedAt: Date,
  outcome: FileYield &
    Pick<FileRecord, 'status' | 'reason'> &
    Partial<Pick<FileRecord, 'startedAt' | 'progress' | 'deletedAt'>>
): FileRecord {
  const record = withoutUndefined<FileRecord>({
    bucket: version.bucket,
    key: version.key,
    sequencer: version.sequencer,
    processedAt: processedAt.toISOString(),
    // An empty string is as good as absent (as S3 leaves some fields).
    uploadedAt: version.eventTime || undefined,
    etag: read.etag || version.etag || undefined,
    versionId: read.versionId || version.versionId || undefined,
    status: outcome.status,
    reason: outcome.reason && {
      code: outcome.reason.code,
      message: cut(outcome.reason.message, MAX_REASON_CHARS),
    },
    articleIds: [...outcome.articleIds],
    counts: { ...outcome.counts },
    problems: [...outcome.problems],
    format: read.format || undefined,
    sizeBytes: read.sizeBytes,
    startedAt: outcome.startedAt,
    progress: outcome.progress,
    deletedAt: outcome.deletedAt,
    omittedProblems: undefined,
    omittedArticleIds: undefined,
  });
  return withinItemLimit(record);
}

/**
 * `record` within {@link MAX_FILE_RECORD_BYTES}: past it, problems are left
 * out from the last, then article ids, each counted. Sizes are counted per
 * element, so this is one pass.
 */
function withinItemLimit(record: FileRecord): FileRecord {
  // Room for the two counts this may add.
  let excess = sizeOf(record) + 64 - MAX_FILE_RECORD_BYTES;
  if (excess <= 0) return record;
  const problems = [...record.problems];
  const articleIds = [...record.articleIds];
  let omittedProblems = 0;
  let omittedArticleIds = 0;
  while (excess > 0 && problems.length > 0) {
    excess -= elementSize(problems.pop());
    omittedProblems++;
  }
  while (excess > 0 && articleIds.length > 0) {
    excess -= elementSize(articleIds.pop());
    omittedArticleIds++;
  }
  return {
    ...record,
    problems,
    articleIds,
    ...(omittedProblems > 0 ? { omittedProblems } : {}),
    ...(omittedArticleIds > 0 ? { omittedArticleIds } : {}),
  };
}

function sizeOf(value: object): number {
  return itemSizeBytes(marshall(value, { removeUndefinedValues: true }));
}

/** What one element adds to a list: its value and one byte. */
function elementSize(element: unknown): number {
  return sizeOf({ e: [element] }) - sizeOf({ e: [] });
}

/** `text`, cut to `maxChars` with an ellipsis. */
function cut(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}
