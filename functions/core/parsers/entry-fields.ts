/**
 * Field helpers shared by the formats whose entries name their fields
 * (JSON, feeds, front matter).
 *
 * Such entries state their fields outright, unlike scraped text, but each in
 * its own spelling: authors as "By A and B", a list or `{ name }` objects;
 * bodies as HTML or plain text; languages as `en-GB`. These helpers turn
 * each spelling into the Draft's, and {@link entryDraft} assembles a
 * draft from an entry's full content and/or its description, deciding
 * whether the entry is a summary (see `DEFAULT_MAX_SUMMARY_WORDS`).
 */
import { parseDate } from '../dates.ts';
import { type Block, type Draft, EMPTY_DRAFT, type Image } from '../draft.ts';
import { canonicalUrl } from '../ids.ts';
import type { DraftLimits } from '../limits.ts';
import { comparisonKey, countWords } from '../text.ts';
import type { EntryDraft } from '../types.ts';
import {
  type ContentBlocks,
  contentBlocks,
  looksLikeHtml,
} from './html/body-string.ts';
import { htmlFragmentToBlocks } from './html/index.ts';

/** "By " before a byline string. */
const BY_PREFIX = /^\s*by\s+/iu;
/** Separators between names in one byline string. */
const NAME_SEPARATORS = /\s*(?:,|;|&|\band\b)\s*/iu;
/** `jane@example.com (Jane Doe)`: RSS's `<author>` form. */
const EMAIL_WITH_NAME = /^\S+@\S+\s*\(([^)]+)\)\s*$/u;
const BARE_EMAIL = /^\S+@\S+$/u;
const LANGUAGE_TAG = /^([a-z]{2})(?:[-_][a-z0-9]+)*$/iu;
/** A description that was cut short: it is a teaser, never a standfirst. */
const TRUNCATED = /(?:\.\.\.|…|\[…\]|\[\.\.\.\])\s*$/u;
const EPOCH_MS_FROM = 1e11;

export { type ContentBlocks, contentBlocks, looksLikeHtml };

/** Plain text of a string that may hold inline HTML (titles, names). */
export function plainText(text: string): string {
  if (!text.includes('<') && !text.includes('&')) return text.trim();
  const { body } = htmlFragmentToBlocks(text);
  return body
    .map((block) => block.text)
    .join(' ')
    .trim();
}

/**
 * Author names from a byline string: "By Jane Doe and John Roe" → two
 * names; `jane@x.org (Jane Doe)` → "Jane Doe"; a bare e-mail → none.
 */
export function splitAuthors(byline: string): string[] {
  const text = plainText(byline);
  const named = text.match(EMAIL_WITH_NAME);
  if (named?.[1]) return [named[1].trim()];
  if (BARE_EMAIL.test(text)) return [];
  return text
    .replace(BY_PREFIX, '')
    .split(NAME_SEPARATORS)
    .map((name) => name.trim())
    .filter(Boolean);
}

/** ISO 639-1 code of a language tag (`en-GB` → `en`), or undefined. */
export function languageCode(tag: string): string | undefined {
  return tag.trim().match(LANGUAGE_TAG)?.[1]?.toLowerCase();
}

/**
 * A date as ISO 8601 from ISO, RFC 2822, printed dates or epoch time
 * (seconds, or milliseconds from 1973 on), or undefined.
 */
export function entryDate(value: string | number): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return undefined;
    const ms = value >= EPOCH_MS_FROM ? value : value * 1000;
    return parseDate(new Date(ms).toISOString());
  }
  const text = value.trim();
  if (/^\d{9,13}$/u.test(text)) return entryDate(Number(text));
  return parseDate(text);
}

/** The canonical form of a URL, or undefined if it is not http(s). */
export function entryUrl(value: string): string | undefined {
  return canonicalUrl(value);
}

/** What an entry says, already as strings; every field optional. */
export interface EntryFields {
  readonly title?: string | undefined;
  readonly url?: string | undefined;
  readonly authors?: readonly string[] | undefined;
  readonly publishedAt?: string | undefined;
  readonly modifiedAt?: string | undefined;
  /** The article's full text, HTML or plain. */
  readonly content?: string | undefined;
  /** A description, summary or teaser, HTML or plain. */
  readonly description?: string | undefined;
  readonly publisher?: string | undefined;
  readonly language?: string | undefined;
  readonly images?: readonly Image[] | undefined;
  readonly tags?: readonly string[] | undefined;
}

/**
 * Assembles an entry's draft.
 *
 * The body is the full content when there is one; the description is then
 * the standfirst, unless it is a teaser (cut short with "…", or the
 * opening words of the body). Without content, the description is the
 * body, and a short one marks the draft as a summary: the source gave no
 * article text, and the stored article must not pretend otherwise.
 */
export function entryDraft(
  fields: EntryFields,
  limits: DraftLimits
): EntryDraft {
  const content = fields.content?.trim();
  const description = fields.description?.trim();
  const main = content || description;
  const blocks = main
    ? contentBlocks(main, limits)
    : { body: [], images: [], html: false };
  let draft: Draft = {
    ...EMPTY_DRAFT,
    authors: [...new Set(fields.authors ?? [])],
    body: blocks.body,
    images: mergeImages(fields.images ?? [], blocks.images),
  };
  if (!content && description) {
    const words = blocks.body.reduce((n, b) => n + countWords(b.text), 0);
    if (words <= limits.maxSummaryWords) draft = { ...draft, isSummary: true };
  }
  const standfirst =
    content && description ? standfirstOf(description, blocks.body) : undefined;
  const title = fields.title ? plainText(fields.title) : undefined;
  const optional = {
    title: title || undefined,
    standfirst,
    url: fields.url,
    publisher: fields.publisher ? plainText(fields.publisher) : undefined,
    language: fields.language,
    publishedAt: fields.publishedAt,
    modifiedAt: fields.modifiedAt,
  };
  for (const [key, value] of Object.entries(optional)) {
    if (value) draft = { ...draft, [key]: value };
  }
  const tags = [...new Set((fields.tags ?? []).map((t) => t.trim()))].filter(
    Boolean
  );
  if (tags.length > 0) draft = { ...draft, tags };
  return { draft, steps: blocks.html ? 'html' : 'text' };
}

/**
 * The description as a standfirst, if it is one: plain text, not cut
 * short, and not the opening of the body (feeds and CMS exports fill the
 * description with the first paragraph).
 */
function standfirstOf(
  description: string,
  body: readonly Block[]
): string | undefined {
  const text = plainText(description);
  if (!text || TRUNCATED.test(text)) return undefined;
  const key = comparisonKey(text);
  const opening = comparisonKey(
    body
      .slice(0, 2)
      .map((b) => b.text)
      .join(' ')
  );
  return key && !opening.startsWith(key) ? text : undefined;
}

/**
 * Stated images first, then the body's, one per URL: a stated lead image
 * that the body shows too gets the body's caption, credit and alt.
 */
function mergeImages(
  stated: readonly Image[],
  fromBody: readonly Image[]
): Image[] {
  const byUrl = new Map<string, Image>();
  const out: Image[] = [];
  for (const image of [...stated, ...fromBody]) {
    const seen = image.url ? byUrl.get(image.url) : undefined;
    if (seen) {
      const merged = { ...image, ...seen };
      out[out.indexOf(seen)] = merged;
      byUrl.set(merged.url as string, merged);
      continue;
    }
    if (image.url) byUrl.set(image.url, image);
    out.push(image);
  }
  return out;
}
