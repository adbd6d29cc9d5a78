/**
 * How the articles of one file are grouped for writing: into waves, each
 * of groups that are written in one transaction each, several at once.
 *
 * ```
 * articles, in file order ─► waves (no id, no text twice in one wave)
 *   wave ─► groups (≤ 25 articles, ≤ 1 MB of items) ─► transactions, 8 at once
 * ```
 * Two saves of one wave never touch the same article or content-hash
 * item, so they do not depend on each other and may be written in any
 * order, at once. A save that does depend on an earlier one of its file
 * (the same article twice, or the same text twice: the second is a
 * duplicate of the first) goes to a later wave, written once the earlier
 * wave is: the first in file order serves the text, as when articles were
 * written one at a time.
 *
 * Pure, but for {@link inPool}, which only schedules.
 */
import type { Article } from '../core/index.ts';
import {
  MAX_ARTICLES_PER_TRANSACTION,
  MAX_TRANSACTION_ITEM_BYTES,
  type SaveRequest,
} from '../store/article-store.ts';

/**
 * Transactions of one file in flight at once: 8, so up to 200 articles.
 * DynamoDB takes ~1,000 writes/s per partition, and a file's articles are
 * in as many partitions as articles; the bound keeps one invocation from
 * holding more than a few hundred kilobytes of requests and keeps a
 * transaction conflict (which falls back to one save per article) cheap.
 */
export const TRANSACTIONS_IN_FLIGHT = 8;

/**
 * A cheap upper estimate of an article's item in bytes: its text twice
 * (the body is stored as JSON beside the standfirst and title) and 1 KB
 * of other fields. Only groups use it; the store checks the real size.
 */
export function estimatedItemBytes(article: Article): number {
  return 2 * article.text.length + 1024;
}

/**
 * `requests` in waves of groups (see the module doc); every request is in
 * exactly one group, and within a wave, groups keep file order.
 */
export function saveWaves(requests: readonly SaveRequest[]): SaveRequest[][][] {
  const waves: SaveRequest[][][] = [];
  /** Per wave, the ids and content hashes it holds. */
  const taken: Set<string>[] = [];
  /** Per wave, the bytes of its last group. */
  const bytes: number[] = [];
  for (const request of requests) {
    const { id, contentHash } = request.article;
    // The first wave after every wave that holds the id or the text: a
    // request goes after all the saves it depends on.
    let at = 0;
    for (let w = taken.length - 1; w >= 0; w--) {
      const wave = taken[w] as Set<string>;
      if (wave.has(`id:${id}`) || wave.has(`hash:${contentHash}`)) {
        at = w + 1;
        break;
      }
    }
    if (at === waves.length) {
      waves.push([[]]);
      taken.push(new Set());
      bytes.push(0);
    }
    const wave = waves[at] as SaveRequest[][];
    const size = estimatedItemBytes(request.article);
    let group = wave[wave.length - 1] as SaveRequest[];
    if (
      group.length >= MAX_ARTICLES_PER_TRANSACTION ||
      (group.length > 0 &&
        (bytes[at] as number) + size > MAX_TRANSACTION_ITEM_BYTES)
    ) {
      group = [];
      wave.push(group);
      bytes[at] = 0;
    }
    group.push(request);
    bytes[at] = (bytes[at] as number) + size;
    (taken[at] as Set<string>).add(`id:${id}`).add(`hash:${contentHash}`);
  }
  return waves;
}

/**
 * Runs `tasks`, at most `limit` at once, and returns their results in
 * the tasks' order. The first failure is thrown once every started task
 * has settled (no write is left running behind the error).
 */
export async function inPool<T>(
  tasks: readonly (() => Promise<T>)[],
  limit: number
): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < tasks.length && !failure) {
      const index = next++;
      try {
        results[index] = await (tasks[index] as () => Promise<T>)();
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, worker)
  );
  if (failure) throw failure.error;
  return results;
}
