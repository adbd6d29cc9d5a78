/**
 * The working document that parsers produce and clean steps transform.
 *
 * A {@link Draft} is an article on its way to the {@link Article} shape:
 * same field names, but everything may still be missing or dirty. Parsers
 * fill in what their format states outright; clean steps tidy, infer and
 * lift the rest; `finalizeArticle` derives counts, hashes and the id.
 */

/** Kinds of body block, in the public Article shape. */
export const BLOCK_TYPES = [
  'paragraph',
  'heading',
  'quote',
  'list',
  'code',
] as const;

/** One of {@link BLOCK_TYPES}. */
export type BlockType = (typeof BLOCK_TYPES)[number];

/**
 * Kinds of web page, as the HTML parser tells them apart: an `article`
 * (news story, blog post, essay, press release) or a page of another kind,
 * whose main content is not a story: a `listing` of teasers (a section
 * front, search results), a `collection` of products (a category page), a
 * `product` page, a `forum` thread, `documentation`, a `service` page (a
 * company's offer, pricing, a landing page), or `other`.
 */
export const PAGE_TYPES = [
  'article',
  'listing',
  'collection',
  'product',
  'forum',
  'documentation',
  'service',
  'other',
] as const;

/** One of {@link PAGE_TYPES}. */
export type PageType = (typeof PAGE_TYPES)[number];

/**
 * A unit of body text in reading order.
 *
 * `text` is always the block's plain text; a list's `text` is its items, one
 * per line with a `- ` (or `1. `) marker, so `Article.text` reads naturally.
 */
export interface Block {
  readonly type: BlockType;
  readonly text: string;
  /** Heading level, 1–6; headings only. */
  readonly level?: number;
  /** List items in order; lists only. */
  readonly items?: readonly string[];
  /** Whether a list is numbered; lists only. */
  readonly ordered?: boolean;
}

/** An image of the article, with what the source says about it. */
export interface Image {
  readonly url?: string;
  readonly caption?: string;
  readonly credit?: string;
  readonly alt?: string;
}

/** An article being cleaned. Only `body` is always present. */
export interface Draft {
  readonly title?: string;
  readonly standfirst?: string;
  readonly authors: readonly string[];
  readonly publisher?: string;
  readonly url?: string;
  readonly language?: string;
  readonly publishedAt?: string;
  readonly modifiedAt?: string;
  readonly body: readonly Block[];
  readonly images: readonly Image[];
  /** Topics the source tags the article with. */
  readonly tags?: readonly string[];
  /** The source gave only a short description, not the article's text. */
  readonly isSummary?: boolean;
  /** What kind of web page the article was read from (HTML only). */
  readonly pageType?: PageType;
}

/** A clean step: takes a draft, returns a new one. Never mutates its input. */
export type CleanStep = (draft: Draft) => Draft;

/** An empty draft, the start of every parser's output. */
export const EMPTY_DRAFT: Draft = { authors: [], body: [], images: [] };

/** A paragraph block. */
export function paragraph(text: string): Block {
  return { type: 'paragraph', text };
}

/** A heading block at `level` (2 unless a format says otherwise). */
export function heading(text: string, level = 2): Block {
  return { type: 'heading', text, level };
}

/** A list block; its text is the items with their markers. */
export function list(items: readonly string[], ordered = false): Block {
  const text = items
    .map((item, i) => `${ordered ? `${i + 1}.` : '-'} ${item}`)
    .join('\n');
  return ordered
    ? { type: 'list', text, items, ordered }
    : { type: 'list', text, items };
}

/**
 * Returns `draft` with the optional field `key` set to `value`, or removed
 * when `value` is undefined (the shape keeps no `undefined` fields).
 */
export function withField<K extends OptionalKey>(
  draft: Draft,
  key: K,
  value: Draft[K] | undefined
): Draft {
  const { [key]: _omit, ...rest } = draft;
  // The spread drops `key`; the computed key puts it back: both are Drafts.
  return (value === undefined ? rest : { ...rest, [key]: value }) as Draft;
}

type OptionalKey =
  | 'title'
  | 'standfirst'
  | 'publisher'
  | 'url'
  | 'language'
  | 'publishedAt'
  | 'modifiedAt';
