/**
 * Entries → articles: clean, check and finalize each entry of a file,
 * and keep what went wrong with the others.
 *
 * A file holds one entry (a text or HTML page, a Markdown file, a JSON
 * object) or many (JSON Lines lines, feed items, JSON array items, zip
 * archive members). Every entry passes through {@link EntryEmitter.entry}:
 * ```
 * draft → metadata overrides (single-entry files) → clean steps
 *       → word and title checks → finalizeArticle
 * ```
 * An entry that fails becomes an {@link EntryProblem} with its location;
 * the file goes on. The emitter also counts entries, which is how a file
 * that could not finish in one invocation is resumed: entries before the
 * resume point are read again but skipped before any cleaning.
 */
import {
  type Article,
  countDraftWords,
  finalizeArticle,
  type Origin,
} from './article.ts';
import { HTML_CLEAN_STEPS, runSteps, TEXT_CLEAN_STEPS } from './clean/index.ts';
import { parseDate } from './dates.ts';
import { type Draft, withField } from './draft.ts';
import {
  FileLimitError,
  InputRejectedError,
  type Rejection,
  toError,
} from './errors.ts';
import { canonicalUrl } from './ids.ts';
import { MIN_SUMMARY_WORDS, type ResolvedLimits } from './limits.ts';
import { safeDraft, withoutControls } from './safe-fields.ts';
import type {
  EntryDraft,
  EntryPlace,
  EntryProblem,
  FileMeta,
} from './types.ts';

/** The limits the emitter checks entries and the whole file against. */
type EntryLimits = Pick<
  ResolvedLimits,
  | 'minArticleWords'
  | 'maxFileEntries'
  | 'maxProblems'
  | 'maxOutputChars'
  | 'maxStepMs'
>;

/** Turns entries into articles and problems, in file order. */
export class EntryEmitter {
  readonly #meta: FileMeta;
  readonly #limits: EntryLimits;
  readonly #skip: number;
  readonly #ingestedAt: string;
  /** Articles and problems not yet handed out by {@link drain}. */
  #articles: Article[] = [];
  #problems: EntryProblem[] = [];
  #seen = 0;
  #articleCount = 0;
  #problemCount = 0;
  /** Problems past `maxProblems` not yet handed out: counted only. */
  #unlisted = 0;
  #first: EntryProblem | undefined;
  /** Characters of article text produced, for `maxOutputChars`. */
  #outputChars = 0;
  /** When the current step (`push` or `end`) began, for `maxStepMs`. */
  #stepStart = performance.now();

  public constructor(meta: FileMeta, limits: EntryLimits, skip = 0, seen = 0) {
    this.#meta = meta;
    this.#limits = limits;
    this.#skip = skip;
    // Resumed at a byte offset, the entries before were not read again:
    // they are counted as seen, not skipped.
    this.#seen = seen;
    this.#ingestedAt = (meta.ingestedAt ?? new Date()).toISOString();
  }

  /** Entries met so far, skipped ones included: the resume point. */
  public get seen(): number {
    return this.#seen;
  }

  /** Articles produced in this run (skipped entries excluded). */
  public get articleCount(): number {
    return this.#articleCount;
  }

  /** Problems met in this run. */
  public get problemCount(): number {
    return this.#problemCount;
  }

  /** Entries skipped because an earlier run handled them. */
  public get skip(): number {
    return this.#skip;
  }

  /**
   * Finishes one entry. `produce` runs only for entries past the resume
   * point; anything it or the clean steps throw becomes a problem.
   */
  public entry(place: EntryPlace, produce: () => EntryDraft): void {
    this.#admit();
    if (this.#seen++ < this.#skip) return;
    try {
      const { draft, steps } = produce();
      const article = this.#finish(draft, steps, place);
      this.#articles.push(article);
      this.#articleCount++;
      this.#outputChars += article.text.length;
    } catch (error) {
      this.#push(place.location, rejectionOf(error, place.format));
    }
  }

  /** An entry that failed before it could be parsed (e.g. a bad zip member). */
  public problem(location: string, rejection: Rejection): void {
    this.#admit();
    if (this.#seen++ < this.#skip) return;
    this.#push(location, rejection);
  }

  /**
   * Where and why reading stopped: a problem that is no entry of its own
   * (and is never refused by the file's limits).
   */
  public stop(location: string, rejection: Rejection): void {
    // Listed whatever the count: it says why the file ends where it does.
    this.#problemCount++;
    this.#list(location, rejection);
  }

  /** A step of reading begins: the time budget (`maxStepMs`) starts again. */
  public startStep(): void {
    this.#stepStart = performance.now();
  }

  /** Hands out what was produced since the last call. */
  public drain(): {
    articles: Article[];
    problems: EntryProblem[];
    unlistedProblems: number;
  } {
    const out = {
      articles: this.#articles,
      problems: this.#problems,
      unlistedProblems: this.#unlisted,
    };
    this.#articles = [];
    this.#problems = [];
    this.#unlisted = 0;
    return out;
  }

  /**
   * The file's limits, checked before each entry: its entries, its
   * output and the step's time. Each stops the file where it is.
   *
   * @throws FileLimitError `too-large` or `too-complex`
   */
  #admit(): void {
    const limits = this.#limits;
    if (this.#seen >= limits.maxFileEntries) {
      throw tooManyEntries(limits.maxFileEntries);
    }
    if (this.#outputChars > limits.maxOutputChars) {
      throw new FileLimitError(
        'too-large',
        `file yields more than ${limits.maxOutputChars} characters of article text, the limit for one file (maxOutputChars); the rest is not read`
      );
    }
    if (performance.now() - this.#stepStart > limits.maxStepMs) {
      throw new FileLimitError(
        'too-complex',
        `reading took more than ${limits.maxStepMs} ms, the limit for one step (maxStepMs); the rest of the file is not read`
      );
    }
  }

  #push(location: string, rejection: Rejection): void {
    this.#problemCount++;
    if (this.#problemCount > this.#limits.maxProblems) this.#unlisted++;
    else this.#list(location, rejection);
  }

  #list(location: string, rejection: Rejection): void {
    // Locations hold zip entry names, messages quote the input: neither
    // may carry control characters to a terminal or a file record.
    const problem = {
      location: withoutControls(location),
      code: rejection.code,
      message: withoutControls(rejection.message),
    };
    this.#first ??= problem;
    this.#problems.push(problem);
  }

  /** The file's first problem, for the rejection of a file of failures. */
  public get firstProblem(): EntryProblem | undefined {
    return this.#first;
  }

  #finish(
    parsed: Draft,
    steps: EntryDraft['steps'],
    place: EntryPlace
  ): Article {
    // Object metadata describes the object: it applies to a file that is
    // one article, never to each of many.
    const withMeta =
      place.location === ''
        ? applyMetadata(parsed, this.#meta.metadata)
        : parsed;
    // Safe fields last, for every format: whatever a parser or a clean
    // step let through, no URL, markup or control character is stored.
    const draft = safeDraft(
      runSteps(withMeta, steps === 'html' ? HTML_CLEAN_STEPS : TEXT_CLEAN_STEPS)
    );
    const words = countDraftWords(draft);
    const minWords = draft.isSummary
      ? MIN_SUMMARY_WORDS
      : this.#limits.minArticleWords;
    if (words < minWords) {
      throw new InputRejectedError(
        'not-an-article',
        `only ${words} words of ${draft.isSummary ? 'summary' : 'article'} text remain after cleaning; ${draft.isSummary ? 'a summary' : 'an article'} needs at least ${minWords}`
      );
    }
    if (!draft.title) {
      throw new InputRejectedError('not-an-article', 'no title could be found');
    }
    return finalizeArticle(draft, {
      origin: originOf(this.#meta, place),
      index: place.index,
      ingestedAt: this.#ingestedAt,
    });
  }
}

/**
 * The stop of a file with more than `max` entries: raised by the emitter,
 * and by a reader that cuts its listing short (a JSON list).
 */
export function tooManyEntries(max: number): FileLimitError {
  return new FileLimitError(
    'too-large',
    `file holds more than ${max} entries, the limit for one file (maxFileEntries); the rest is not read`
  );
}

/** An error of an entry as a rejection: a bug is a `parser-error`. */
export function rejectionOf(error: unknown, format: string): Rejection {
  return error instanceof InputRejectedError
    ? error.toRejection()
    : {
        code: 'parser-error',
        message: `the ${format} parser failed: ${toError(error).message}`,
      };
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

function originOf(meta: FileMeta, place: EntryPlace): Origin {
  const origin: Record<string, string> = { format: place.format };
  for (const field of ['bucket', 'key', 'etag', 'versionId'] as const) {
    const value = meta[field];
    if (value) origin[field] = value;
  }
  const entry = place.archivePath && withoutControls(place.archivePath);
  if (entry) origin.entry = entry;
  return origin as Origin;
}
