/**
 * Author names: from byline markup, printed "By …" lines and author
 * strings in metadata.
 *
 * Bylines hold more than names (roles, dates, post counts, avatars), and
 * metadata fields hold placeholders (`page.head.author`) or URLs, so every
 * candidate must look like a name: a few words, no digits or e-mail.
 */
import { bylineAuthors } from '../../bylines.ts';
import { parseDate } from '../../dates.ts';
import { findFirst, type HtmlElement, spacedTextOf } from './dom.ts';
import { tidy } from './fields.ts';

/** Class or id of an element that holds the byline name. */
const BYLINE_CLASS =
  /(?:^|[\s_-])(?:byline|author|authors|author-name|writer|article-author|post-author|entry-author|by-author)(?:$|[\s_-])/i;
/** Class or id of byline parts that are not the name. */
const NOT_NAME_CLASS =
  /(?:avatar|image|img|photo|bio|description|title|role|label|date|time|social|twitter)/i;
const BY_START = /^\s*by(?:\s|$)/i;
const POSTED_START = /^\s*(?:posted|published|written)\b/i;
/** "Posted on <date> by <name>"; the date in group 1, names in group 2. */
const POSTED_BY =
  /^(?:posted|published|written)(?:\s+on)?\s*:?\s*(.{6,40}?)\s+by\s+(.{2,80})$/i;
/**
 * Most text in an element read as a byline or author box, in characters:
 * a name, a role, a date, a line or two of biography.
 */
const MAX_BYLINE_BOX_CHARS = 600;
/** Longest "Posted on … by …" line, in characters. */
const MAX_BYLINE_CHARS = 140;
const MAX_BYLINE_CHILDREN = 6;
/** Class of the name part inside a byline or user card. */
const NAME_PART_CLASS =
  /(?:^|[\s_-])(?:name|username|author-name|fn)(?:$|[\s_-])/i;
/** Text that is not a name: digits, e-mail, placeholders, labels. */
const NOT_NAME_TEXT = /\d|@|[{}<>|]|:$|^(?:name|author|by)\b|\.\w+\./i;
/** Most words in a name ("Maria de la Cruz Fernández Ortega"). */
const MAX_NAME_WORDS = 6;
/** A byline's leading "By" (and its translations). */
export const BY_PREFIX =
  /^(?:by|written by|words by|posted by|authored by|(?:view |see )?(?:all |more )?(?:posts|articles|stories) by|more by|von|par|por|di|door)\s*:?\s+/i;
/** Byline labels and links printed where a name would be, never a name. */
const LABEL_ONLY =
  /^(?:(?:written|posted|authored) by|the author|about the author|author|authors|read (?:the |more |full )?bio|bio|e-?mail|contact|follow|share|view (?:all )?posts)$/i;
/** Punctuation left at the ends of a name cut out of a line (", USA TODAY"). */
const NAME_EDGE_PUNCTUATION = /^[\s,;:|•·–—-]+|[\s,;:|•·–—-]+$/gu;
/** Separators between several authors in one string. */
const AUTHOR_SEPARATOR = /\s*(?:,|;|\s&\s|\band\b|\bund\b|\bet\b|\by\b)\s*/;
/** A plausible author string: no URL, not a sentence. */
const MAX_AUTHOR_CHARS = 80;
const LOOKS_LIKE_URL = /^(?:https?:)?\/\/|^www\./i;

/**
 * The author name a byline element holds: `rel=author` links,
 * `itemprop=author` and elements classed `byline` or `author`. Bylines
 * often hold more than the name (a date, a role, a user card with post
 * counts), so when the whole text is not a name, the element's name-marked
 * part (`itemprop=name`, a `name`-classed element, an author link) is
 * tried.
 */
export function bylineName(element: HtmlElement): string | undefined {
  const { attrs } = element;
  const marked =
    attrs.rel === 'author' ||
    attrs.itemprop === 'author' ||
    (BYLINE_CLASS.test(`${attrs.class ?? ''} ${attrs.id ?? ''}`) &&
      !NOT_NAME_CLASS.test(attrs.class ?? ''));
  if (
    !marked ||
    element.tag === 'meta' ||
    element.tag === 'body' ||
    // A whole story can carry an author class (`displayed_author-jane`):
    // only a box of a few lines is a byline.
    exceedsChars(element, MAX_BYLINE_BOX_CHARS)
  ) {
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

/**
 * The names (and date) in a short element that reads "By Jane Smith" or
 * "Posted on 14 May 2024 by Jane Smith": the bylines `extractByline` and
 * `extractDates` read in plain text, here found anywhere on the page, as
 * they often sit outside the main content.
 */
export function printedByline(
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

/** A label printed alone before the author's name, in its own element. */
const NAME_LABEL =
  /^(?:(?:written|posted|authored) )?by:?$|^(?:author|writer):?$/i;
/** Longest label text, in characters, read before the walk looks further. */
const MAX_LABEL_CHARS = 20;

/**
 * The names after a label element: "<p>Written by</p><p>Edzel Tabing</p>",
 * a layout that puts the label and the name in sibling elements.
 */
export function labelledName(element: HtmlElement): string[] | undefined {
  const [label] = element.children;
  if (
    element.children.length !== 1 ||
    typeof label !== 'string' ||
    label.length > MAX_LABEL_CHARS ||
    !NAME_LABEL.test(label.trim())
  ) {
    return undefined;
  }
  const siblings = element.parent?.children ?? [];
  const next = siblings
    .slice(siblings.indexOf(element) + 1)
    .find((node): node is HtmlElement => typeof node !== 'string');
  const name = next ? tidy(spacedTextOf(next)) : undefined;
  if (!name || !looksLikeName(name)) return undefined;
  const names = namesFrom(name);
  return names.length > 0 ? names : undefined;
}

/** A person's or organisation's name: a few words, no digits or e-mail. */
export function looksLikeName(text: string): boolean {
  return (
    text.length <= MAX_AUTHOR_CHARS &&
    !NOT_NAME_TEXT.test(text) &&
    !LABEL_ONLY.test(text) &&
    text.split(' ').length <= MAX_NAME_WORDS
  );
}

/** Splits an author string into names; drops URLs and over-long strings. */
export function namesFrom(value: string | undefined): string[] {
  const text = tidy(value)
    ?.replace(NAME_EDGE_PUNCTUATION, '')
    .replace(BY_PREFIX, '');
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

/** Whether `element` holds more than `limit` characters of text. */
function exceedsChars(element: HtmlElement, limit: number): boolean {
  let left = limit;
  const visit = (node: HtmlElement): boolean => {
    for (const child of node.children) {
      if (typeof child === 'string') {
        left -= child.length;
        if (left < 0) return true;
      } else if (visit(child)) {
        return true;
      }
    }
    return false;
  };
  return visit(element);
}
