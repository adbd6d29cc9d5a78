/**
 * HTML parser: a saved web page → {@link Draft}.
 *
 * ```
 * text → parseDom → readMetadata ─┐
 *               └→ findMainContent → toBlocks → Draft → repairDraft
 * ```
 * The page's metadata fills the title, authors, dates, URL, publisher,
 * language and lead image; the main content fills the body and its images.
 * Text that a template garbled (UTF-8 read as Windows-1252: "itâ€™s") is
 * restored last, in the draft only (see `mojibake.ts`).
 * Everything is left raw for the HTML clean steps (`HTML_CLEAN_STEPS`),
 * which normalise text, split the site name off the title, drop bylines,
 * datelines, captions and boilerplate that survived in the body, and find
 * the standfirst.
 *
 * {@link htmlFragmentToBlocks} is the part other formats reuse: RSS
 * `content:encoded`, JSON entries and Markdown hold HTML fragments.
 */

import type { Block, Draft, Image } from '../../draft.ts';
import { EMPTY_DRAFT } from '../../draft.ts';
import { DEFAULT_LIMITS, type HtmlLimits } from '../../limits.ts';
import { comparisonKey, countWords, isShortUnfinished } from '../../text.ts';
import { splitSuffix } from '../../title-suffix.ts';
import { toBlocks } from './blocks.ts';
import { findMainContent, type MainContent } from './content.ts';
import { findAll, findFirst, type HtmlElement, parseDom } from './dom.ts';
import { type PageMetadata, readMetadata } from './metadata.ts';
import { repairDraft } from './mojibake.ts';
import {
  RELATED_HEADING,
  SITE_BRANDING_CLASS,
  STANDFIRST_CLASS,
} from './rules.ts';

export type { HtmlDocument, HtmlElement, HtmlNode } from './dom.ts';
export { parseDom } from './dom.ts';
export { type PageMetadata, readMetadata } from './metadata.ts';

/** What {@link htmlFragmentToBlocks} returns. */
export interface FragmentBlocks {
  /** Body blocks in reading order; raw text, for the clean steps. */
  readonly body: Block[];
  /** Images of the fragment, with captions and credits. */
  readonly images: Image[];
}

/**
 * Converts an HTML fragment to body blocks, keeping all of it.
 *
 * For formats that carry article HTML rather than whole pages (RSS
 * `content:encoded`, JSON `body_html`): no main-content search, only the
 * chrome that never is content (scripts, styles, forms, hidden elements
 * are dropped as the page parser does). Block text is as written, with
 * white space collapsed; run the clean steps on the draft afterwards.
 *
 * @example
 * ```ts
 * const { body } = htmlFragmentToBlocks('<p>One</p><ul><li>a</li></ul>');
 * // [{ type: 'paragraph', text: 'One' }, { type: 'list', text: '- a', items: ['a'] }]
 * ```
 */
export function htmlFragmentToBlocks(
  html: string,
  limits: HtmlLimits = DEFAULT_LIMITS
): FragmentBlocks {
  const doc = parseDom(html, limits);
  return toBlocks([doc.root]);
}

/**
 * Parses a whole HTML page into a draft article.
 *
 * Never throws on markup; the draft may have an empty body (a page with no
 * main content), which `parseFile` rejects as `not-an-article`.
 *
 * @example
 * ```ts
 * const draft = parseHtml('<html><head><title>Hi | Site</title>…');
 * draft.title; // 'Hi | Site' (the clean steps split the suffix off)
 * ```
 */
export function parseHtml(
  html: string,
  limits: HtmlLimits = DEFAULT_LIMITS
): Draft {
  const doc = parseDom(html, limits);
  const meta = readMetadata(doc);
  const content = findMainContent(
    contentRoot(doc.root),
    {
      declaredTypes: meta.declaredTypes,
      ogType: meta.ogType,
      hasByline: meta.authors.length > 0,
      hasDate: meta.publishedAt !== undefined,
      url: meta.url,
    },
    doc.popups
  );
  const excluded = new Set([...content.excluded, ...meta.metaElements]);
  const blocks = toBlocks(content.roots, {
    excluded,
    story: content.pageType === 'article',
  });
  // A loop, not push(...): a page may hold more figures than a call has
  // room for arguments.
  for (const figure of figuresAround(content.roots, excluded)) {
    blocks.images.push(figure);
  }
  const standfirst = findStandfirstMarkup(doc.root, content, meta.metaElements);

  const images = distinctImages(
    resolveImages(blocks.images, meta.url),
    meta.image
      ? resolveImages([{ url: meta.image }], meta.url)[0]?.url
      : undefined
  );
  const title = titleFromHeading(meta, blocks.body) ?? meta.title;
  let draft: Draft = {
    ...EMPTY_DRAFT,
    authors: meta.authors,
    body: withoutTrailingModules(
      withoutRepeatedSummary(
        withoutCaptionCopies(dropTitle(blocks.body, title), images)
      ),
      content.pageType === 'article'
    ),
    images,
    pageType: content.pageType,
  };
  const fields = {
    title,
    standfirst,
    publisher: meta.publisher ?? siteNameOf(meta.titles.document),
    url: meta.url,
    language: meta.language,
    publishedAt: meta.publishedAt,
    modifiedAt: meta.modifiedAt,
  };
  for (const [key, value] of Object.entries(fields)) {
    if (value) draft = { ...draft, [key]: value };
  }
  return repairDraft(draft);
}

/**
 * Images of the article printed outside the content roots: a lead figure
 * above the text, inside the same `<article>`. Scoring picks the text's
 * container, which often starts below the lead image.
 */
function figuresAround(
  roots: readonly HtmlElement[],
  excluded: ReadonlySet<HtmlElement>
): Image[] {
  const first = roots[0];
  let article: HtmlElement | undefined;
  for (let e = first?.parent; e; e = e.parent) {
    if (e.tag === 'article') {
      article = e;
      break;
    }
  }
  if (!article) return [];
  const figures = findAll(
    article,
    (e) =>
      e.tag === 'figure' &&
      !excluded.has(e) &&
      !roots.some((root) => isInside(e, root))
  );
  return figures.flatMap((figure) => toBlocks([figure]).images);
}

/**
 * Where to search for content: `<body>`, unless most of the text is
 * outside it. A page pasted into another page's `<head>` brings its own
 * `<body>` there; the tree builder keeps the first `<body>` and reads the
 * real one's content into `<html>`, as browsers do with a second `<body>`.
 */
function contentRoot(root: HtmlElement): HtmlElement {
  const body = findFirst(root, (e) => e.tag === 'body');
  if (!body) return root;
  return charCount(body) * 2 >= charCount(root) ? body : root;
}

/** Characters of text under `element`. */
function charCount(element: HtmlElement): number {
  let count = 0;
  for (const child of element.children) {
    count += typeof child === 'string' ? child.length : charCount(child);
  }
  return count;
}

/** Longest standfirst taken from markup, in characters. */
const MAX_STANDFIRST_CHARS = 600;
/**
 * Elements a dek is never inside: figures and their captions (a photo's
 * description is no standfirst).
 */
const NOT_STANDFIRST_CONTAINERS: ReadonlySet<string> = new Set([
  'figure',
  'figcaption',
]);

/**
 * The dek: the first element marked up as one (see {@link isDekMarkup})
 * printed before the content and outside it, and short enough. The
 * page's `description` meta is not used: it is often a search snippet that
 * the page never shows. Nor is a dek taken from the page's chrome (a
 * breadcrumb trail, a sidebar), from a figure, or from the site's own
 * branding: the `site-description` under a blog's name is its tagline.
 * A `<header>` that holds the `<h1>` is the story's header even where it
 * reads as chrome (`role="banner"` on a page-wide header): its dek is the
 * story's.
 * Its byline and dateline (`metaElements`) are not its text: a metadata
 * box classed like a dek (`teaser__metadata`) that holds only them is no
 * dek, and the search goes on to the next. Nor is a box that holds the
 * `<h1>`: that is the story's header, the dek is inside or after it.
 */
function findStandfirstMarkup(
  page: HtmlElement,
  content: MainContent,
  metaElements: ReadonlySet<HtmlElement>
): string | undefined {
  const first = content.roots[0];
  if (!first) return undefined;
  const candidates = findAll(page, (e) => e !== first && isDekMarkup(e));
  for (const dek of candidates) {
    if (isInside(dek, first) || !precedes(dek, first)) continue;
    if (isFurniture(dek, content.chrome)) continue;
    // A box that holds the headline is the story's header (`article-intro`,
    // a product's `summary`), not the dek under it.
    if (findFirst(dek, (e) => e.tag === 'h1')) continue;
    const text = toBlocks([dek], { excluded: metaElements })
      .body.map((b) => b.text)
      .join(' ');
    if (text && text.length <= MAX_STANDFIRST_CHARS) return text;
  }
  return undefined;
}

/**
 * Whether an element is marked up as a dek: a standfirst-classed
 * paragraph, block or subheading, or the subtitle of an `<hgroup>` (the
 * heading beside its `<h1>`, as HTML defines the element).
 */
function isDekMarkup(e: HtmlElement): boolean {
  if (e.tag !== 'p' && e.tag !== 'div' && e.tag !== 'h2') return false;
  if (
    e.tag !== 'div' &&
    e.parent?.tag === 'hgroup' &&
    e.parent.children.some((c) => typeof c !== 'string' && c.tag === 'h1')
  ) {
    return true;
  }
  const names = `${e.attrs.class ?? ''} ${e.attrs.id ?? ''}`;
  return names.length > 1 && STANDFIRST_CLASS.test(names);
}

/** The page's own elements, whose classes describe the whole page. */
const PAGE_TAGS: ReadonlySet<string> = new Set(['body', 'html']);

/** Whether an element is page chrome, in a figure, or the site's branding. */
function isFurniture(
  element: HtmlElement,
  chrome: ReadonlySet<HtmlElement>
): boolean {
  for (let e: HtmlElement | undefined = element; e; e = e.parent) {
    if (chrome.has(e) && !isHeadlineHeader(e)) return true;
    if (NOT_STANDFIRST_CONTAINERS.has(e.tag)) return true;
    // The page's own classes say nothing of one element: WordPress marks
    // the `<body>` of every site with a logo `wp-custom-logo`.
    if (PAGE_TAGS.has(e.tag)) break;
    const names = `${e.attrs.class ?? ''} ${e.attrs.id ?? ''}`;
    if (names.length > 1 && SITE_BRANDING_CLASS.test(names)) return true;
  }
  return false;
}

/** A `<header>` that holds an `<h1>`: a story's header, dek and all. */
function isHeadlineHeader(e: HtmlElement): boolean {
  return (
    e.tag === 'header' && findFirst(e, (x) => x.tag === 'h1') !== undefined
  );
}

function isInside(node: HtmlElement, ancestor: HtmlElement): boolean {
  for (let n: HtmlElement | undefined = node; n; n = n.parent) {
    if (n === ancestor) return true;
  }
  return false;
}

/** Whether `a` comes before `b` in document order. */
function precedes(a: HtmlElement, b: HtmlElement): boolean {
  const path = (n: HtmlElement): HtmlElement[] => {
    const out: HtmlElement[] = [];
    for (let e: HtmlElement | undefined = n; e; e = e.parent) out.unshift(e);
    return out;
  };
  const pa = path(a);
  const pb = path(b);
  let i = 0;
  while (pa[i] && pa[i] === pb[i]) i++;
  const parent = pa[i - 1];
  const ca = pa[i];
  const cb = pb[i];
  if (!parent || !ca || !cb) return false;
  return parent.children.indexOf(ca) < parent.children.indexOf(cb);
}

/**
 * A page without an `<h1>` titles its article with the first heading of
 * the content (old blogs use `<h2>`); the `<title>` then holds it together
 * with the site's name, in any order. The heading is the title when the
 * page title contains it.
 */
function titleFromHeading(
  meta: PageMetadata,
  body: readonly Block[]
): string | undefined {
  if (meta.titles.h1s.length > 0) return undefined;
  const pageTitle = meta.titles.og ?? meta.titles.document;
  const first = body
    .slice(0, MAX_TITLE_BLOCK)
    .find((b) => b.type === 'heading');
  if (!first || !pageTitle) return undefined;
  const key = comparisonKey(first.text);
  return key && comparisonKey(pageTitle).includes(key) ? first.text : undefined;
}

/** The site name after a separator in the page's `<title>`, if any. */
function siteNameOf(pageTitle: string | undefined): string | undefined {
  return pageTitle ? splitSuffix(pageTitle, undefined).site : undefined;
}

/** How far into the body a heading may be to be the title. */
const MAX_TITLE_BLOCK = 3;

/** A list repeats the story when this share of its items do. */
const REPEATED_LIST_SHARE = 0.66;
/**
 * How far into the body a key-points box may start, in blocks: it opens
 * the story. (Bounds the work, too: each candidate is compared with the
 * whole story after it.)
 */
const MAX_SUMMARY_BLOCK = 10;
/** Shortest item, in words, that can tell a repeat from a phrase. */
const MIN_SUMMARY_ITEM_WORDS = 5;

/**
 * The body without a key-points box that only repeats the story: a list
 * near its start whose items the paragraphs after it print again, word
 * for word. Its heading ("Key points") goes with it. A summary in words
 * of its own stays: a reader cannot tell it from the story's own lists.
 */
function withoutRepeatedSummary(body: Block[]): Block[] {
  const dropped = new Set<number>();
  body.slice(0, MAX_SUMMARY_BLOCK).forEach((block, i) => {
    if (block.type !== 'list' || !block.items) return;
    const items = block.items
      .map((item) => comparisonKey(item))
      .filter((key) => countWords(key) >= MIN_SUMMARY_ITEM_WORDS);
    if (items.length < 2) return;
    const later = body
      .slice(i + 1)
      .filter((b) => b.type === 'paragraph')
      .map((b) => comparisonKey(b.text))
      .join('\n');
    const repeated = items.filter((item) => later.includes(item)).length;
    if (repeated < block.items.length * REPEATED_LIST_SHARE) return;
    dropped.add(i);
    if (body[i - 1]?.type === 'heading') dropped.add(i - 1);
  });
  return dropped.size === 0 ? body : body.filter((_, i) => !dropped.has(i));
}

/** How near the end of a story a module's heading line may stand, in blocks. */
const TRAILING_MODULE_BLOCKS = 4;
/** Longest paragraph read as a module's heading line, in characters. */
const MAX_MODULE_LINE_CHARS = 80;

/**
 * A story's body without the modules it ends on:
 * - the headings it ends on: a heading with nothing under it heads a
 *   module whose content was left out (a "Related posts" list, a comment
 *   thread, a tag cloud), never part of the story;
 * - a module's heading printed as a paragraph near the end ("Über den
 *   Autor", "Auch interessant:", `RELATED_HEADING`), and all after it:
 *   the markup gave no heading element for the chrome search to see, so
 *   the author box or teaser list it opens reached the body.
 */
function withoutTrailingModules(body: Block[], story: boolean): Block[] {
  if (!story) return body;
  // The first block always stays: a body of one heading is rejected later
  // as too short, with its reason, rather than emptied here.
  let end = withoutTrailingHeadingsEnd(body, body.length);
  for (let i = Math.max(1, end - TRAILING_MODULE_BLOCKS); i < end; i++) {
    const block = body[i] as Block;
    const text = block.text.trim();
    if (
      block.type === 'paragraph' &&
      text.length <= MAX_MODULE_LINE_CHARS &&
      RELATED_HEADING.test(text)
    ) {
      end = withoutTrailingHeadingsEnd(body, i);
      break;
    }
  }
  return end === body.length ? body : body.slice(0, end);
}

/** Where `body[0..end)` ends once the headings it ends on are left out. */
function withoutTrailingHeadingsEnd(
  body: readonly Block[],
  end: number
): number {
  let at = end;
  while (at > 1 && body[at - 1]?.type === 'heading') at--;
  return at;
}

/** Longest kicker printed above a headline, in words. */
const MAX_KICKER_WORDS = 8;

/**
 * The body without a leading heading that repeats the title, nor the
 * short lines printed above it: a section trail ("World › Europe") or a
 * kicker ("Exclusive", "Analysis"). Above the headline, a short line that
 * is no sentence is a label, never the story's start.
 */
function dropTitle(body: Block[], title: string | undefined): Block[] {
  if (!title) return body;
  const key = comparisonKey(title);
  const index = body.findIndex(
    (b, i) =>
      i < MAX_TITLE_BLOCK &&
      b.type === 'heading' &&
      comparisonKey(b.text) === key
  );
  if (index === -1) return body;
  return body.filter(
    (b, i) =>
      i > index || (i < index && !isShortUnfinished(b.text, MAX_KICKER_WORDS))
  );
}

/**
 * The images with the metadata's lead image first, one entry per picture:
 * the lead image usually is the first figure, whose caption it then gets,
 * and a lightbox or slideshow prints a figure again (another size of the
 * same picture, or the same caption under another URL). Entries with the
 * same URL or the same caption are one image.
 */
function distinctImages(images: Image[], lead: string | undefined): Image[] {
  const byUrl = new Map<string, Image>();
  const byCaption = new Map<string, Image>();
  const out: Image[] = [];
  for (const image of lead ? [{ url: lead }, ...images] : images) {
    const caption = image.caption ? comparisonKey(image.caption) : '';
    const seen =
      (image.url ? byUrl.get(image.url) : undefined) ??
      (caption ? byCaption.get(caption) : undefined);
    if (seen) {
      // The first copy keeps its URL; the others fill in what it lacks.
      Object.assign(seen, { ...image, ...definedOf(seen) });
      continue;
    }
    const copy = { ...image };
    if (image.url) byUrl.set(image.url, copy);
    if (caption) byCaption.set(caption, copy);
    out.push(copy);
  }
  return out;
}

/** The fields of an image that are set. */
function definedOf(image: Image): Image {
  return Object.fromEntries(
    Object.entries(image).filter(([, value]) => value !== undefined)
  );
}

/**
 * The body without paragraphs that repeat an image's caption or credit: a
 * lightbox, a slideshow or a second caption element prints it again, as
 * text, whole or in parts (the caption without its credit line). The
 * caption belongs with its image, once.
 */
function withoutCaptionCopies(
  body: readonly Block[],
  images: readonly Image[]
): Block[] {
  const captions = new Set<string>();
  for (const { caption, credit } of images) {
    for (const text of [caption, credit]) {
      const key = text ? comparisonKey(text) : '';
      if (key) captions.add(key);
    }
  }
  if (captions.size === 0) return [...body];
  const padded = [...captions].map((key) => ` ${key} `);
  return body.filter((block) => {
    if (block.type !== 'paragraph') return true;
    const key = comparisonKey(block.text);
    if (captions.has(key)) return false;
    // A copy without the credit, or the credit alone: part of a caption,
    // whole words, long enough not to be a phrase of the story's own.
    return (
      countWords(key) < MIN_CAPTION_PART_WORDS ||
      !padded.some((caption) => caption.includes(` ${key} `))
    );
  });
}

/**
 * Shortest part of a caption, in words, that a paragraph repeating it
 * must have to be taken for a copy ("The old wall at low tide").
 */
const MIN_CAPTION_PART_WORDS = 5;

/** Image URLs made absolute against the page URL; bad ones dropped. */
function resolveImages(images: Image[], base: string | undefined): Image[] {
  return images.map((image) => {
    if (!image.url) return image;
    try {
      return { ...image, url: new URL(image.url, base).toString() };
    } catch {
      const { url: _drop, ...rest } = image;
      return rest;
    }
  });
}
