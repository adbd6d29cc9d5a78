/**
 * The core's contracts: the shapes its stages hand each other and its
 * callers.
 *
 * Every module of the core that needs one of these imports it from here,
 * with `import type`, and no implementation module defines one of them
 * itself. That keeps the dependency graph a tree: a stage never imports
 * another stage just for a type, which is how the file parser, the
 * pipeline and the entry emitter once imported each other in a circle.
 * This module holds types only; it compiles to nothing.
 */
import type { Article, FileFormat, Format } from './article.ts';
import type { Draft } from './draft.ts';
import type { Rejection, RejectionCode } from './errors.ts';
import type { ParseLimits, ResolvedLimits } from './limits.ts';

/** What is known about a file besides its bytes. Every field is optional. */
export interface FileMeta {
  /** Bucket the object is in. Part of `origin` and of the article id. */
  readonly bucket?: string;
  /** Object key (or file path). Helps format detection; part of the id. */
  readonly key?: string;
  /** The object's `Content-Type`, which may declare a charset. */
  readonly contentType?: string;
  readonly etag?: string;
  readonly versionId?: string;
  /**
   * User metadata (`x-amz-meta-*` without the prefix). `title`, `url`,
   * `publisher`, `author` (comma-separated), `language`, `published-at`
   * override what the file says.
   */
  readonly metadata?: Readonly<Record<string, string>>;
  /**
   * The file's size in bytes, when known before it is read; only used to
   * name it in a `too-large` rejection.
   * @default the bytes counted so far
   */
  readonly sizeBytes?: number;
  /**
   * The time recorded as `ingestedAt`.
   * @default the current time
   */
  readonly ingestedAt?: Date;
}

/**
 * An entry of a multi-article file (a JSON Lines line, a feed item, a
 * zip archive's member) that produced no article, while the rest of the
 * file did.
 */
export interface EntryProblem {
  /** Where in the file, for people: `line 12`, `item 3`, `entry a/b.json`. */
  readonly location: string;
  readonly code: RejectionCode;
  readonly message: string;
}

/** Where an entry sits, and how to finish it. */
export interface EntryPlace {
  /** The entry's own format (a zip member's, for archives). */
  readonly format: Format;
  /** For people: `line 3`, `entry a/b.jsonl, line 3`; '' for a whole file. */
  readonly location: string;
  /** Position in its file (or archive member), for stable ids. */
  readonly index: number;
  /** Path inside a zip archive, for `origin.entry`. */
  readonly archivePath?: string | undefined;
}

/** An entry's draft and the clean steps it needs. */
export interface EntryDraft {
  readonly draft: Draft;
  /** `html` when the body came from markup, else `text`. */
  readonly steps: 'html' | 'text';
}

/** Options of `FileParser`. */
export interface FileParserOptions {
  /** Size and content limits. @default the defaults of `limits.ts` */
  readonly limits?: ParseLimits;
  /**
   * Entries an earlier run already handled (see `FileParser.entries`):
   * they are read again, but skipped before any cleaning.
   * @default 0
   */
  readonly skipEntries?: number;
  /**
   * Where an earlier run of a JSON Lines file stopped, by byte: the bytes
   * pushed start at `byteOffset` of the file (a ranged read), at line
   * `line`, after `entries` entries. Only a {@link ResumePoint} with a
   * byte offset that `FileParser.resumePoint` gave may be passed.
   * @default the start of the file
   */
  readonly resumeAt?: ByteResumePoint;
}

/**
 * Where a next run of a file may resume: after `entries` entries, and for
 * JSON Lines in UTF-8 that is not compressed, at a byte offset too.
 */
export interface ResumePoint {
  /** Entries met so far (see `FileParser.entries`). */
  readonly entries: number;
  /** The byte where the next line starts; absent: re-read and skip. */
  readonly byteOffset?: number | undefined;
  /** The index of that line (from 0), which ids and locations use. */
  readonly line?: number | undefined;
}

/** A {@link ResumePoint} at a byte offset. */
export interface ByteResumePoint {
  readonly entries: number;
  readonly byteOffset: number;
  readonly line: number;
}

/** What a push produced: articles and skipped entries, in file order. */
export interface ParseProgress {
  readonly articles: readonly Article[];
  /** Problems in full: the file's first `maxProblems`. */
  readonly problems: readonly EntryProblem[];
  /** Problems past the file's first `maxProblems`: counted, not listed. */
  readonly unlistedProblems: number;
}

/** What `FileParser.end` returns: the last output and the outcome. */
export type ParseEnd = ParseProgress &
  (
    | { readonly ok: true; readonly format: FileFormat }
    | {
        readonly ok: false;
        readonly format?: FileFormat;
        readonly rejection: Rejection;
      }
  );

/** Options of `parseFile`. */
export interface ParseOptions {
  /** Size and content limits. @default `DEFAULT_LIMITS` */
  readonly limits?: ParseLimits;
}

/** The outcome of `parseFile`. */
export type ParseResult =
  | {
      readonly ok: true;
      /** `zip` for archives; else the format of the file's content. */
      readonly format: FileFormat;
      readonly articles: readonly Article[];
      /** Entries that were skipped; empty for single-article files. */
      readonly problems: readonly EntryProblem[];
      /** Skipped entries past the first `maxProblems`, counted only. */
      readonly unlistedProblems?: number;
    }
  | {
      readonly ok: false;
      readonly format?: FileFormat;
      readonly rejection: Rejection;
      /**
       * The entries that failed, for a multi-article file none of whose
       * entries became an article (the rejection names the first).
       */
      readonly problems?: readonly EntryProblem[];
      /** Failed entries past the first `maxProblems`, counted only. */
      readonly unlistedProblems?: number;
    };

// The reading protocol: how the stages of `FileParser` (functions/core/
// read/) and the format readers (functions/core/formats/) talk.

/** Where a file's entries go: the entry emitter (`entries.ts`). */
export interface EntrySink {
  /**
   * Finishes one entry. `produce` runs only for entries past the resume
   * point; what it or the clean steps throw becomes the entry's problem.
   */
  entry(place: EntryPlace, produce: () => EntryDraft): void;
  /** An entry that failed before it could be parsed. */
  problem(location: string, rejection: Rejection): void;
  /** Where and why reading stopped early: no entry of its own. */
  stop(location: string, rejection: Rejection): void;
}

/**
 * What every stage reading one file shares. An archive's members and a
 * gzip file's content are files of their own, each with a context derived
 * from the archive's.
 */
export interface ReadContext {
  readonly entries: EntrySink;
  readonly limits: ResolvedLimits;
  /** Key used for detection hints (a member's own name inside a zip). */
  readonly hintKey: string | undefined;
  readonly contentType: string | undefined;
  /** Archives this file is inside (gzip and zip layers). */
  readonly depth: number;
  /** Where this file is, for people: '' for the upload, `entry a/b.jsonl`. */
  readonly location: string;
  /** What its entries' locations start with: '' or `entry a/b.jsonl, `. */
  readonly prefix: string;
  /** Path inside a zip archive, for `origin.entry`. */
  readonly archivePath: string | undefined;
  /** The bytes were gzip-compressed. */
  readonly gzipped: boolean;
  /** Total size if known (for messages). */
  readonly sizeBytes: number | undefined;
  /**
   * A JSON Lines file resumed at a byte offset: the line its first byte
   * starts, and the entries before it. @default the start of the file
   */
  readonly resume?: Pick<ByteResumePoint, 'line' | 'entries'> | undefined;
}

/**
 * A stage that takes bytes. Throws `InputRejectedError` for faults of the
 * whole file; faults of one entry go to the context's `entries`.
 */
export interface ByteSink {
  write(chunk: Uint8Array): void;
  end(): void;
  /** The format chosen, once known. */
  readonly format: FileFormat | undefined;
  /** Where the reading is, for a problem: `line 12`, `item 3`. */
  position(): string;
}

/** Opens the sink that reads one file: how an archive reads what it holds. */
export type OpenFile = (ctx: ReadContext) => ByteSink;

/** A stage that takes decoded text: a streamed format's reader at work. */
export interface TextSink {
  write(text: string): void;
  end(): void;
  /** The format, once the text has shown it (a feed's root element). */
  readonly format: Format | undefined;
  /** Where the reading is, for a problem: `line 12`, `item 3`. */
  position(): string;
}

/**
 * A format whose files are read as streams (JSON Lines, feeds): entries
 * come out as their last byte arrives, so memory follows the largest
 * entry, not the file.
 */
export interface StreamedReader<F extends Format = Format> {
  readonly format: F;
  readonly streamed: true;
  /** Starts reading one file's text. */
  stream(ctx: ReadContext): TextSink;
}

/**
 * A format whose files are one article or one JSON value: buffered within
 * `maxInputBytes`, decoded with full charset detection, read at the end.
 */
export interface WholeReader<F extends Format = Format> {
  readonly format: F;
  readonly streamed: false;
  /** Reads one file's whole text, handing its entries to `ctx.entries`. */
  readWhole(text: string, ctx: ReadContext): void;
}

/**
 * How one format is read: a strategy of one shape per format, in one
 * table (`formats/index.ts`), as middy keeps its execution modes.
 */
export type FormatReader<F extends Format = Format> =
  | StreamedReader<F>
  | WholeReader<F>;
