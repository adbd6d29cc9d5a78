/**
 * FileParser: a file's bytes, pushed in chunks → articles as they appear.
 *
 * The stages, in order (each one module of `functions/core/read/`, the
 * format readers in `functions/core/formats/`):
 * ```
 * chunks → FileSink (sinks.ts): the first 4 KiB are sniffed (sniff.ts)
 *   ├─ gzip ─► GunzipSink (gzip.ts, inflate.ts) ─► a FileSink, one level down
 *   ├─ zip ──► ZipSink (zip.ts, inflate.ts) ─► a FileSink per member
 *   └─ text ─► detectFormat (detect.ts) ─► the format's reader (formats/)
 *       ├─ streamed (JSON Lines, RSS, Atom) ─► DecodingSink ─► reader.stream:
 *       │                                      each entry as it ends
 *       └─ whole (text, HTML, Markdown, JSON) ─► WholeSink: buffer, then
 *                                   decodeText (decode.ts) ─► reader.readWhole
 * entries ─► EntryEmitter (entries.ts): clean → check → article, or a problem
 * ```
 * Multi-article formats are read as streams: a JSON Lines line or a feed
 * item becomes an article as soon as its last byte arrives, so memory
 * follows the largest entry, not the file (see the `streaming` bench).
 * Formats that are one article (text, HTML, Markdown) or one JSON value
 * are buffered, within `maxInputBytes`, and parsed whole at the end.
 * Which is which is each reader's to say, in one table
 * (`formats/index.ts`); adding a format is one reader module and one row.
 *
 * Pure: chunks in, data out, no I/O. `parseFile` pushes one chunk; the
 * ingest function pushes an S3 object's body as it downloads and stores
 * each batch of articles before reading on. Nothing escapes `push` or
 * `end`: a file-level failure becomes the file's rejection (before any
 * entry) or a problem at its location (after some), and parsing stops.
 */
import type { FileFormat } from '../article.ts';
import { EntryEmitter, rejectionOf } from '../entries.ts';
import { InputRejectedError, type Rejection } from '../errors.ts';
import { type ResolvedLimits, resolveLimits } from '../limits.ts';
import { withoutControls } from '../safe-fields.ts';
import { resetTextMemo } from '../text.ts';
import type {
  FileMeta,
  FileParserOptions,
  ParseEnd,
  ParseProgress,
  ResumePoint,
} from '../types.ts';
import { FileSink } from './sinks.ts';

/** The newline byte: in UTF-8 it is never part of a multi-byte sequence. */
const NEWLINE = 0x0a;

/**
 * Parses one file from chunks of its bytes.
 *
 * @example
 * ```ts
 * const parser = new FileParser({ key: 'feeds/news.xml' });
 * for await (const chunk of body) save(parser.push(chunk).articles);
 * const last = parser.end();
 * ```
 */
export class FileParser {
  readonly #emitter: EntryEmitter;
  readonly #limits: ResolvedLimits;
  readonly #root: FileSink;
  #bytes = 0;
  #failure: Rejection | undefined;
  #ended = false;
  /** Whether an earlier run handled part of the file. */
  readonly #resumed: boolean;
  /** The file's byte where this run's bytes start. */
  readonly #startOffset: number;
  /** Bytes pushed up to the last newline byte, and lines ended so far. */
  #lineStart = 0;
  #lines: number;

  public constructor(meta: FileMeta = {}, options: FileParserOptions = {}) {
    this.#limits = resolveLimits(options.limits);
    const resumeAt = options.resumeAt;
    this.#resumed = (options.skipEntries ?? 0) > 0 || resumeAt !== undefined;
    this.#startOffset = resumeAt?.byteOffset ?? 0;
    this.#lines = resumeAt?.line ?? 0;
    this.#emitter = new EntryEmitter(
      meta,
      this.#limits,
      options.skipEntries ?? 0,
      resumeAt?.entries ?? 0
    );
    resetTextMemo();
    this.#root = new FileSink({
      entries: this.#emitter,
      limits: this.#limits,
      hintKey: meta.key,
      contentType: meta.contentType,
      depth: 0,
      location: '',
      prefix: '',
      archivePath: undefined,
      gzipped: false,
      sizeBytes: meta.sizeBytes,
      resume: resumeAt && { line: resumeAt.line, entries: resumeAt.entries },
    });
  }

  /**
   * Where a next run may resume: after {@link entries}, and, for JSON Lines
   * in UTF-8 that is not compressed, at the byte where the line after the
   * last complete one starts (every line up to it has been read: `push`
   * hands each line on as its newline arrives).
   */
  public get resumePoint(): ResumePoint {
    const entries = this.#emitter.seen;
    if (!this.#root.resumableByLine) return { entries };
    return {
      entries,
      byteOffset: this.#startOffset + this.#lineStart,
      line: this.#lines,
    };
  }

  /** Entries met so far, skipped ones included: where a next run resumes. */
  public get entries(): number {
    return this.#emitter.seen;
  }

  /** The file's format, once known. */
  public get format(): FileFormat | undefined {
    return this.#root.format;
  }

  /** Reads more bytes; returns the articles and problems they completed. */
  public push(chunk: Uint8Array): ParseProgress {
    if (this.#failure || this.#ended) return this.#emitter.drain();
    this.#countLines(chunk);
    this.#emitter.startStep();
    this.#bytes += chunk.length;
    this.#guard(() => {
      const max = this.#limits.maxStreamBytes;
      if (this.#bytes > max) {
        throw new InputRejectedError(
          'too-large',
          `file is more than ${max} bytes, the limit for a streamed file`
        );
      }
      this.#root.write(chunk);
    });
    return this.#emitter.drain();
  }

  /** Finishes the file: the last articles, and whether it was rejected. */
  public end(): ParseEnd {
    this.#emitter.startStep();
    if (!this.#ended && !this.#failure) this.#guard(() => this.#root.end());
    this.#ended = true;
    const { articles, problems, unlistedProblems } = this.#emitter.drain();
    const format = this.#root.format;
    const withFormat = format ? { format } : {};
    if (this.#failure) {
      return {
        ok: false,
        ...withFormat,
        rejection: this.#failure,
        articles,
        problems,
        unlistedProblems,
      };
    }
    const emitter = this.#emitter;
    const first = emitter.firstProblem;
    // Decided from the whole file's counts, not from this last batch: the
    // problems of earlier pushes were handed out already. A resumed run
    // (a continuation) is not the whole file: it never rejects it.
    if (emitter.articleCount === 0 && !this.#resumed && first) {
      // A file that is one entry: its problem is the file's rejection.
      const only = emitter.problemCount === 1 && first.location === '';
      const rejection: Rejection = only
        ? { code: first.code, message: first.message }
        : {
            code: first.code,
            message: `none of the ${emitter.seen} entries became an article; ${first.location}: ${first.message}`,
          };
      return {
        ok: false,
        ...withFormat,
        rejection,
        articles,
        problems: only ? [] : problems,
        unlistedProblems,
      };
    }
    return {
      ok: true,
      format: format ?? 'text',
      articles,
      problems,
      unlistedProblems,
    };
  }

  /** Counts the newline bytes of `chunk`, pushed after `#bytes` bytes. */
  #countLines(chunk: Uint8Array): void {
    let at = chunk.indexOf(NEWLINE);
    while (at !== -1) {
      this.#lines++;
      this.#lineStart = this.#bytes + at + 1;
      at = chunk.indexOf(NEWLINE, at + 1);
    }
  }

  /**
   * Runs a step; a file-level fault is the file's rejection if no entry
   * was met yet, else a problem at the current position, and either way
   * the end of reading.
   */
  #guard(step: () => void): void {
    try {
      step();
    } catch (error) {
      const { code, message } = rejectionOf(error, this.#root.format ?? 'file');
      // The message may quote the input: no control character in it.
      const rejection = { code, message: withoutControls(message) };
      if (this.#emitter.seen === 0) this.#failure = rejection;
      else this.#emitter.stop(this.#root.position(), rejection);
      // Stop here: later chunks are ignored.
      this.#ended = true;
    }
  }
}
