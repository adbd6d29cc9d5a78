/**
 * JSON entries → drafts: the field names scrapers and CMS exports use.
 *
 * One mapping serves JSON files (one object, an array of objects, or an
 * object wrapping an array such as a JSON Feed's `items`) and JSON Lines
 * (one object per line). Each Draft field is read from the first of its
 * names that the entry has ({@link FIELD_NAMES}, rules as data); unknown
 * fields are ignored. A field of the wrong JSON type (a number for a
 * title, an object for a body) makes the entry `malformed`, with a reason
 * naming the field, the type that arrived and the one expected. A value of
 * the right type that cannot be read (a date in no known form, a relative
 * URL) is dropped and the article kept.
 */
import type { Image } from '../draft.ts';
import { InputRejectedError } from '../errors.ts';
import type { DraftLimits } from '../limits.ts';
import type { EntryDraft } from '../types.ts';
import {
  type EntryFields,
  entryDate,
  entryDraft,
  entryUrl,
  languageCode,
  splitAuthors,
} from './entry-fields.ts';

/**
 * The names each field goes by, strongest first: schema.org and JSON Feed
 * names, then the snake_case and camelCase forms of scrapers (Scrapy,
 * newspaper3k, trafilatura) and CMS exports (WordPress, Ghost).
 */
export const FIELD_NAMES = {
  title: ['title', 'headline', 'name'],
  url: ['url', 'canonical_url', 'canonicalUrl', 'link', 'permalink', 'href'],
  authors: ['authors', 'author', 'byline', 'creator', 'creators'],
  publishedAt: [
    'datePublished',
    // WordPress: `date` is the site's local time without a zone.
    'date_gmt',
    'published',
    'publishedAt',
    'published_at',
    'date_published',
    'pubDate',
    'date',
    'created_at',
    'createdAt',
  ],
  modifiedAt: [
    'dateModified',
    'modified_gmt',
    // Hugo's front matter.
    'lastmod',
    'modified',
    'modifiedAt',
    'modified_at',
    'date_modified',
    'updated',
    'updated_at',
    'updatedAt',
  ],
  content: [
    'articleBody',
    'content',
    'content_html',
    'contentHtml',
    'body_html',
    'bodyHtml',
    'html',
    'body',
    'content_text',
    'text',
    'maintext',
  ],
  description: [
    'description',
    'summary',
    'excerpt',
    'dek',
    'standfirst',
    'abstract',
    'subtitle',
  ],
  publisher: [
    'publisher',
    'source',
    'site_name',
    'siteName',
    'publication',
    'source_domain',
  ],
  language: ['language', 'inLanguage', 'lang', 'locale'],
  images: [
    'images',
    'image',
    'image_url',
    'imageUrl',
    'top_image',
    'lead_image_url',
    'thumbnail',
    'thumbnailUrl',
    'banner_image',
  ],
  tags: ['tags', 'keywords', 'categories', 'category', 'section'],
} as const satisfies Record<keyof EntryFields, readonly string[]>;

/**
 * Keys of an object that wraps the entries of a JSON file: `{"items":
 * [...]}` (JSON Feed), `{"articles": [...]}`, `{"data": [...]}`.
 */
export const WRAPPER_KEYS = [
  'items',
  'articles',
  'posts',
  'entries',
  'data',
  'results',
  'records',
] as const;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
/** A parsed JSON object (or a YAML mapping read as one). */
export type JsonObject = { [k: string]: Json };

/**
 * `JSON.parse`, with a `malformed` rejection naming what was parsed (a
 * JSON Lines `line`, or a whole `file`) and what was wrong with it.
 *
 * @throws InputRejectedError `malformed` for text that is not JSON
 */
export function parseJsonText(text: string, what: 'line' | 'file'): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputRejectedError(
      'malformed',
      `${what} is not valid JSON: ${reason}`,
      { cause: error }
    );
  }
}

/** What {@link cutJsonListing} left of a JSON text. */
export interface CutListing {
  /** The text, ending after the first `maxItems` items of its listing. */
  readonly text: string;
  /** Whether items were cut off. */
  readonly cut: boolean;
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

/**
 * A JSON text cut after the first `maxItems` items of its listings (the
 * top-level array, or an array directly inside the top-level object, as
 * `{"items": [...]}`), and closed again, before `JSON.parse` builds them:
 * parsing a list of 10 million `{}` takes 4 s and 1.1 GB, whatever is
 * done with it afterwards. One pass over the characters, tracking strings
 * and nesting; a text too short to hold more items is not scanned.
 */
export function cutJsonListing(text: string, maxItems: number): CutListing {
  // An item and its comma take two characters at least.
  if (text.length < maxItems * 2) return { text, cut: false };
  const open: number[] = [];
  const items: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      open.push(c);
      items.push(1);
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      open.pop();
      items.pop();
    } else if (c === COMMA && open.length <= 2) {
      const depth = open.length - 1;
      const listing =
        open[depth] === OPEN_BRACKET && (depth === 0 || open[0] === OPEN_BRACE);
      const count = (items[depth] ?? 0) + 1;
      items[depth] = count;
      if (listing && count > maxItems) {
        const closing = open
          .reverse()
          .map((o) => (o === OPEN_BRACE ? '}' : ']'))
          .join('');
        return { text: text.slice(0, i) + closing, cut: true };
      }
    }
  }
  return { text, cut: false };
}

/**
 * The entries of a parsed JSON file: the array itself, the array an
 * object wraps ({@link WRAPPER_KEYS}, when the object has no article text
 * of its own), or the one object.
 */
export function jsonEntries(value: unknown): {
  readonly entries: readonly unknown[];
  readonly many: boolean;
} {
  if (Array.isArray(value)) return { entries: value, many: true };
  if (
    isObject(value) &&
    first(value, FIELD_NAMES.content) === undefined &&
    first(value, FIELD_NAMES.description) === undefined
  ) {
    for (const key of WRAPPER_KEYS) {
      const inner = value[key];
      if (Array.isArray(inner)) return { entries: inner, many: true };
    }
  }
  return { entries: [value], many: false };
}

/**
 * The rejection of an entry with no article text, made once: its message
 * never changes, and a file of 200,000 `{}` lines would otherwise spend a
 * second capturing stack traces nobody reads.
 */
const NO_ARTICLE_TEXT = new InputRejectedError(
  'not-an-article',
  `entry has no article text: none of ${[...FIELD_NAMES.content, ...FIELD_NAMES.description].join(', ')}`
);

/**
 * Maps one JSON entry to a draft.
 *
 * @throws InputRejectedError `malformed` for an entry that is no object or
 * has a field of the wrong type; `not-an-article` for one with neither
 * content nor description
 */
export function jsonEntryDraft(
  entry: unknown,
  limits: DraftLimits
): EntryDraft {
  if (!isObject(entry)) {
    throw new InputRejectedError(
      'malformed',
      `entry is ${describe(entry)}; expected a JSON object with article fields`
    );
  }
  const fields = jsonEntryFields(entry);
  if (!fields.content?.trim() && !fields.description?.trim()) {
    throw NO_ARTICLE_TEXT;
  }
  return entryDraft(fields, limits);
}

/**
 * Reads the mapped fields of a JSON object (an entry, or Markdown front
 * matter), as {@link jsonEntryDraft} describes.
 *
 * @throws InputRejectedError `malformed` for a field of the wrong type
 */
export function jsonEntryFields(entry: JsonObject): EntryFields {
  const content = text(entry, 'content');
  const description = text(entry, 'description');
  return {
    title: text(entry, 'title'),
    url: mapped(text(entry, 'url'), entryUrl),
    authors: authors(entry),
    publishedAt: date(entry, 'publishedAt'),
    modifiedAt: date(entry, 'modifiedAt'),
    content,
    description,
    publisher: named(entry, 'publisher'),
    language: mapped(text(entry, 'language'), languageCode),
    images: images(entry),
    tags: stringList(entry, 'tags'),
  };
}

/** Whether a parsed JSON value is an object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first of `names` the entry has (null counts as absent). */
function first(
  entry: JsonObject,
  names: readonly string[]
): { name: string; value: Json } | undefined {
  for (const name of names) {
    const value = entry[name];
    if (value !== undefined && value !== null && value !== '') {
      return { name, value };
    }
  }
  return undefined;
}

/** A string field; a number is accepted where text is (ids, years). */
function text(
  entry: JsonObject,
  field: keyof typeof FIELD_NAMES
): string | undefined {
  const found = first(entry, FIELD_NAMES[field]);
  if (!found) return undefined;
  const { name, value } = found;
  if (typeof value === 'string') return value;
  // `{"content": {"rendered": "<p>…"}}` is WordPress's REST shape.
  if (isObject(value) && typeof value.rendered === 'string') {
    return value.rendered;
  }
  throw wrongType(name, value, 'a string');
}

/** A string, or an object with `name` (schema.org Person/Organization). */
function named(
  entry: JsonObject,
  field: keyof typeof FIELD_NAMES
): string | undefined {
  const found = first(entry, FIELD_NAMES[field]);
  if (!found) return undefined;
  const { name, value } = found;
  if (typeof value === 'string') return value.trim() || undefined;
  if (isObject(value) && typeof value.name === 'string') return value.name;
  throw wrongType(name, value, 'a string or an object with a name');
}

function authors(entry: JsonObject): string[] | undefined {
  const found = first(entry, FIELD_NAMES.authors);
  if (!found) return undefined;
  const { name, value } = found;
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) => {
    if (typeof item === 'string') return splitAuthors(item);
    if (isObject(item) && typeof item.name === 'string') {
      return [item.name.trim()].filter(Boolean);
    }
    throw wrongType(
      name,
      item,
      'a string, an object with a name, or a list of them'
    );
  });
}

function date(
  entry: JsonObject,
  field: 'publishedAt' | 'modifiedAt'
): string | undefined {
  const found = first(entry, FIELD_NAMES[field]);
  if (!found) return undefined;
  const { name, value } = found;
  if (typeof value === 'string' || typeof value === 'number') {
    return entryDate(value);
  }
  throw wrongType(name, value, 'a date string or an epoch number');
}

function images(entry: JsonObject): Image[] | undefined {
  const found = first(entry, FIELD_NAMES.images);
  if (!found) return undefined;
  const { name, value } = found;
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item): Image[] => {
    if (typeof item === 'string') {
      const url = entryUrl(item);
      return url ? [{ url }] : [];
    }
    if (isObject(item)) {
      const image: Record<string, string> = {};
      const url = typeof item.url === 'string' ? entryUrl(item.url) : '';
      if (url) image.url = url;
      for (const key of ['caption', 'credit', 'alt'] as const) {
        const v = item[key];
        if (typeof v === 'string' && v.trim()) image[key] = v.trim();
      }
      return Object.keys(image).length > 0 ? [image as Image] : [];
    }
    throw wrongType(name, item, 'a URL, an image object, or a list of them');
  });
}

function stringList(entry: JsonObject, field: 'tags'): string[] | undefined {
  const found = first(entry, FIELD_NAMES[field]);
  if (!found) return undefined;
  const { name, value } = found;
  if (typeof value === 'string') return value.split(',');
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (typeof item === 'string') return [item];
      if (isObject(item) && typeof item.name === 'string') return [item.name];
      throw wrongType(name, item, 'a string or a list of strings');
    });
  }
  throw wrongType(name, value, 'a string or a list of strings');
}

function mapped(
  value: string | undefined,
  read: (value: string) => string | undefined
): string | undefined {
  return value === undefined ? undefined : read(value);
}

function wrongType(
  name: string,
  value: unknown,
  expected: string
): InputRejectedError {
  return new InputRejectedError(
    'malformed',
    `field "${name}" is ${describe(value)}; expected ${expected}`
  );
}

/** A JSON value's type for people: "a number (42)", "an object". */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'object':
      return 'an object';
    case 'string':
      return `a string ("${value.slice(0, 40)}")`;
    case 'number':
    case 'boolean':
      return `a ${typeof value} (${String(value)})`;
    default:
      return typeof value;
  }
}
