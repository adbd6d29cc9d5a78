/**
 * parseFile: bytes of one file → the articles in it, or why there are none.
 *
 * ```
 * bytes → limits → gunzip → decode → detect → parse → clean → finalize
 * ```
 * Every stage may reject the file; the rejection comes back as a value with
 * a stable code, and nothing thrown escapes (a bug in a stage becomes a
 * `parser-error` rejection, so one bad file never crashes a batch).
 */
import {
  type Article,
  countDraftWords,
  type Format,
  finalizeArticle,
  type Origin,
} from './article.ts';
import { HTML_CLEAN_STEPS, runSteps, TEXT_CLEAN_STEPS } from './clean/index.ts';
import { parseDate } from './dates.ts';
import { decodeText, gunzipIfNeeded } from './decode.ts';
import { detectFormat } from './detect.ts';
import { type Draft, withField } from './draft.ts';
import {
  InputRejectedError,
  type Rejection,
  type RejectionCode,
  toError,
} from './errors.ts';
import { canonicalUrl } from './ids.ts';
import {
  type ParseLimits,
  type ResolvedLimits,
  resolveLimits,
} from './limits.ts';
import { parseHtml } from './parsers/html/index.ts';
import { parseText } from './parsers/text.ts';
import { resetTextMemo } from './text.ts';

/** What is known about a file besides its bytes. Every field is optional. */
export interface FileMeta {
  /** Bucket the object is in. Part of `origin` and of the article id. */
  readonly bucket?: string;
  /** Object key (or file path). Helps format detection; part of the id. */
  readonly key?: string;
  /** The object's `Content-Type`, which may declare a charset. */
  readonly contentType?: string;
  readonly etag?: string;
  readonly versionId?: string;
  /**
   * User metadata (`x-amz-meta-*` without the prefix). `title`, `url`,
   * `publisher`, `author` (comma-separated), `language`, `published-at`
   * override what the file says.
   */
  readonly metadata?: Readonly<Record<string, string>>;
  /** When the object was uploaded. */
  readonly lastModified?: Date;
  /**
   * The time recorded as `ingestedAt`.
   * @default the current time
   */
  readonly ingestedAt?: Date;
}

/** Options of {@link parseFile}. */
export interface ParseOptions {
  /** Size and content limits. @default {@link DEFAULT_LIMITS} */
  readonly limits?: ParseLimits;
}

/**
 * A record of a multi-article file (a JSON Lines line, a feed item, an
 * archive entry) that produced no article, while the rest of the file did.
 */
export interface RecordProblem {
  /** Where in the file, for people: `line 12`, `item 3`, `entry a/b.json`. */
  readonly location: string;
  readonly code: RejectionCode;
  readonly message: string;
}

/** The outcome of {@link parseFile}. */
export type ParseResult =
  | {
      readonly ok: true;
      readonly format: Format;
      readonly articles: readonly Article[];
      /** Records that were skipped; empty for single-article files. */
      readonly problems: readonly RecordProblem[];
    }
  | {
      readonly ok: false;
      readonly format?: Format;
      readonly rejection: Rejection;
    };

/**
 * Parses one file into clean articles.
 *
 * Pure: no I/O, no environment. Never throws; a file that cannot become an
 * article comes back as `{ ok: false, rejection: { code, message } }`.
 *
 * @example
 * ```ts
 * const result = parseFile(bytes, { key: 'world/putin-kim.txt' });
 * if (result.ok) console.log(result.articles[0]?.title);
 * else console.error(result.rejection.code, result.rejection.message);
 * ```
 */
export function parseFile(
  bytes: Uint8Array,
  meta: FileMeta = {},
  options: ParseOptions = {}
): ParseResult {
  const limits = resolveLimits(options.limits);
  resetTextMemo();
  let format: Format | undefined;
  try {
    const text = readText(bytes, meta, limits);
    const detected = detectFormat(text, meta);
    format = detected;
    const drafts = parseFormat(detected, text, limits);
    const origin = originOf(meta, format);
    const ingestedAt = (meta.ingestedAt ?? new Date()).toISOString();
    const articles = drafts.map((draft, index) =>
      finalizeArticle(cleanDraft(draft, detected, meta, limits), {
        origin,
        index,
        ingestedAt,
      })
    );
    return { ok: true, format, articles, problems: [] };
  } catch (error) {
    const rejection =
      error instanceof InputRejectedError
        ? error.toRejection()
        : {
            code: 'parser-error' as const,
            message: `the ${format ?? 'file'} parser failed: ${toError(error).message}`,
          };
    return format ? { ok: false, format, rejection } : { ok: false, rejection };
  }
}

/** limits → gunzip → decode, with the rejections of each. */
function readText(
  bytes: Uint8Array,
  meta: FileMeta,
  limits: ResolvedLimits
): string {
  if (bytes.length > limits.maxInputBytes) {
    throw new InputRejectedError(
      'too-large',
      `file is ${bytes.length} bytes; the limit is ${limits.maxInputBytes} bytes`
    );
  }
  const { bytes: raw } = gunzipIfNeeded(bytes, limits);
  if (raw.length === 0) {
    throw new InputRejectedError('empty', 'file is empty (0 bytes)');
  }
  const { text } = decodeText(raw, meta.contentType);
  if (text.length > limits.maxTextChars) {
    throw new InputRejectedError(
      'too-large',
      `decoded text is ${text.length} characters; the limit is ${limits.maxTextChars}`
    );
  }
  if (isBlank(text)) {
    throw new InputRejectedError(
      'empty',
      `file holds only white space (${raw.length} bytes)`
    );
  }
  return text;
}

/**
 * Nothing but white space and invisible characters (what `normaliseString`
 * would reduce to ''). A regex that stops at the first visible character,
 * instead of normalising a whole page only to compare it with ''.
 */
const BLANK =
  /^[\s\p{Cc}\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]*$/u;

function isBlank(text: string): boolean {
  return BLANK.test(text);
}

function parseFormat(
  format: Format,
  text: string,
  limits: ResolvedLimits
): Draft[] {
  switch (format) {
    case 'text':
      return [parseText(text)];
    case 'html':
      return [
        parseHtml(text, {
          maxElements: limits.maxHtmlElements,
          maxDepth: limits.maxHtmlDepth,
        }),
      ];
    default:
      throw new InputRejectedError(
        'unsupported-format',
        `content looks like ${format.toUpperCase()}, which this version of Dropwire does not parse yet; plain text and HTML are supported`
      );
  }
}

/** Metadata fields that override the file's own, and where they go. */
function applyMetadata(draft: Draft, metadata: FileMeta['metadata']): Draft {
  if (!metadata) return draft;
  let out = draft;
  for (const [name, field] of [
    ['title', 'title'],
    ['publisher', 'publisher'],
    ['language', 'language'],
  ] as const) {
    const value = metadata[name]?.trim();
    if (value) out = withField(out, field, value);
  }
  const url = metadata.url?.trim();
  if (url)
    out = withField(
      out,
      'url',
      checked(url, canonicalUrl, 'url', 'an absolute http(s) URL')
    );
  const published = metadata['published-at']?.trim();
  if (published) {
    out = withField(
      out,
      'publishedAt',
      checked(
        published,
        parseDate,
        'published-at',
        'an ISO 8601 or RFC 2822 date'
      )
    );
  }
  const authors = metadata.author ?? metadata.authors;
  if (authors?.trim()) {
    out = {
      ...out,
      authors: authors
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    };
  }
  return out;
}

/** `parse(value)`, or a `malformed` rejection naming the metadata field. */
function checked(
  value: string,
  parse: (value: string) => string | undefined,
  name: string,
  expected: string
): string {
  const parsed = parse(value);
  if (parsed === undefined) {
    throw new InputRejectedError(
      'malformed',
      `metadata x-amz-meta-${name} is "${value.slice(0, 200)}"; expected ${expected}`
    );
  }
  return parsed;
}

/** Clean steps by format; formats not listed use the plain-text steps. */
const CLEAN_STEPS: Partial<Record<Format, typeof TEXT_CLEAN_STEPS>> = {
  html: HTML_CLEAN_STEPS,
};

function cleanDraft(
  parsed: Draft,
  format: Format,
  meta: FileMeta,
  limits: ResolvedLimits
): Draft {
  const draft = runSteps(
    applyMetadata(parsed, meta.metadata),
    CLEAN_STEPS[format] ?? TEXT_CLEAN_STEPS
  );
  const words = countDraftWords(draft);
  if (words < limits.minArticleWords) {
    throw new InputRejectedError(
      'not-an-article',
      `only ${words} words of article text remain after cleaning; an article needs at least ${limits.minArticleWords}`
    );
  }
  if (!draft.title) {
    throw new InputRejectedError('not-an-article', 'no title could be found');
  }
  return draft;
}

function originOf(meta: FileMeta, format: Format): Origin {
  const origin: Record<string, string> = { format };
  for (const field of ['bucket', 'key', 'etag', 'versionId'] as const) {
    const value = meta[field];
    if (value) origin[field] = value;
  }
  return origin as Origin;
}
