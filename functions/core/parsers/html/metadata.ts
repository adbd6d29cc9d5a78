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
import { parseDate } from '../../dates.ts';
import { canonicalUrl } from '../../ids.ts';
import { type HtmlDocument, type HtmlElement, spacedTextOf } from './dom.ts';
import { dropEmpty, tidy } from './fields.ts';
import { articleOf, ldObjects, ldTypes } from './json-ld.ts';
import { repairField } from './mojibake.ts';
import {
  BY_PREFIX,
  bylineName,
  labelledName,
  looksLikeName,
  namesFrom,
  printedByline,
} from './names.ts';
import { BLOCK_TAGS } from './rules.ts';
import { chooseTitle, type TitleCandidates } from './title.ts';

export type { TitleCandidates } from './title.ts';

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
  /** The lead image (`og:image`, JSON-LD `image`). */
  readonly image?: string;
  /** JSON-LD `@type`s the page declares (`NewsArticle`, `Product`, …). */
  readonly declaredTypes: readonly string[];
  /** The page's `og:type` (`article`, `product`, …), lower case. */
  readonly ogType?: string;
  /**
   * Short elements the byline and date were read from. They repeat what
   * the metadata now says, so the body leaves them out.
   */
  readonly metaElements: ReadonlySet<HtmlElement>;
  /**
   * The article's text as the page's JSON-LD carries it (`articleBody`,
   * a post's `text`), raw: single-page apps render it with script.
   */
  readonly ldBody?: string;
}

/**
 * Meta names (lower case) for each field, strongest first: Open Graph and
 * the article namespace (social cards, widely filled in), then schema.org
 * microdata, Dublin Core, and the tags of analytics vendors (Parse.ly,
 * Sailthru) that newsrooms fill for their dashboards.
 */
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
  image: ['og:image', 'og:image:url', 'twitter:image'],
  language: ['og:locale', 'content-language', 'dc.language', 'language'],
} as const;

/** Class, id or itemprop of an element that prints the publication date. */
const DATE_CLASS =
  /(?:^|[\s_-])(?:date|published|pubdate|publish-date|post-date|entry-date|posted-on|article-date|timestamp|dateline|datepublished|byline-date|meta-date)(?:$|[\s_-])/i;
/** Labels before a printed date. */
const DATE_PREFIX =
  /^(?:(?:first |originally )?published(?: on)?|posted(?: on)?|last updated(?: on)?|updated(?: on)?|date|on)\s*:?\s*/i;
/**
 * What a dateline prints beside its date: a label in one of the common
 * languages, or nothing.
 */
const DATE_LABEL =
  /^\s*(?:(?:first |originally )?published(?: on)?|posted(?: on)?|(?:last )?updated(?: on)?|veröffentlicht(?: am)?|aktualisiert(?: am)?|erschienen(?: am)?|publié le|mis à jour le|publicado(?: el)?|actualizado(?: el)?|pubblicato(?: il)?|on|am|le)?\s*:?\s*$/i;
/** Longest printed date, in characters. */
const MAX_DATE_CHARS = 60;
/** A label that says the date after it is the publication date. */
const PUBLISHED_LABEL =
  /^(?:(?:first |originally )?published(?: on)?|posted(?: on)?)\s*:?\s+/i;
/** How a labelled date line's first text starts, before its date element. */
const PUBLISHED_START = /^(?:(?:first |originally )?published|posted)\b/i;
/** Between the parts of a date line: a bullet, a bar, a spaced dash. */
const DATE_PART_SEPARATOR = /\s+[|•·–—-]\s+/u;
/** Elements that may print a labelled date line. */
const DATE_TAGS: ReadonlySet<string> = new Set([
  'p',
  'span',
  'div',
  'li',
  'small',
  'time',
]);
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
/** Links to an author's page. */
const AUTHOR_HREF =
  /\/(?:author|authors|writers?|contributors?|people|staff)\/[\w.-]+\/?$/i;
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
  const objects = ldObjects(doc.jsonLd);
  const ld = articleOf(objects);
  const meta = (names: readonly string[]): string | undefined => {
    for (const name of names) {
      const value = scan.meta.get(name);
      if (value) return value;
    }
    return undefined;
  };

  const titles = dropEmpty<TitleCandidates>({
    jsonLd: titleText(ld.headline),
    og: titleText(meta(META_NAMES.title)),
    h1s: scan.h1s,
    document: titleText(doc.title),
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
    title: chooseTitle(titles, { publisher, url }),
    titles,
    authors,
    publishedAt,
    modifiedAt,
    url,
    publisher,
    language,
    image: meta(META_NAMES.image) ?? ld.image,
    declaredTypes: ldTypes(objects),
    ogType: meta(['og:type'])?.toLowerCase(),
    metaElements: scan.metaElements,
    ldBody: ld.body,
  });
}

/** What one walk over the page's elements found. */
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
      // `property` (Open Graph), `name`, `itemprop` (microdata) and
      // `http-equiv` all name a meta value; the first one on the page wins.
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
    // Byline sources are tried in one walk, each kept to its first hit:
    // the first byline on a page is the article's, later ones are
    // comments and related-story cards.
    if (tag === 'h1' && outside && scan.h1s.length < MAX_H1S) {
      const text = titleText(headingText(element));
      if (text) scan.h1s.push(text);
    }
    // The first <time> that holds a date: an earlier one may hold only a
    // duration or a relative time ("5 min", "2 hours ago").
    const time =
      tag === 'time' && scan.time === undefined
        ? timeValue(element)
        : undefined;
    if (time) {
      scan.time = time;
      const line = element.parent;
      // A <time> alone on its line is a dateline; inside prose it is a word.
      // A line that is the date and its label ("Published on", "Veröffentlicht
      // am") goes whole: the label alone would be left as a paragraph.
      const lineText = line ? (tidy(spacedTextOf(line)) ?? '') : '';
      if (line && lineText.length <= MAX_DATE_CHARS) {
        const label = lineText.replace(tidy(spacedTextOf(element)) ?? '', '');
        scan.metaElements.add(DATE_LABEL.test(label) ? line : element);
      }
    }
    if (scan.dateText === undefined) {
      const text = printedDate(element);
      if (text) {
        scan.dateText = text;
        scan.metaElements.add(element);
      }
    }
    if (scan.bylines.length === 0) {
      const name = bylineName(element);
      if (name) {
        for (const one of namesFrom(name)) scan.bylines.push(one);
        scan.metaElements.add(element);
        // Read on inside: the byline box often holds the date too.
      }
    }
    if (scan.byText.length === 0 && BY_TEXT_TAGS.has(tag)) {
      const line = printedByline(element);
      const labelled = line ? undefined : labelledName(element);
      if (line) {
        for (const one of line.names) scan.byText.push(one);
        scan.dateText ??= line.date;
        scan.metaElements.add(element);
      } else if (labelled) {
        for (const one of labelled) scan.byText.push(one);
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
 * Marks the seam between two inline elements of a heading while its text
 * is collected (a private-use character, which no page text collides with).
 */
const SEAM = '\uE000';
/** A seam between a lower-case letter and a capital: a word boundary. */
const CAMEL_SEAM = /(\p{Ll})\uE000+(\p{Lu})/gu;
/** An entity left in text: the page escaped its `&` twice (`&amp;#x26;`). */
const LEFTOVER_ENTITY = /&(?:#\d+|#x[\da-f]+|[a-z]+\d*);/i;

/**
 * A heading's text. Blocks inside it are spaced apart; inline elements
 * are joined as written, except where a lower-case letter meets a capital
 * across them: `<span>End-to-End</span><span>Interpretability</span>` is
 * laid out as two lines, and reads "End-to-End Interpretability".
 */
function headingText(element: HtmlElement): string {
  let out = '';
  for (const child of element.children) {
    if (typeof child === 'string') out += child;
    else if (BLOCK_TAGS.has(child.tag)) out += ` ${headingText(child)} `;
    else out += `${SEAM}${headingText(child)}${SEAM}`;
  }
  return out;
}

/**
 * A title candidate, tidied: seams resolved, entities left in decoded,
 * garbled punctuation restored (see `mojibake.ts`).
 */
function titleText(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let clean = text.includes(SEAM)
    ? text.replace(CAMEL_SEAM, '$1 $2').replaceAll(SEAM, '')
    : text;
  if (LEFTOVER_ENTITY.test(clean)) clean = decodeHTML(clean);
  return tidy(repairField(clean));
}

/** A <time> element's date: its `datetime`, else its text, if either parses. */
function timeValue(element: HtmlElement): string | undefined {
  const text = tidy(spacedTextOf(element));
  return [element.attrs.datetime, text].find(
    (value) => value !== undefined && parseDate(value) !== undefined
  );
}

/**
 * The date an element prints, if it is a date line: a date-classed element
 * ("Jun 08, 2023 • 11 Minute Read", "August 16, 2019 - Updated July 9,
 * 2025": the first part that is a date), or any short element that says
 * "Published on July 18, 2025" / "Posted 14 May 2024".
 */
function printedDate(element: HtmlElement): string | undefined {
  const dateClassed = isDateElement(element);
  // Cheap tests before the element's text is assembled: it must be
  // date-classed or start with the label.
  if (!dateClassed) {
    const first = element.children[0];
    if (!DATE_TAGS.has(element.tag) || typeof first !== 'string') {
      return undefined;
    }
    if (!PUBLISHED_START.test(first.trimStart())) return undefined;
  }
  const text = tidy(spacedTextOf(element));
  if (!text || text.length > MAX_DATE_CHARS) return undefined;
  if (!dateClassed) {
    const labelled = text.match(PUBLISHED_LABEL);
    const rest = labelled ? text.slice(labelled[0].length) : undefined;
    return rest && parseDate(rest) ? rest : undefined;
  }
  // As in plain text, a page that prints only "Updated …" is dated by it.
  return text
    .split(DATE_PART_SEPARATOR)
    .map((part) => part.replace(DATE_PREFIX, ''))
    .find((part) => parseDate(part) !== undefined);
}

/** Whether an element is marked as a date by class, id or itemprop. */
function isDateElement(element: HtmlElement): boolean {
  const { attrs } = element;
  const names = `${attrs.class ?? ''} ${attrs.id ?? ''} ${attrs.itemprop ?? ''}`;
  return names.length > 2 && DATE_CLASS.test(names);
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

/** The first list with any entries: sources are tried strongest first. */
function firstNonEmpty(...lists: readonly string[][]): string[] {
  return lists.find((list) => list.length > 0) ?? [];
}
