/**
 * parseFile: bytes of one file → the articles in it, or why there are none.
 *
 * ```
 * bytes → FileParser: sniff → gunzip / unzip → decode → detect → parse
 *       → EntryEmitter: clean → check → finalize, per entry
 * ```
 * A file may hold many articles (JSON Lines, feeds, JSON arrays, zip
 * archives); each entry that fails is an `EntryProblem` and the
 * rest are kept. Every stage may reject the file; the rejection comes back
 * as a value with a stable code, and nothing thrown escapes (a bug in a
 * stage becomes a `parser-error` rejection, so one bad file never crashes
 * a batch). `FileParser` is the same pipeline fed chunk by chunk, which is
 * how the ingest function reads large files.
 */
import { FileParser } from './read/file-parser.ts';
import type { FileMeta, ParseOptions, ParseResult } from './types.ts';

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
  const unlisted = first.unlistedProblems + last.unlistedProblems;
  const unlistedProblems = unlisted > 0 ? { unlistedProblems: unlisted } : {};
  if (!last.ok) {
    const { format, rejection } = last;
    return {
      ok: false,
      ...(format ? { format } : {}),
      rejection,
      ...(problems.length > 0 ? { problems } : {}),
      ...unlistedProblems,
    };
  }
  return {
    ok: true,
    format: last.format,
    articles,
    problems,
    ...unlistedProblems,
  };
}
