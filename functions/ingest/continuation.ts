/**
 * Continuations: the rest of a file that did not finish in one invocation.
 *
 * A file of 100,000 articles takes minutes to store, longer than a Lambda
 * invocation may run. When the time left in the invocation falls under a
 * reserve, the ingest function stops between two chunks, hands the file
 * off to the next step of its chain (see `file-chain.ts`) and sends a
 * continuation message to its own queue. The message names only the
 * object version (so a newer upload cannot be mixed in), the chain's token
 * and the step it is for: where to resume, the counts, the first problems
 * and the article ids are in the file record, so the message stays a few
 * hundred bytes whatever the file (SQS takes 256 KB), and a message that
 * is not for the chain's current step is recognised as stale.
 *
 * Where the next invocation resumes: JSON Lines in UTF-8, not compressed,
 * resumes with a ranged GET from the byte where the next line starts.
 * Every other format is read again from byte 0 and the entries handled
 * before are skipped before any cleaning: gzip and zip have no offset to
 * seek to (the inflater's state at a byte is not a few numbers), and a
 * feed's channel title and language, read before its items, are every
 * item's publisher and language. Skipping is cheap next to storing
 * (parsing only, no cleaning and no writes).
 */
import type { ObjectCreatedEvent } from './s3-events.ts';

/** A continuation message's content. */
export interface Continuation {
  readonly event: ObjectCreatedEvent;
  /**
   * The chain token; absent in a message of version 1 (before chains),
   * which is read as the object's event: the file starts over.
   */
  readonly chain?: string | undefined;
  /** The chain step the message is for (2 for the first continuation). */
  readonly step?: number | undefined;
}

/** The key that marks a message body as a continuation. */
const MARKER = 'dropwireContinuation';
/** Version of the message shape: 2 since the chain state is in the record. */
const VERSION = 2;
/**
 * Version 1 carried the tally in the message; such a message in flight
 * across a deploy still parses, as its event alone.
 */
const LEGACY_VERSION = 1;

/**
 * Most invocations one file may take: 200. With the default 30 s timeout
 * that is over an hour of storing, some 400,000 articles; a file still
 * unfinished then is recorded with what it stored, and a problem saying
 * where it stopped, instead of continuing forever.
 */
export const MAX_INVOCATIONS_PER_FILE = 200;

/** The message body of a continuation. */
export function continuationBody(continuation: Required<Continuation>): string {
  const { event, chain, step } = continuation;
  return JSON.stringify({ [MARKER]: VERSION, event, chain, step });
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
  if (typeof message !== 'object' || message === null) return undefined;
  const {
    [MARKER]: version,
    event,
    chain,
    step,
  } = message as Record<string, unknown> & { event?: ObjectCreatedEvent };
  if (
    typeof event?.bucket !== 'string' ||
    typeof event.key !== 'string' ||
    typeof event.sequencer !== 'string'
  ) {
    return undefined;
  }
  if (version === LEGACY_VERSION) return { event };
  if (
    version !== VERSION ||
    typeof chain !== 'string' ||
    !Number.isSafeInteger(step)
  ) {
    return undefined;
  }
  return { event, chain, step: step as number };
}
