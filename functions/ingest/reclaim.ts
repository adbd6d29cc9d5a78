/**
 * When an object lets go of a URL-derived article id (deleted, or
 * overwritten with a version that no longer yields it), the objects that
 * yield the same id but lost it to that object (their claims, see
 * `holdings.ts`, `rankOf`) are read again: one reprocess request each on
 * the ingest queue, the message `dropwire reprocess` sends. The best of
 * them then takes the id, so no object's version is lost for good.
 *
 * A request carries the claimant's ETag, so it re-reads the version that
 * made the claim under that version's own sequencer (`reprocess-version.ts`);
 * a claimant deleted since is skipped there.
 */
import type { ArticleStore } from '../store/article-store.ts';
import type { ContinuationQueue } from '../store/continuation-queue.ts';
import { reprocessBody } from './s3-events.ts';

/** What {@link removeAndReclaim} needs. */
export interface ReclaimDependencies {
  readonly store: ArticleStore;
  /** The ingest queue; without one, claims wait for the next reprocess. */
  readonly continuations?: ContinuationQueue | undefined;
}

/**
 * `ArticleStore.removeEntries`, then a reprocess request for every claim
 * on a removed entry's id.
 *
 * @throws if a request cannot be sent: the message is retried, and the
 *   retried removal, finding its own tombstones, finds their claims again
 */
export async function removeAndReclaim(
  deps: ReclaimDependencies,
  bucket: string,
  key: string,
  removal: { readonly sequencer: string; readonly removedAt: Date },
  ids?: readonly string[]
): Promise<void> {
  const { claims } = await deps.store.removeEntries(bucket, key, removal, ids);
  if (!deps.continuations) return;
  for (const claim of claims) {
    await deps.continuations.send(
      reprocessBody(claim.bucket, { key: claim.key, etag: claim.etag })
    );
  }
}
