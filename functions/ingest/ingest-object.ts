/**
 * ingestObject: one object-created event → articles and a file record.
 *
 * ```
 * read object → parseFile → save each article → file record
 * ```
 * Outcomes that are the file's fault (unreadable, not an article, too
 * large, deleted) are recorded and returned: the event is done and must
 * not be retried. Anything else (throttling, timeouts, a DynamoDB outage)
 * is thrown, so the SQS message is retried and, after the configured number
 * of receives, moves to the dead-letter queue. The file record is written
 * last: if it is there, every article of that version is too.
 */
import {
  type FileMeta,
  type ParseResult,
  parseFile,
  type RecordProblem,
} from '../core/index.ts';
import type { ArticleStore, SaveOutcome } from '../store/article-store.ts';
import {
  ArticleTooLargeError,
  ObjectChangedError,
  ObjectNotFoundError,
  ObjectTooLargeError,
} from '../store/errors.ts';
import {
  type FileReason,
  type FileRecord,
  MAX_LISTED_ARTICLE_IDS,
  MAX_LISTED_PROBLEMS,
} from '../store/file-record.ts';
import type { ObjectContent, ObjectSource } from '../store/object-source.ts';
import type { ObjectCreatedEvent } from './s3-events.ts';

/** What {@link ingestObject} needs. */
export interface IngestDependencies {
  readonly store: ArticleStore;
  readonly source: ObjectSource;
  /** @default the current time */
  readonly now?: () => Date;
}

/** What became of one event. */
export type IngestOutcome =
  | {
      readonly status: 'processed';
      readonly record: FileRecord;
      readonly bytes: number;
    }
  /** Nothing to do: already processed, or a newer version exists. */
  | { readonly status: 'skipped'; readonly reason: string };

/**
 * Ingests the object an event names.
 *
 * @throws for transient failures only (the message should be retried)
 */
export async function ingestObject(
  event: ObjectCreatedEvent,
  deps: IngestDependencies
): Promise<IngestOutcome> {
  const now = deps.now ?? (() => new Date());
  // No read of the file record first: a redelivered or out-of-order event
  // is rare, and the conditional writes below already make it harmless
  // (same version: the same items again; older version: superseded). Not
  // asking on every fresh event saves a DynamoDB call per file.
  let content: ObjectContent;
  try {
    content = await deps.source.read(event);
  } catch (error) {
    if (error instanceof ObjectChangedError) {
      return { status: 'skipped', reason: error.message };
    }
    const reason = readFailure(error);
    if (!reason) throw error;
    return finish(deps, rejectedRecord(event, reason, now()), 0);
  }

  const result = parseFile(content.bytes, fileMeta(event, content, now()));
  if (!result.ok) {
    const record = rejectedRecord(event, result.rejection, now(), {
      sizeBytes: content.bytes.length,
      ...(result.format ? { format: result.format } : {}),
    });
    return finish(deps, record, content.bytes.length);
  }
  const record = await saveArticles(event, content, result, deps.store, now);
  return finish(deps, record, content.bytes.length);
}

/** A read failure that is the object's fault, as a file reason. */
function readFailure(error: unknown): FileReason | undefined {
  if (error instanceof ObjectNotFoundError) {
    return { code: 'object-not-found', message: error.message };
  }
  if (error instanceof ObjectTooLargeError) {
    return { code: 'too-large', message: error.message };
  }
  return undefined;
}

async function saveArticles(
  event: ObjectCreatedEvent,
  content: ObjectContent,
  result: Extract<ParseResult, { ok: true }>,
  store: ArticleStore,
  now: () => Date
): Promise<FileRecord> {
  const source = {
    bucket: event.bucket,
    key: event.key,
    sequencer: event.sequencer,
  };
  const problems: RecordProblem[] = [...result.problems];
  const ids: string[] = [];
  let stored = 0;
  let duplicate = 0;
  // One article at a time: a file's articles share hash items and sort
  // keys, and sequential writes keep DynamoDB's per-partition rate smooth.
  for (const [index, article] of result.articles.entries()) {
    let outcome: SaveOutcome;
    try {
      outcome = await store.saveArticle(article, source);
    } catch (error) {
      if (!(error instanceof ArticleTooLargeError)) throw error;
      problems.push({
        location: `article ${index + 1}`,
        code: 'too-large',
        message: error.message,
      });
      continue;
    }
    if (outcome.status === 'stored') stored++;
    if (outcome.status === 'duplicate') duplicate++;
    if (outcome.status !== 'superseded') ids.push(outcome.id);
  }
  const counts = {
    found: result.articles.length + result.problems.length,
    stored,
    duplicate,
    rejected: problems.length,
  };
  const status =
    stored > 0 ? 'stored' : duplicate > 0 ? 'duplicate' : 'rejected';
  const reason = status === 'rejected' ? problems[0] : undefined;
  return {
    ...baseRecord(event, now()),
    status,
    articleIds: [...new Set(ids)].slice(0, MAX_LISTED_ARTICLE_IDS),
    counts,
    problems: problems.slice(0, MAX_LISTED_PROBLEMS),
    format: result.format,
    sizeBytes: content.bytes.length,
    ...(reason
      ? { reason: { code: reason.code, message: reason.message } }
      : {}),
    ...(content.etag ? { etag: content.etag } : {}),
    ...(content.versionId ? { versionId: content.versionId } : {}),
  };
}

function fileMeta(
  event: ObjectCreatedEvent,
  content: ObjectContent,
  ingestedAt: Date
): FileMeta {
  return {
    bucket: event.bucket,
    key: event.key,
    metadata: content.metadata,
    ingestedAt,
    ...(content.contentType ? { contentType: content.contentType } : {}),
    ...(content.etag ? { etag: content.etag } : {}),
    ...(content.versionId ? { versionId: content.versionId } : {}),
    ...(content.lastModified ? { lastModified: content.lastModified } : {}),
  };
}

function baseRecord(event: ObjectCreatedEvent, processedAt: Date) {
  return {
    bucket: event.bucket,
    key: event.key,
    sequencer: event.sequencer,
    processedAt: processedAt.toISOString(),
    ...(event.eventTime ? { uploadedAt: event.eventTime } : {}),
    ...(event.etag ? { etag: event.etag } : {}),
    ...(event.versionId ? { versionId: event.versionId } : {}),
  };
}

function rejectedRecord(
  event: ObjectCreatedEvent,
  reason: FileReason,
  processedAt: Date,
  extra: Partial<Pick<FileRecord, 'sizeBytes' | 'format'>> = {}
): FileRecord {
  return {
    ...baseRecord(event, processedAt),
    status: 'rejected',
    reason: { code: reason.code, message: reason.message },
    articleIds: [],
    counts: { found: 0, stored: 0, duplicate: 0, rejected: 1 },
    problems: [],
    ...extra,
  };
}

async function finish(
  deps: IngestDependencies,
  record: FileRecord,
  bytes: number
): Promise<IngestOutcome> {
  const write = await deps.store.putFileRecord(record);
  return write === 'written'
    ? { status: 'processed', record, bytes }
    : {
        status: 'skipped',
        reason: 'a newer version of the object was recorded meanwhile',
      };
}
