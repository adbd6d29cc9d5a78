/**
 * readMetadata: what a page says about itself, outside its body text.
 *
 * Sources, strongest first for each field (a field takes the first source
 * that has a usable value):
 * - JSON-LD (`<script type="application/ld+json">`): the article object
 *   (`NewsArticle`, `BlogPosting`, …), found through `@graph` and arrays;
 * - Open Graph and article meta tags (`og:title`, `article:published_time`),
 *   then the common name-based ones (`author`, `date`, `DC.*`, Parse.ly);
 * - markup: `<html lang>`, `<link rel=canonical>`, `<h1>`, `<time>`,
 *   `rel=author` / `itemprop=author` / byline-classed elements, `<title>`.
 * Publishers fill these for search engines and social cards, so they are
 * more reliable than anything guessed from the layout; the layout is the
 * fallback. Values are returned raw but trimmed; the clean steps normalise.
 */
import { decodeHTML } from 'entities';
import { bylineAuthors } from '../../clean/extract-byline.ts';
import { parseDate } from '../../dates.ts';
import { canonicalUrl } from '../../ids.ts';
import {
  findFirst,
  type HtmlDocument,
  type HtmlElement,
  spacedTextOf,
} from './dom.ts';
import { BLOCK_TAGS } from './rules.ts';

/** What the page says about itself. Every field may be missing. */
export interface PageMetadata {
  readonly title?: string;
  /** Candidate titles by source, for callers that weigh them. */
  readonly titles: TitleCandidates;
  readonly authors: readonly string[];
  readonly publishedAt?: string;
  readonly modifiedAt?: string;
  readonly url?: string;
  readonly publisher?: string;
  readonly language?: string;
  /** `description` / `og:description`: a summary, not always on the page. */
  readonly description?: string;
  /** The lead image (`og:image`, JSON-LD `image`). */
  readonly image?: string;
  /**
   * Short elements the byline and date were read from. They repeat what
   * the metadata now says, so the body leaves them out.
   */
  readonly metaElements: ReadonlySet<HtmlElement>;
}

/** Title candidates by source. */
export interface TitleCandidates {
  readonly jsonLd?: string;
  readonly og?: string;
  /** Visible `<h1>` texts outside links and page chrome, in order. */
  readonly h1s: readonly string[];
  readonly document?: string;
}

/** JSON-LD `@type`s that describe the article itself. */
const ARTICLE_TYPES =
  /^(?:\w*Article|BlogPosting|Posting|Report|Review|Recipe|HowTo|QAPage|Question|DiscussionForumPosting|Blog|LiveBlogPosting|WebPage|ItemPage|AboutPage|FAQPage|Product|Course|Event|VideoObject|ScholarlyArticle)$/;
/** Of those, the ones that beat a generic `WebPage` when both are present. */
const SPECIFIC_TYPES =
  /^(?:\w*Article|BlogPosting|Posting|Report|Review|Recipe|HowTo|DiscussionForumPosting|LiveBlogPosting|ScholarlyArticle)$/;

/** Meta names (lower case) for each field, strongest first. */
const META_NAMES = {
  title: ['og:title', 'twitter:title', 'dc.title', 'headline'],
  author: [
    'author',
    'article:author',
    'dc.creator',
    'parsely-author',
    'sailthru.author',
    'byl',
    'citation_author',
  ],
  published: [
    'article:published_time',
    'datepublished',
    'og:published_time',
    'published_time',
    'pubdate',
    'publishdate',
    'publish-date',
    'parsely-pub-date',
    'sailthru.date',
    'dc.date.issued',
    'dc.date',
    'date',
    'citation_publication_date',
  ],
  modified: [
    'article:modified_time',
    'datemodified',
    'og:updated_time',
    'dc.date.modified',
    'last-modified',
  ],
  publisher: ['og:site_name', 'application-name', 'publisher', 'dc.publisher'],
  description: ['og:description', 'description', 'twitter:description'],
  image: ['og:image', 'og:image:url', 'twitter:image'],
  language: ['og:locale', 'content-language', 'dc.language', 'language'],
} as const;

/** Class or id of an element that holds the byline name. */
const BYLINE_CLASS =
  /(?:^|[\s_-])(?:byline|author|authors|author-name|writer|article-author|post-author|entry-author|by-author)(?:$|[\s_-])/i;
/** Class or id of byline parts that are not the name. */
const NOT_NAME_CLASS =
  /(?:avatar|image|img|photo|bio|description|title|role|label|date|time|social|twitter)/i;
/** Class, id or itemprop of an element that prints the publication date. */
const DATE_CLASS =
  /(?:^|[\s_-])(?:date|published|pubdate|publish-date|post-date|entry-date|posted-on|article-date|timestamp|dateline|datepublished|byline-date|meta-date)(?:$|[\s_-])/i;
/** Labels before a printed date. */
const DATE_PREFIX =
  /^(?:(?:first |originally )?published(?: on)?|posted(?: on)?|last updated(?: on)?|updated(?: on)?|date|on)\s*:?\s*/i;
/** Longest printed date, in characters. */
const MAX_DATE_CHARS = 60;
/** Elements that may print a "By …" line. */
const BY_TEXT_TAGS: ReadonlySet<string> = new Set([
  'p',
  'span',
  'div',
  'li',
  'address',
  'small',
  'em',
]);
const BY_START = /^\s*by\s/i;
const POSTED_START = /^\s*(?:posted|published|written)\b/i;
/** "Posted on <date> by <name>"; the date in group 1, names in group 2. */
const POSTED_BY =
  /^(?:posted|published|written)(?:\s+on)?\s*:?\s*(.{6,40}?)\s+by\s+(.{2,80})$/i;
/** Longest "Posted on … by …" line, in characters. */
const MAX_BYLINE_CHARS = 140;
const MAX_BYLINE_CHILDREN = 6;
/** Links to an author's page. */
const AUTHOR_HREF =
  /\/(?:author|authors|writers?|contributors?|people|staff)\/[\w.-]+\/?$/i;
/** Class of the name part inside a byline or user card. */
const NAME_PART_CLASS =
  /(?:^|[\s_-])(?:name|username|author-name|fn)(?:$|[\s_-])/i;
/** Text that is not a name: digits, e-mail, placeholders, labels. */
const NOT_NAME_TEXT = /\d|@|[{}<>|]|:$|^(?:name|author|by)\b|\.\w+\./i;
/** Most words in a name ("Maria de la Cruz Fernández Ortega"). */
const MAX_NAME_WORDS = 6;
/** A byline's leading "By" (and its translations). */
const BY_PREFIX =
  /^(?:by|written by|words by|posted by|von|par|por|di|door)\s*:?\s+/i;
/** Separators between several authors in one string. */
const AUTHOR_SEPARATOR = /\s*(?:,|;|\s&\s|\band\b|\bund\b|\bet\b|\by\b)\s*/;
/** A plausible author string: no URL, not a sentence. */
const MAX_AUTHOR_CHARS = 80;
const LOOKS_LIKE_URL = /^(?:https?:)?\/\/|^www\./i;
/** Elements whose `<h1>` is not the page's title. */
const NOT_TITLE_CONTAINERS: ReadonlySet<string> = new Set([
  'a',
  'nav',
  'footer',
  'aside',
  'form',
]);
/** `<h1>`s kept as title candidates. */
const MAX_H1S = 5;
/** A title longer than this is a paragraph styled as a heading. */
const MAX_TITLE_CHARS = 300;
/** Share of an `<h1>`'s words a meta title must share to confirm it. */
const MIN_TITLE_OVERLAP = 0.5;
/** White space runs, for tidying short fields. */
const SPACES = /\s+/g;

/**
 * Reads the metadata of a parsed page.
 *
 * @example
 * ```ts
 * const meta = readMetadata(parseDom(html));
 * meta.title; // 'Headline' (og:title, JSON-LD, h1 or <title>)
 * ```
 */
export function readMetadata(doc: HtmlDocument): PageMetadata {
  const scan = scanElements(doc.root);
  const ld = readJsonLd(doc.jsonLd);
  const meta = (names: readonly string[]): string | undefined => {
    for (const name of names) {
      const value = scan.meta.get(name);
      if (value) return value;
    }
    return undefined;
  };

  const titles = dropEmpty<TitleCandidates>({
    jsonLd: ld.headline,
    og: meta(META_NAMES.title),
    h1s: scan.h1s,
    document: tidy(doc.title),
  });
  const publisher = ld.publisher ?? meta(META_NAMES.publisher);
  const authors = firstNonEmpty(
    ld.authors,
    namesFrom(meta(META_NAMES.author)),
    scan.bylines,
    scan.byText,
    scan.authorLinks
  );
  const publishedAt = firstDate(
    ld.datePublished,
    meta(META_NAMES.published),
    scan.time,
    scan.dateText
  );
  const modifiedAt = firstDate(ld.dateModified, meta(META_NAMES.modified));
  const url = resolveUrl(scan.canonical, meta(['og:url']) ?? ld.url);
  const language = scan.lang ?? meta(META_NAMES.language)?.replace('_', '-');

  return dropEmpty<PageMetadata>({
    title: chooseTitle(titles, publisher),
    titles,
    authors,
    publishedAt,
    modifiedAt,
    url,
    publisher,
    language,
    description: meta(META_NAMES.description) ?? ld.description,
    image: meta(META_NAMES.image) ?? ld.image,
    metaElements: scan.metaElements,
  });
}

interface Scan {
  meta: Map<string, string>;
  canonical?: string | undefined;
  lang?: string | undefined;
  h1s: string[];
  time?: string | undefined;
  dateText?: string | undefined;
  bylines: string[];
  /** Names from a printed "By …" line. */
  byText: string[];
  /** Names of links to an author page (`/author/jane-smith`). */
  authorLinks: string[];
  metaElements: Set<HtmlElement>;
}

/** One walk over the page for every markup source. */
function scanElements(root: HtmlElement): Scan {
  const scan: Scan = {
    meta: new Map(),
    bylines: [],
    byText: [],
    authorLinks: [],
    h1s: [],
    metaElements: new Set(),
  };
  const visit = (element: HtmlElement, outside: boolean): void => {
    const { tag, attrs } = element;
    if (tag === 'meta') {
      const name = (
        attrs.property ??
        attrs.name ??
        attrs.itemprop ??
        attrs['http-equiv'] ??
        ''
      ).toLowerCase();
      const content = attrs.content?.trim();
      if (name && content && !scan.meta.has(name)) {
        scan.meta.set(name, content);
      }
      return;
    }
    if (tag === 'link') {
      if (!scan.canonical && attrs.rel?.toLowerCase() === 'canonical') {
        scan.canonical = attrs.href;
      }
      return;
    }
    if (tag === 'html' && attrs.lang && !scan.lang) scan.lang = attrs.lang;
    if (tag === 'h1' && outside && scan.h1s.length < MAX_H1S) {
      const text = tidy(spacedTextOf(element, BLOCK_TAGS));
      if (text) scan.h1s.push(text);
    }
    if (tag === 'time' && scan.time === undefined) {
      scan.time = attrs.datetime ?? tidy(spacedTextOf(element));
      const line = element.parent;
      // A <time> alone on its line is a dateline; inside prose it is a word.
      if (line && (tidy(spacedTextOf(line))?.length ?? 0) <= MAX_DATE_CHARS) {
        scan.metaElements.add(element);
      }
    }
    if (scan.dateText === undefined && isDateElement(element)) {
      const text = tidy(spacedTextOf(element))?.replace(DATE_PREFIX, '');
      if (text && text.length <= MAX_DATE_CHARS && parseDate(text)) {
        scan.dateText = text;
        scan.metaElements.add(element);
      }
    }
    if (scan.bylines.length === 0) {
      const name = bylineName(element);
      if (name) {
        scan.bylines.push(...namesFrom(name));
        scan.metaElements.add(element);
        return;
      }
    }
    if (scan.byText.length === 0 && BY_TEXT_TAGS.has(tag)) {
      const line = printedByline(element);
      if (line) {
        scan.byText.push(...line.names);
        scan.dateText ??= line.date;
        scan.metaElements.add(element);
      }
    }
    if (
      scan.authorLinks.length === 0 &&
      tag === 'a' &&
      AUTHOR_HREF.test(attrs.href ?? '')
    ) {
      const name = tidy(spacedTextOf(element))?.replace(BY_PREFIX, '');
      if (name && looksLikeName(name)) scan.authorLinks.push(name);
    }
    // A heading inside a link is a logo; inside chrome, a widget title.
    const stillOutside = outside && !NOT_TITLE_CONTAINERS.has(tag);
    for (const child of element.children) {
      if (typeof child !== 'string') visit(child, stillOutside);
    }
  };
  visit(root, true);
  return scan;
}

/**
 * The author name a byline element holds: `rel=author` links,
 * `itemprop=author` and elements classed `byline` or `author`. Bylines
 * often hold more than the name (a date, a role, a user card with post
 * counts), so when the whole text is not a name, the element's name-marked
 * part (`itemprop=name`, a `name`-classed element, an author link) is
 * tried.
 */
function bylineName(element: HtmlElement): string | undefined {
  const { attrs } = element;
  const marked =
    attrs.rel === 'author' ||
    attrs.itemprop === 'author' ||
    (BYLINE_CLASS.test(`${attrs.class ?? ''} ${attrs.id ?? ''}`) &&
      !NOT_NAME_CLASS.test(attrs.class ?? ''));
  if (!marked || element.tag === 'meta' || element.tag === 'body') {
    return undefined;
  }
  const text = tidy(spacedTextOf(element))?.replace(BY_PREFIX, '');
  if (text && looksLikeName(text)) return text;
  const part = findFirst(
    element,
    (e) =>
      e !== element &&
      (e.attrs.itemprop === 'name' ||
        e.attrs.rel === 'author' ||
        NAME_PART_CLASS.test(e.attrs.class ?? '') ||
        e.tag === 'a')
  );
  const name = part
    ? tidy(spacedTextOf(part))?.replace(BY_PREFIX, '')
    : undefined;
  return name && looksLikeName(name) ? name : undefined;
}

/** Whether an element is marked as a date by class, id or itemprop. */
function isDateElement(element: HtmlElement): boolean {
  const { attrs } = element;
  const names = `${attrs.class ?? ''} ${attrs.id ?? ''} ${attrs.itemprop ?? ''}`;
  return names.length > 2 && DATE_CLASS.test(names);
}

/**
 * The names (and date) in a short element that reads "By Jane Smith" or
 * "Posted on 14 May 2024 by Jane Smith": the bylines `extractByline` and
 * `extractDates` read in plain text, here found anywhere on the page, as
 * they often sit outside the main content.
 */
function printedByline(
  element: HtmlElement
): { names: string[]; date?: string } | undefined {
  if (element.children.length > MAX_BYLINE_CHILDREN) return undefined;
  const first = element.children[0];
  // Cheap test first: the element's own text must start like a byline.
  const head = typeof first === 'string' ? first : '';
  if (!BY_START.test(head) && !POSTED_START.test(head)) return undefined;
  const text = tidy(spacedTextOf(element))?.replace(/\s+([,.])/g, '$1');
  if (!text || text.length > MAX_BYLINE_CHARS) return undefined;
  const posted = text.match(POSTED_BY);
  if (posted?.[1] && posted[2]) {
    const date = parseDate(posted[1]);
    const names = bylineAuthors(`By ${posted[2]}`);
    if (!names || names.length === 0) return undefined;
    return date ? { names, date: posted[1] } : { names };
  }
  if (text.length > MAX_AUTHOR_CHARS) return undefined;
  const names = bylineAuthors(text.replace(/\s*[|•·]\s.*$/, ''));
  return names && names.length > 0 ? { names } : undefined;
}

/** A person's or organisation's name: a few words, no digits or e-mail. */
function looksLikeName(text: string): boolean {
  return (
    text.length <= MAX_AUTHOR_CHARS &&
    !NOT_NAME_TEXT.test(text) &&
    text.split(' ').length <= MAX_NAME_WORDS
  );
}

/**
 * The page's title.
 *
 * The visible `<h1>` is what readers (and the WCXB labels) call the title:
 * meta titles are often SEO variants ("… in 2025 – Top 10 Picks") with the
 * site name appended. But sites also use `<h1>` for their logo or name, and
 * some pages hold several. So: drop `<h1>`s that repeat the site name;
 * among the rest, take the one sharing most words with the meta titles, or
 * the first when none of them does; with no usable `<h1>`, the first meta
 * title (Open Graph, JSON-LD, `<title>`); `splitTitleSuffix` then removes a
 * " | Site" suffix.
 */
function chooseTitle(
  titles: TitleCandidates,
  publisher: string | undefined
): string | undefined {
  const metaTitle = titles.og ?? titles.jsonLd ?? titles.document;
  const metaWords = new Set(
    [titles.og, titles.jsonLd, titles.document].flatMap((t) => wordsOf(t))
  );
  const site = publisher ? wordsOf(publisher).join(' ') : undefined;
  let best: string | undefined;
  let bestOverlap = -1;
  for (const h1 of titles.h1s) {
    const words = wordsOf(h1);
    if (words.length === 0 || h1.length > MAX_TITLE_CHARS) continue;
    if (site && words.join(' ') === site) continue;
    const overlap = words.filter((w) => metaWords.has(w)).length / words.length;
    if (overlap > bestOverlap) {
      best = h1;
      bestOverlap = overlap;
    }
  }
  if (best && (bestOverlap >= MIN_TITLE_OVERLAP || titles.h1s.length === 1)) {
    return best;
  }
  return metaTitle ?? best;
}

/** Lower-case words of a title, for comparisons. */
const WORD = /[a-z0-9\u00c0-\uffff]+/g;
function wordsOf(text: string | undefined): string[] {
  return text?.toLowerCase().match(WORD) ?? [];
}

interface LdArticle {
  headline?: string;
  authors: string[];
  datePublished?: string;
  dateModified?: string;
  publisher?: string;
  url?: string;
  description?: string;
  image?: string;
}

/** The article object of the page's JSON-LD, most specific type first. */
function readJsonLd(scripts: readonly string[]): LdArticle {
  const objects: Record<string, unknown>[] = [];
  for (const script of scripts) {
    try {
      collectObjects(JSON.parse(script), objects, 0);
    } catch {
      // Broken JSON-LD is common (trailing commas, HTML comments): skip it.
    }
  }
  const typed = objects.filter((o) =>
    typesOf(o).some((t) => ARTICLE_TYPES.test(t))
  );
  const best =
    typed.find((o) => typesOf(o).some((t) => SPECIFIC_TYPES.test(t))) ??
    typed[0];
  if (!best) return { authors: [] };
  const publisher = asObject(best.publisher);
  return dropEmpty<LdArticle>({
    headline: tidy(asString(best.headline) ?? asString(best.name)),
    authors: authorsOf(best.author ?? best.creator),
    datePublished: asString(best.datePublished) ?? asString(best.dateCreated),
    dateModified: asString(best.dateModified),
    publisher: tidy(asString(publisher?.name) ?? asString(best.publisher)),
    url:
      asString(best.url) ?? asString(asObject(best.mainEntityOfPage)?.['@id']),
    description: tidy(asString(best.description)),
    image: imageUrl(best.image),
  });
}

/** Largest depth of nested JSON-LD searched for typed objects. */
const MAX_LD_DEPTH = 6;

function collectObjects(
  value: unknown,
  out: Record<string, unknown>[],
  depth: number
): void {
  if (depth > MAX_LD_DEPTH) return;
  if (Array.isArray(value)) {
    for (const item of value) collectObjects(item, out, depth + 1);
    return;
  }
  const object = asObject(value);
  if (!object) return;
  out.push(object);
  if (object['@graph']) collectObjects(object['@graph'], out, depth + 1);
  if (object.mainEntity) collectObjects(object.mainEntity, out, depth + 1);
}

function typesOf(object: Record<string, unknown>): string[] {
  const type = object['@type'];
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t) => typeof t === 'string') : [];
}

function authorsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((item) => {
    const name =
      typeof item === 'string' ? item : asString(asObject(item)?.name);
    return name ? namesFrom(name) : [];
  });
}

function imageUrl(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : asString(asObject(first)?.url);
}

/** Splits an author string into names; drops URLs and over-long strings. */
function namesFrom(value: string | undefined): string[] {
  const text = tidy(value)?.replace(BY_PREFIX, '');
  if (
    !text ||
    LOOKS_LIKE_URL.test(text) ||
    text.length > MAX_AUTHOR_CHARS * 3
  ) {
    return [];
  }
  // "Jane Smith, PhD" is one name with a suffix, not two authors: only
  // split on commas when every part has a space (a first and last name).
  const parts = text.split(AUTHOR_SEPARATOR).map((p) => p.trim());
  const split = parts.length > 1 && parts.every((p) => p.includes(' '));
  return (split ? parts : [text]).filter(
    (name) => name.length > 0 && looksLikeName(name)
  );
}

/** The first value that `parseDate` reads, as ISO 8601. */
function firstDate(...values: (string | undefined)[]): string | undefined {
  for (const value of values) {
    const date = value ? parseDate(value) : undefined;
    if (date) return date;
  }
  return undefined;
}

/** The canonical URL, resolved against `base` when relative. */
function resolveUrl(
  href: string | undefined,
  base: string | undefined
): string | undefined {
  for (const candidate of [href, base]) {
    if (!candidate) continue;
    let absolute: string | undefined;
    try {
      absolute = new URL(candidate.trim(), base).toString();
    } catch {
      absolute = undefined;
    }
    const url = absolute ? canonicalUrl(absolute) : undefined;
    if (url) return url;
  }
  return undefined;
}

function firstNonEmpty(...lists: readonly string[][]): string[] {
  return lists.find((list) => list.length > 0) ?? [];
}

function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * A non-empty string, with HTML entities decoded: JSON-LD is script text,
 * which the HTML parser leaves alone, and CMSs often write `&amp;` there.
 */
function asString(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  return value.includes('&') ? decodeHTML(value).trim() : value.trim();
}

/** Collapses white space; undefined for nothing. */
function tidy(value: string | undefined): string | undefined {
  const text = value?.replace(SPACES, ' ').trim();
  return text || undefined;
}

/** The object without its undefined fields (for exactOptionalPropertyTypes). */
function dropEmpty<T>(value: { [K in keyof T]-?: T[K] | undefined }): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined)
  ) as T;
}
