/**
 * Continuations: the rest of a file that did not finish in one invocation.
 *
 * A file of 100,000 articles takes minutes to store, longer than a Lambda
 * invocation may run. When the time left in the invocation falls under a
 * reserve, the ingest function stops between two chunks, sends a
 * continuation message to its own queue and acknowledges the event. The
 * message names the same object version (so a newer upload cannot be
 * mixed in), how many entries were handled (the resume point: the next
 * invocation reads the file again and skips them before any cleaning),
 * and the tally so far (counts, the first problems, the article ids),
 * because the file record is written once, at the end, as for any file.
 *
 * Re-reading from the start rather than from a byte offset keeps one rule
 * for every format: gzip and zip have no offset to seek to, and a feed's
 * channel title is needed for every item. Skipping is cheap next to
 * storing (parsing only, no cleaning and no writes).
 */
import type { Tally } from './file-tally.ts';
import type { ObjectCreatedEvent } from './s3-events.ts';

/** A continuation message's content. */
export interface Continuation {
  readonly event: ObjectCreatedEvent;
  /** Entries handled so far: the next invocation skips this many. */
  readonly entries: number;
  /** How many invocations the file has had. */
  readonly invocations: number;
  readonly tally: Tally;
}

/** The key that marks a message body as a continuation. */
const MARKER = 'dropwireContinuation';
/** Version of the message shape, for messages in flight during a deploy. */
const VERSION = 1;
/**
 * The message's name for {@link Continuation.entries}, as version 1 wrote
 * it before entries were called entries: messages in flight across a
 * deploy must still parse.
 */
const ENTRIES_FIELD = 'records';

/**
 * Most invocations one file may take: 200. With the default 30 s timeout
 * that is over an hour of storing, some 400,000 articles; a file still
 * unfinished then is recorded with what it stored, and a problem saying
 * where it stopped, instead of continuing forever.
 */
export const MAX_INVOCATIONS_PER_FILE = 200;

/** The message body of a continuation. */
export function continuationBody(continuation: Continuation): string {
  const { event, entries, invocations, tally } = continuation;
  return JSON.stringify({
    [MARKER]: VERSION,
    event,
    [ENTRIES_FIELD]: entries,
    invocations,
    tally,
  });
}

/**
 * The continuation in a message body, or undefined for any other message
 * (an S3 notification).
 */
export function parseContinuation(body: string): Continuation | undefined {
  if (!body.includes(MARKER)) return undefined;
  let message: unknown;
  try {
    message = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (
    typeof message !== 'object' ||
    message === null ||
    (message as Record<string, unknown>)[MARKER] !== VERSION
  ) {
    return undefined;
  }
  const {
    event,
    [ENTRIES_FIELD]: entries,
    invocations,
    tally,
  } = message as Omit<Continuation, 'entries'> & {
    [ENTRIES_FIELD]: number;
  };
  if (
    typeof event?.bucket !== 'string' ||
    typeof event.key !== 'string' ||
    typeof event.sequencer !== 'string' ||
    !Number.isSafeInteger(entries) ||
    !Number.isSafeInteger(invocations) ||
    typeof tally?.counts !== 'object'
  ) {
    return undefined;
  }
  return { event, entries, invocations, tally };
}
