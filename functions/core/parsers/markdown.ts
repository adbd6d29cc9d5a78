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
  // Synchronous rendering: no extensions that fetch or highlight.
  const html = marked.parse(markdown, { async: false, gfm: true });
  const fields = { ...jsonEntryFields(front), content: html };
  const parsed = entryDraft(fields, limits);
  const { body, title } = titleAndBody(parsed.draft.body, parsed.draft.title);
  const draft = title
    ? { ...parsed.draft, title, body }
    : { ...parsed.draft, body };
  // Markup gave the structure: the HTML clean steps, whatever the body.
  return { draft, steps: 'html' };
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
