/**
 * Deterministic ids and content hashes.
 *
 * `contentHash` identifies the *text*: the same article from two files, or
 * with different white space or quote styles, hashes the same, which is how
 * the store turns two uploads of one story into one article.
 *
 * `id` identifies the *article*, so that re-ingesting it updates the stored
 * copy instead of adding another. It is derived from, in order:
 * 1. the canonical URL, when the source gives one: the article's identity
 *    on the web, stable across edits;
 * 2. else the file it came from (bucket, key, the entry path inside a zip
 *    archive, position in the file): an edited file re-uploaded under the
 *    same key updates its article;
 * 3. else (no file, e.g. `dropwire parse -`) the content hash.
 * The file's identity, not its content, makes the id in (2): a
 * content-derived id would make every correction to an uploaded file a new
 * article, while the content-hash item still merges the same text under
 * two keys.
 */
import { createHash } from 'node:crypto';
import { comparisonKey } from './text.ts';

/** Query parameters that track clicks and never change the page. */
const TRACKING_PARAMS =
  /^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|smid|ref|ref_src|_ga)$/iu;

/** sha256 of `text`, as hex. */
function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Content hash of an article's text (64 hex digits): sha256 of its
 * comparison key (lower case, punctuation and white space folded), so the
 * same story with other quotes, dashes, spacing or case hashes the same.
 */
export function contentHash(text: string): string {
  return contentHashOf([text]);
}

/**
 * {@link contentHash} of the parts joined by blank lines, computed from each
 * part's (memoised) comparison key instead of re-reading the whole text.
 */
export function contentHashOf(parts: readonly string[]): string {
  const keys = parts.map(comparisonKey).filter(Boolean);
  return sha256(keys.join(' '));
}

/**
 * The canonical form of an article URL: lower-case scheme and host, no
 * fragment, no tracking parameters, no default port. Undefined if `url` is
 * not an absolute http(s) URL.
 */
export function canonicalUrl(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return undefined;
  }
  parsed.hash = '';
  for (const name of [...parsed.searchParams.keys()]) {
    if (TRACKING_PARAMS.test(name)) parsed.searchParams.delete(name);
  }
  return parsed.toString();
}

/** What an article id is derived from; see the module doc for the order. */
export interface IdSource {
  readonly url?: string | undefined;
  readonly origin?: {
    readonly bucket?: string | undefined;
    readonly key?: string | undefined;
    readonly entry?: string | undefined;
  };
  readonly index: number;
  readonly contentHash: string;
}

/** The article id: 32 hex digits (128 bits of sha256). */
export function articleId(source: IdSource): string {
  const url = source.url ? canonicalUrl(source.url) : undefined;
  const key = source.origin?.key;
  const bucket = source.origin?.bucket ?? '';
  const entry = source.origin?.entry;
  // Archive entries get a prefix of their own, so no key can spell an
  // entry's basis; files outside archives keep the ids they always had.
  const basis = url
    ? `url:${url}`
    : key && entry
      ? `entry:${JSON.stringify([bucket, key, entry])}#${source.index}`
      : key
        ? `object:${bucket}/${key}#${source.index}`
        : `content:${source.contentHash}`;
  return sha256(basis).slice(0, 32);
}
