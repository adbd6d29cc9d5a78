/**
 * FileTally: what the entries of one file have come to so far.
 *
 * Every entry the ingest function reads ends one of three ways: stored as
 * an article, matched as a duplicate of an article already stored, or
 * rejected with a problem (an entry the parser refused, an article too
 * large for DynamoDB, the rest of a file past a limit). The tally counts
 * the three, keeps the first problems and the first article ids for the
 * file record, and is carried from invocation to invocation of a file
 * that is continued (see `continuation.ts`) as a {@link Tally}.
 *
 * A fourth, `unchanged`: an entry of a version read again whose article is
 * stored exactly as it would write it (the save wrote nothing); its id is
 * listed as a stored one's.
 *
 * An entry a newer version of the same object already stored (the save is
 * `superseded`) is none of these: that version's own record counts it.
 */
import type { EntryProblem, FileFormat, Rejection } from '../core/index.ts';
import {
  type FileCounts,
  MAX_LISTED_ARTICLE_IDS,
  MAX_LISTED_PROBLEMS,
  NO_COUNTS,
} from '../store/file-record.ts';

export { NO_COUNTS };

/** A tally as data: what a continuation message carries. */
export interface Tally {
  readonly counts: FileCounts;
  /** The first problems (`MAX_LISTED_PROBLEMS`). */
  readonly problems: readonly EntryProblem[];
  /** The first article ids (`MAX_LISTED_ARTICLE_IDS`). */
  readonly articleIds: readonly string[];
  readonly format?: FileFormat | undefined;
}

/** An empty tally. */
export const EMPTY_TALLY: Tally = {
  counts: NO_COUNTS,
  problems: [],
  articleIds: [],
};

/** The running tally of one file's entries. */
export class FileTally {
  #stored: number;
  #duplicate: number;
  #unchanged: number;
  #rejected: number;
  readonly #problems: EntryProblem[];
  readonly #articleIds: string[];

  /** Starts from nothing, or from where an earlier invocation stopped. */
  public constructor(from: Tally = EMPTY_TALLY) {
    this.#stored = from.counts.stored;
    this.#duplicate = from.counts.duplicate;
    this.#unchanged = from.counts.unchanged ?? 0;
    this.#rejected = from.counts.rejected;
    this.#problems = [...from.problems];
    this.#articleIds = [...from.articleIds];
  }

  /** An entry was stored as article `id` (new, or an update of it). */
  public stored(id: string): void {
    this.#stored++;
    this.#listId(id);
  }

  /** An entry's text was already stored, as article `id`. */
  public duplicate(id: string): void {
    this.#duplicate++;
    this.#listId(id);
  }

  /** An entry's article `id` was stored as it is: nothing was written. */
  public unchanged(id: string): void {
    this.#unchanged++;
    this.#listId(id);
  }

  /** An entry, or the rest of the file, stored nothing: a problem. */
  public rejected(location: string, rejection: Rejection): void {
    this.#rejected++;
    if (this.#problems.length < MAX_LISTED_PROBLEMS) {
      this.#problems.push({
        location: bounded(location),
        code: rejection.code,
        message: bounded(rejection.message),
      });
    }
  }

  /** Entries that stored nothing, counted only (no problem listed). */
  public rejectedUnlisted(count: number): void {
    this.#rejected += count;
  }

  /**
   * The counts so far; `found` is the sum of the others. `unchanged` is
   * left out while none is.
   */
  public get counts(): FileCounts {
    return {
      found: this.#stored + this.#duplicate + this.#unchanged + this.#rejected,
      stored: this.#stored,
      duplicate: this.#duplicate,
      ...(this.#unchanged > 0 ? { unchanged: this.#unchanged } : {}),
      rejected: this.#rejected,
    };
  }

  /** Whether any entry is an article (stored, duplicate or unchanged). */
  public get savedAny(): boolean {
    return this.#stored + this.#duplicate + this.#unchanged > 0;
  }

  /** The first problems, in the order they were met. */
  public get problems(): readonly EntryProblem[] {
    return [...this.#problems];
  }

  /** The first article ids, each once, in the order they were met. */
  public get articleIds(): readonly string[] {
    return [...this.#articleIds];
  }

  /** The tally as data, for a continuation message. */
  public toTally(format: FileFormat | undefined): Tally {
    return {
      counts: this.counts,
      problems: this.problems,
      articleIds: this.articleIds,
      format,
    };
  }

  /** An independent tally with what this one has come to. */
  public copy(): FileTally {
    return new FileTally(this.toTally(undefined));
  }

  #listId(id: string): void {
    if (
      this.#articleIds.length < MAX_LISTED_ARTICLE_IDS &&
      !this.#articleIds.includes(id)
    ) {
      this.#articleIds.push(id);
    }
  }
}

/**
 * Longest location or message a listed problem keeps: 1,000 characters.
 * A zip entry's path may be 65,535 bytes; twenty of them would make the
 * file record a megabyte, past DynamoDB's 400 KB item limit.
 */
export const MAX_PROBLEM_TEXT_CHARS = 1000;

/** `text`, cut to {@link MAX_PROBLEM_TEXT_CHARS} with an ellipsis. */
function bounded(text: string): string {
  return text.length <= MAX_PROBLEM_TEXT_CHARS
    ? text
    : `${text.slice(0, MAX_PROBLEM_TEXT_CHARS - 1)}…`;
}

/** Counts `after` holds beyond `before`: what one invocation added. */
export function countsAdded(after: FileCounts, before: FileCounts): FileCounts {
  return {
    found: after.found - before.found,
    stored: after.stored - before.stored,
    duplicate: after.duplicate - before.duplicate,
    ...(after.unchanged
      ? { unchanged: after.unchanged - (before.unchanged ?? 0) }
      : {}),
    rejected: after.rejected - before.rejected,
  };
}
