/**
 * Markdown parser: a Markdown article with YAML front matter → draft.
 *
 * ```
 * text → split front matter → YAML (js-yaml) → fields (the JSON mapping)
 *      └→ body → HTML (marked) → htmlFragmentToBlocks → blocks
 * ```
 * Front matter is read with the JSON entry mapping, so `title`,
 * `author`/`authors`, `date`, `updated`, `url`/`permalink`, `tags`,
 * `description`, `image`… mean what they mean in JSON. The body goes
 * through a CommonMark renderer and the HTML block builder, so headings,
 * lists, quotes, code, images and inline HTML come out as they do from a
 * web page. A leading `# Title` that repeats the title is dropped from the
 * body; without a title in the front matter, that heading is the title.
 * The HTML clean steps then drop share and subscribe lines as they do for
 * plain text.
 */
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import { marked } from 'marked';
import type { Block } from '../draft.ts';
import { InputRejectedError } from '../errors.ts';
import {
  type DraftLimits,
  MAX_FRONT_MATTER_ALIASES,
  MAX_FRONT_MATTER_CHARS,
} from '../limits.ts';
import { comparisonKey } from '../text.ts';
import type { EntryDraft } from '../types.ts';
import { entryDraft } from './entry-fields.ts';
import { isObject, jsonEntryFields } from './json.ts';

/**
 * Front matter: `---` on the first line, YAML, then `---` or `...` alone
 * on a line (Jekyll, Hugo, Eleventy, Pandoc).
 */
const FRONT_MATTER =
  /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/u;
/** How far into the body a heading may be to be the title. */
const MAX_TITLE_BLOCK = 2;

/**
 * Parses a Markdown article.
 *
 * @throws InputRejectedError `malformed` for front matter that is not a
 * YAML mapping, is too large, or holds a field of the wrong type
 *
 * @example
 * ```ts
 * const { draft } = parseMarkdown('---\ntitle: Hi\n---\n# Hi\n\nText…', DEFAULT_LIMITS);
 * draft.title; // 'Hi' (and the `# Hi` heading is not in the body)
 * ```
 */
export function parseMarkdown(text: string, limits: DraftLimits): EntryDraft {
  const match = text.match(FRONT_MATTER);
  const front = match ? readFrontMatter(match[1] ?? '') : {};
  const markdown = match ? text.slice(match[0].length) : text;
  // Synchronous rendering: no extensions that fetch or highlight. marked
  // recurses per nesting level and slows with length: it gets the text
  // bounded (see `boundMarkdown`).
  const html = marked.parse(boundMarkdown(markdown, limits), {
    async: false,
    gfm: true,
  });
  const fields = { ...jsonEntryFields(front), content: html };
  const parsed = entryDraft(fields, limits);
  const { body, title } = titleAndBody(parsed.draft.body, parsed.draft.title);
  const draft = title
    ? { ...parsed.draft, title, body }
    : { ...parsed.draft, body };
  // Markup gave the structure: the HTML clean steps, whatever the body.
  return { draft, steps: 'html' };
}

/** Spaces and tabs at the start of a line, and its line breaks. */
const LINE_BREAK = /\r?\n/u;
const TAB_WIDTH = 4;
const SPACE = 0x20;
const TAB = 0x09;
const GREATER = 0x3e;

/**
 * Markdown as marked may safely be given it: at most `maxEntryChars`
 * characters (cut at a line end; marked renders ~2 MB/s), no line nested
 * deeper than `maxMarkdownNesting` block quotes and list items (deeper
 * markers are dropped, their text is kept), no line indented further than
 * four columns per level, and no run of more emphasis marks than that
 * depth (such runs are escaped, so marked reads them as characters).
 */
export function boundMarkdown(markdown: string, limits: DraftLimits): string {
  const max = limits.maxMarkdownNesting;
  let text = markdown;
  if (text.length > limits.maxEntryChars) {
    const end = text.lastIndexOf('\n', limits.maxEntryChars);
    text = text.slice(0, end > 0 ? end : limits.maxEntryChars);
  }
  const lines = text.split(LINE_BREAK).map((line) => flattenLine(line, max));
  const emphasisRun = new RegExp(`[*_]{${max + 1},}`, 'gu');
  return lines
    .join('\n')
    .replace(emphasisRun, (run) => run.replace(/[*_]/gu, '\\$&'));
}

/**
 * One line with at most `max` container markers (`>`, `-`, `+`, `*`,
 * `1.`, `1)`) in front, and at most `max * 4` columns of white space
 * before and between them. Lines within both are returned as they are;
 * others keep their first `max` markers, one space apart.
 */
function flattenLine(line: string, max: number): string {
  const markers: string[] = [];
  let at = 0;
  let leading = -1;
  let columns = 0;
  for (;;) {
    let next = at;
    while (line.charCodeAt(next) === SPACE || line.charCodeAt(next) === TAB) {
      columns += line.charCodeAt(next) === TAB ? TAB_WIDTH : 1;
      next++;
    }
    if (leading === -1) leading = columns;
    const width = markerWidth(line, next);
    if (width === 0) break;
    markers.push(line.slice(next, next + width));
    at = next + width;
  }
  const cap = max * TAB_WIDTH;
  if (markers.length <= max && columns <= cap) return line;
  const indent = ' '.repeat(Math.min(leading, cap));
  const kept = markers.slice(0, max).join(' ');
  return `${indent}${kept}${kept ? ' ' : ''}${line.slice(at).trimStart()}`;
}

/** Length of the container marker at `at` (0 if there is none). */
function markerWidth(line: string, at: number): number {
  const c = line.charCodeAt(at);
  if (c === GREATER) return 1;
  const spaced = (i: number) => {
    const after = line.charCodeAt(i);
    return after === SPACE || after === TAB;
  };
  if (
    (line[at] === '-' || line[at] === '+' || line[at] === '*') &&
    spaced(at + 1)
  ) {
    return 1;
  }
  let digits = 0;
  while (digits < 9 && /\d/u.test(line[at + digits] ?? '')) digits++;
  const end = line[at + digits];
  if (digits > 0 && (end === '.' || end === ')') && spaced(at + digits + 1)) {
    return digits + 1;
  }
  return 0;
}

/** The front matter as an object, or a `malformed` rejection. */
function readFrontMatter(yaml: string): ReturnType<typeof asObject> {
  if (yaml.length > MAX_FRONT_MATTER_CHARS) {
    throw new InputRejectedError(
      'malformed',
      `front matter is ${yaml.length} characters; the limit is ${MAX_FRONT_MATTER_CHARS}`
    );
  }
  let value: unknown;
  try {
    // CORE_SCHEMA: plain data only, no custom tags; dates stay strings.
    value = load(yaml, {
      schema: CORE_SCHEMA,
      maxAliases: MAX_FRONT_MATTER_ALIASES,
    });
  } catch (error) {
    const reason =
      error instanceof YAMLException
        ? error.message.split('\n')[0]
        : String(error);
    throw new InputRejectedError(
      'malformed',
      `front matter is not valid YAML: ${reason}`,
      { cause: error }
    );
  }
  return asObject(value);
}

function asObject(value: unknown) {
  if (value === null || value === undefined) return {};
  if (!isObject(value)) {
    throw new InputRejectedError(
      'malformed',
      'front matter is YAML but not a mapping of field names to values'
    );
  }
  return value;
}

/**
 * The title and the body without a leading heading that repeats it; the
 * first heading is the title when the front matter has none.
 */
function titleAndBody(
  body: readonly Block[],
  title: string | undefined
): { body: Block[]; title: string | undefined } {
  const index = body.findIndex(
    (block, i) =>
      i < MAX_TITLE_BLOCK &&
      block.type === 'heading' &&
      (title === undefined ||
        comparisonKey(block.text) === comparisonKey(title))
  );
  if (index === -1) return { body: [...body], title };
  return {
    body: body.filter((_, i) => i !== index),
    title: title ?? body[index]?.text,
  };
}
