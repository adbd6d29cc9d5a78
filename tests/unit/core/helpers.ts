/** Small helpers for the core's parse tests. */
import {
  type Article,
  FileParser,
  InputRejectedError,
  type ParseResult,
  type Rejection,
} from '../../../functions/core/index.ts';

/** A string's UTF-8 bytes. */
export const utf8 = (text: string): Uint8Array =>
  new TextEncoder().encode(text);

/** The articles of a result that must not be a rejection. */
export function articles(result: ParseResult): readonly Article[] {
  if (!result.ok) throw new Error(`rejected: ${result.rejection.message}`);
  return result.articles;
}

/** The rejection of a result that must be one. */
export function rejection(result: ParseResult) {
  if (result.ok) throw new Error('expected a rejection, got articles');
  return result.rejection;
}

/** Reads `bytes` in chunks of `size` through a FileParser. */
export function parseInChunks(
  bytes: Uint8Array,
  size: number,
  skipEntries = 0,
  key = 'chunked'
) {
  const parser = new FileParser({ key }, { skipEntries });
  const out: Article[] = [];
  const problems: string[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    const step = parser.push(bytes.subarray(at, at + size));
    out.push(...step.articles);
    problems.push(...step.problems.map((p) => p.location));
  }
  const end = parser.end();
  out.push(...end.articles);
  problems.push(...end.problems.map((p) => p.location));
  return { articles: out, problems, end, entries: parser.entries };
}

/** The rejection `act` throws, as a plain object; anything else is rethrown. */
export function thrownRejection(act: () => unknown): Rejection {
  try {
    act();
  } catch (error) {
    if (error instanceof InputRejectedError) return error.toRejection();
    throw error;
  }
  throw new Error('expected a rejection, got none');
}
