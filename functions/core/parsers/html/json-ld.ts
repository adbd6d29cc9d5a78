/**
 * readJsonLd: the article object of a page's JSON-LD.
 *
 * Pages describe themselves for search engines in
 * `<script type="application/ld+json">`: one object, an array, or a
 * `@graph` of them (site, page, breadcrumb, article, author). The article
 * is the object with the most specific article type; a generic `WebPage`
 * only when nothing more specific is there. Broken JSON is skipped.
 */
import { decodeHTML } from 'entities';
import { dropEmpty, tidy } from './fields.ts';
import { namesFrom } from './names.ts';

/** JSON-LD `@type`s that describe the article itself. */
const ARTICLE_TYPES =
  /^(?:\w*Article|BlogPosting|Posting|Report|Review|Recipe|HowTo|QAPage|Question|DiscussionForumPosting|Blog|LiveBlogPosting|WebPage|ItemPage|AboutPage|FAQPage|Product|Course|Event|VideoObject|ScholarlyArticle)$/;
/** Of those, the ones that beat a generic `WebPage` when both are present. */
const SPECIFIC_TYPES =
  /^(?:\w*Article|BlogPosting|Posting|Report|Review|Recipe|HowTo|DiscussionForumPosting|LiveBlogPosting|ScholarlyArticle)$/;

/** What the article object says. */
export interface LdArticle {
  headline?: string;
  authors: string[];
  datePublished?: string;
  dateModified?: string;
  publisher?: string;
  url?: string;
  image?: string;
  /**
   * The article's own text (`articleBody`, or a post's `text`), raw: plain
   * text or HTML, entities undecoded, for the body builder to read.
   */
  body?: string;
}

/** A JSON-LD object, as parsed. */
export type LdObject = Record<string, unknown>;

/** The article object of the page's JSON-LD, most specific type first. */
export function readJsonLd(scripts: readonly string[]): LdArticle {
  return articleOf(ldObjects(scripts));
}

/**
 * Every object of the page's JSON-LD scripts, depth first (see
 * {@link collectObjects}); broken scripts are skipped.
 */
export function ldObjects(scripts: readonly string[]): LdObject[] {
  const objects: LdObject[] = [];
  for (const script of scripts) {
    try {
      collectObjects(JSON.parse(script), objects, 0);
    } catch {
      // Broken JSON-LD is common (trailing commas, HTML comments): skip it.
    }
  }
  return objects;
}

/** The `@type`s of the objects, each once, in order of appearance. */
export function ldTypes(objects: readonly LdObject[]): string[] {
  return [...new Set(objects.flatMap(typesOf))];
}

/** The article object among `objects`, most specific type first. */
export function articleOf(objects: readonly LdObject[]): LdArticle {
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
    image: imageUrl(best.image),
    body: rawString(best.articleBody) ?? rawString(best.text),
  });
}

/** Largest depth of nested JSON-LD searched for typed objects. */
const MAX_LD_DEPTH = 6;

/**
 * Every object in a JSON-LD value, depth first: arrays, `@graph` lists
 * and a page's `mainEntity` all hold the article in real pages.
 */
function collectObjects(value: unknown, out: LdObject[], depth: number): void {
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

/** An object's `@type`s (a string or an array of them). */
function typesOf(object: LdObject): string[] {
  const type = object['@type'];
  if (typeof type === 'string') return [type];
  return Array.isArray(type) ? type.filter((t) => typeof t === 'string') : [];
}

/** Author names: strings, `{ name }` objects, or arrays of either. */
function authorsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.flatMap((item) => {
    const name =
      typeof item === 'string' ? item : asString(asObject(item)?.name);
    return name ? namesFrom(name) : [];
  });
}

/** The first image URL: a string, `{ url }`, or an array of either. */
function imageUrl(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : asString(asObject(first)?.url);
}

/** `value` as a plain object, if it is one. */
function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A non-empty string, as written. */
function rawString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/**
 * A non-empty string, with HTML entities decoded: JSON-LD is script text,
 * which the HTML parser leaves alone, and CMSs often write `&amp;` there.
 */
function asString(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  return value.includes('&') ? decodeHTML(value).trim() : value.trim();
}
