/**
 * parseFile: bytes of one file → the articles in it, or why there are none.
 *
 * ```
 * bytes → FileParser: sniff → gunzip / unzip → decode → detect → parse
 *       → EntryEmitter: clean → check → finalize, per entry
 * ```
 * A file may hold many articles (JSON Lines, feeds, JSON arrays, zip
 * archives); each entry that fails is an {@link EntryProblem} and the
 * rest are kept. Every stage may reject the file; the rejection comes back
 * as a value with a stable code, and nothing thrown escapes (a bug in a
 * stage becomes a `parser-error` rejection, so one bad file never crashes
 * a batch). `FileParser` is the same pipeline fed chunk by chunk, which is
 * how the ingest function reads large files.
 */
import type { Article, FileFormat } from './article.ts';
import type { EntryProblem } from './entries.ts';
import type { Rejection } from './errors.ts';
import { FileParser } from './file-parser.ts';
import type { ParseLimits } from './limits.ts';

export type { EntryProblem } from './entries.ts';

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
  /** When the object was uploaded. */
  readonly lastModified?: Date;
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

/** Options of {@link parseFile}. */
export interface ParseOptions {
  /** Size and content limits. @default {@link DEFAULT_LIMITS} */
  readonly limits?: ParseLimits;
}

/** The outcome of {@link parseFile}. */
export type ParseResult =
  | {
      readonly ok: true;
      /** `zip` for archives; else the format of the file's content. */
      readonly format: FileFormat;
      readonly articles: readonly Article[];
      /** Entries that were skipped; empty for single-article files. */
      readonly problems: readonly EntryProblem[];
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
    };

/**
 * Parses one file into clean articles.
 *
 * Pure: no I/O, no environment. Never throws; a file that cannot become an
 * article comes back as `{ ok: false, rejection: { code, message } }`.
 *
 * @example
 * ```ts
 * const result = parseFile(bytes, { key: 'world/putin-kim.txt' });
 * if (result.ok) console.log(result.articles[0]?.title);
 * else console.error(result.rejection.code, result.rejection.message);
 * ```
 */
export function parseFile(
  bytes: Uint8Array,
  meta: FileMeta = {},
  options: ParseOptions = {}
): ParseResult {
  const parser = new FileParser(
    { sizeBytes: bytes.length, ...meta },
    options.limits ? { limits: options.limits } : {}
  );
  const first = parser.push(bytes);
  const last = parser.end();
  const articles = [...first.articles, ...last.articles];
  const problems = [...first.problems, ...last.problems];
  if (!last.ok) {
    const { format, rejection } = last;
    return {
      ok: false,
      ...(format ? { format } : {}),
      rejection,
      ...(problems.length > 0 ? { problems } : {}),
    };
  }
  return { ok: true, format: last.format, articles, problems };
}
