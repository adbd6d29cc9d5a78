/**
 * The extraction view: a source file's visible text, block by block, each
 * block marked with what the cleaner did with it, so a person can see at a
 * glance what was kept and what was left out.
 *
 * It is computed from outside the extractor, by comparing the source with
 * the stored article, never by asking the extractor how it decided: the
 * view shows the outcome, and stays true whatever the extractor becomes.
 *
 * 1. Segments: an HTML page's visible text blocks (the text of each block
 *    element — paragraph, heading, list item, cell, link bar — in document
 *    order; scripts, styles, `<head>` and hidden elements are not visible
 *    and not shown), or a plain-text or Markdown file's non-blank lines.
 * 2. Fates, by matching each segment's words against the article's:
 *    `title`, `standfirst`, `kept` (in the body), `caption` (lifted into
 *    an image's caption or credit), `byline` (a short line naming an
 *    author), else `removed` (navigation, promos, share bars, a repeat of a
 *    block already matched, …).
 *
 * Words are compared, not characters (lower case, letters and digits
 * only), so entity decoding, curly quotes and white space cannot make a
 * kept block look removed. A short segment must equal a whole block to be
 * `kept` ("Share" is in many paragraphs, but is no paragraph); a longer
 * one may be part of a block, or hold one, or share most of its
 * three-word runs with the body (a paragraph the cleaner trimmed).
 */
import { Parser } from 'htmlparser2';
import type { Article } from '../core/index.ts';

/** What became of a segment of the source. */
export type SegmentFate =
  | 'title'
  | 'standfirst'
  | 'kept'
  | 'caption'
  | 'byline'
  | 'removed';

/** One visible block of the source. */
export interface SourceSegment {
  /** The text as shown, white space collapsed. */
  readonly text: string;
  readonly fate: SegmentFate;
  /** The HTML block element that holds it (`p`, `li`, `h2`, …), or `line`. */
  readonly element: string;
  /** The landmark it sits in (`nav`, `header`, `footer`, `aside`, `form`). */
  readonly region?: string;
}

/** The view of one source. */
export interface ExtractionView {
  /** How the source was read: an HTML page, or lines of text. */
  readonly reading: 'html' | 'lines';
  readonly segments: readonly SourceSegment[];
  /** Segments of each fate. */
  readonly counts: Readonly<Record<SegmentFate, number>>;
  /** Whether the source had more segments than the view shows. */
  readonly truncated: boolean;
}

/** Options of {@link extractionView}. */
export interface ExtractionViewOptions {
  /** @default {@link MAX_VIEW_SEGMENTS} */
  readonly maxSegments?: number;
}

/** Most segments a view holds; a page past it is shown up to there. */
export const MAX_VIEW_SEGMENTS = 5000;
/** Longest segment text shown, in characters (the whole is matched). */
export const MAX_SEGMENT_CHARS = 4000;

/** Fewer words than this: a segment must equal a whole block to be kept. */
const MIN_PARTIAL_MATCH_WORDS = 4;
/** Three-word runs shared with the body that make a long segment kept. */
const MIN_SHARED_TRIGRAMS = 0.8;
/** Words a segment needs before shared runs are counted. */
const MIN_TRIGRAM_WORDS = 8;
/** Longest segment read as a byline when it names an author, in words. */
const MAX_BYLINE_WORDS = 12;

/** Elements whose content is never visible. */
const INVISIBLE_TAGS: ReadonlySet<string> = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'math',
  'canvas',
  'iframe',
  'object',
  'select',
  'datalist',
  'textarea',
]);

/** Elements that start a block of text of their own. */
const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'button',
  'caption',
  'dd',
  'details',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'td',
  'th',
  'tr',
  'ul',
]);

/** Landmarks named beside a segment: where boilerplate usually lives. */
const REGION_TAGS: ReadonlySet<string> = new Set([
  'nav',
  'header',
  'footer',
  'aside',
  'form',
]);

/** Void elements: they never get a closing tag. */
const VOID_TAGS: ReadonlySet<string> = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a text, for comparison: lower case, letters and digits. */
function wordsOf(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(WORD) ?? [];
}

/** A raw segment, before its fate is known. */
interface RawSegment {
  readonly text: string;
  readonly element: string;
  readonly region?: string;
}

/**
 * The extraction view of `source` (decoded text) for `article`, the article
 * the ingest stored from it.
 *
 * @example
 * ```ts
 * const view = extractionView(html, 'html', article);
 * view.segments.filter((s) => s.fate === 'removed'); // what the cleaner left out
 * ```
 */
export function extractionView(
  source: string,
  reading: ExtractionView['reading'],
  article: Pick<
    Article,
    'title' | 'standfirst' | 'body' | 'images' | 'authors'
  >,
  options: ExtractionViewOptions = {}
): ExtractionView {
  const maxSegments = options.maxSegments ?? MAX_VIEW_SEGMENTS;
  const { segments: raw, truncated } =
    reading === 'html'
      ? htmlSegments(source, maxSegments)
      : lineSegments(source, maxSegments);
  const matcher = new ArticleMatcher(article);
  const counts: Record<SegmentFate, number> = {
    title: 0,
    standfirst: 0,
    kept: 0,
    caption: 0,
    byline: 0,
    removed: 0,
  };
  const segments = raw.map((segment) => {
    const fate = matcher.fateOf(segment.text);
    counts[fate] += 1;
    return {
      ...segment,
      text:
        segment.text.length > MAX_SEGMENT_CHARS
          ? `${segment.text.slice(0, MAX_SEGMENT_CHARS)}…`
          : segment.text,
      fate,
    };
  });
  return { reading, segments, counts, truncated };
}

/** Non-blank lines, white space collapsed. */
function lineSegments(
  source: string,
  maxSegments: number
): { segments: RawSegment[]; truncated: boolean } {
  const segments: RawSegment[] = [];
  for (const line of source.split(/\r\n|\r|\n/u)) {
    const text = line.replace(/\s+/gu, ' ').trim();
    if (wordsOf(text).length === 0) continue;
    if (segments.length === maxSegments) return { segments, truncated: true };
    segments.push({ text, element: 'line' });
  }
  return { segments, truncated: false };
}

/** Whether an element hides its content (`hidden`, `aria-hidden`, `display:none`). */
function hides(attrs: Record<string, string>): boolean {
  return (
    'hidden' in attrs ||
    attrs['aria-hidden'] === 'true' ||
    /display\s*:\s*none|visibility\s*:\s*hidden/iu.test(attrs.style ?? '')
  );
}

/** The visible text blocks of a page, in document order. */
function htmlSegments(
  html: string,
  maxSegments: number
): { segments: RawSegment[]; truncated: boolean } {
  const segments: RawSegment[] = [];
  const open: string[] = [];
  /** Depth in `open` at which an invisible subtree started, or -1. */
  let hiddenFrom = -1;
  let text = '';
  let truncated = false;
  const flush = () => {
    const collapsed = text.replace(/\s+/gu, ' ').trim();
    text = '';
    if (truncated || wordsOf(collapsed).length === 0) return;
    if (segments.length === maxSegments) {
      truncated = true;
      return;
    }
    const element = open.findLast((tag) => BLOCK_TAGS.has(tag)) ?? 'body';
    const region = open.findLast((tag) => REGION_TAGS.has(tag));
    segments.push({ text: collapsed, element, ...(region ? { region } : {}) });
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (hiddenFrom < 0 && BLOCK_TAGS.has(name)) flush();
        if (name === 'br' && hiddenFrom < 0) text += ' ';
        if (VOID_TAGS.has(name)) return;
        open.push(name);
        if (hiddenFrom < 0 && (INVISIBLE_TAGS.has(name) || hides(attrs))) {
          hiddenFrom = open.length - 1;
        }
      },
      ontext(data) {
        if (hiddenFrom < 0) text += data;
      },
      onclosetag(name) {
        if (VOID_TAGS.has(name)) return;
        // htmlparser2 closes implied tags itself; pop down to this one.
        const at = open.lastIndexOf(name);
        if (at < 0) return;
        if (hiddenFrom < 0 && BLOCK_TAGS.has(name)) flush();
        open.length = at;
        if (hiddenFrom >= at) hiddenFrom = -1;
      },
    },
    { decodeEntities: true, lowerCaseTags: true }
  );
  parser.end(html);
  flush();
  return { segments, truncated };
}

/** Word keys of the article's parts, and what has been matched so far. */
class ArticleMatcher {
  readonly #title: string;
  readonly #standfirst: string;
  readonly #captions: readonly string[];
  readonly #authors: readonly string[];
  /** Body blocks (and list items) by key, with how many are still unmatched. */
  readonly #blocks = new Map<string, number>();
  readonly #blockKeys: readonly string[];
  readonly #body: string;
  readonly #trigrams: ReadonlySet<string>;

  public constructor(
    article: Pick<
      Article,
      'title' | 'standfirst' | 'body' | 'images' | 'authors'
    >
  ) {
    const key = (text: string | undefined) => wordsOf(text ?? '').join(' ');
    this.#title = key(article.title);
    this.#standfirst = key(article.standfirst);
    this.#captions = article.images
      .flatMap((image) => [
        key(image.caption),
        key(image.credit),
        key(`${image.caption ?? ''} ${image.credit ?? ''}`),
      ])
      .filter((caption) => caption !== '');
    this.#authors = article.authors.map(key).filter((a) => a !== '');
    const blockTexts = article.body.flatMap((block) => [
      block.text,
      ...(block.items ?? []),
    ]);
    for (const text of blockTexts) {
      const k = key(text);
      if (k !== '') this.#blocks.set(k, (this.#blocks.get(k) ?? 0) + 1);
    }
    this.#blockKeys = [...this.#blocks.keys()];
    this.#body = ` ${this.#blockKeys.join(' ')} `;
    this.#trigrams = new Set(trigrams(this.#body.trim().split(' ')));
  }

  /** The fate of one segment; an exact block match is used up. */
  public fateOf(text: string): SegmentFate {
    const words = wordsOf(text);
    const k = words.join(' ');
    const partial = words.length >= MIN_PARTIAL_MATCH_WORDS;
    if (this.#matches(k, this.#title, partial)) return 'title';
    if (this.#matches(k, this.#standfirst, partial)) return 'standfirst';
    const left = this.#blocks.get(k);
    if (left !== undefined) {
      if (left === 0) return 'removed'; // a repeat of a block already shown
      this.#blocks.set(k, left - 1);
      return 'kept';
    }
    if (this.#captions.some((c) => this.#matches(k, c, partial)))
      return 'caption';
    if (partial && this.#inBody(k, words)) return 'kept';
    if (
      words.length <= MAX_BYLINE_WORDS &&
      this.#authors.some((author) => ` ${k} `.includes(` ${author} `))
    ) {
      return 'byline';
    }
    return 'removed';
  }

  /** Equal, or (for a long enough segment) one within the other. */
  #matches(k: string, part: string, partial: boolean): boolean {
    if (part === '') return false;
    if (k === part) return true;
    return (
      partial &&
      (` ${part} `.includes(` ${k} `) || ` ${k} `.includes(` ${part} `))
    );
  }

  /** Part of the body, holding a whole block, or mostly the body's runs. */
  #inBody(k: string, words: readonly string[]): boolean {
    if (this.#body.includes(` ${k} `)) return true;
    const padded = ` ${k} `;
    if (
      this.#blockKeys.some(
        (block) =>
          block.split(' ').length >= MIN_PARTIAL_MATCH_WORDS &&
          padded.includes(` ${block} `)
      )
    ) {
      return true;
    }
    if (words.length < MIN_TRIGRAM_WORDS) return false;
    const runs = trigrams(words);
    const shared = runs.filter((run) => this.#trigrams.has(run)).length;
    return shared / runs.length >= MIN_SHARED_TRIGRAMS;
  }
}

function trigrams(words: readonly string[]): string[] {
  const runs: string[] = [];
  for (let i = 0; i + 2 < words.length; i++) {
    runs.push(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  }
  return runs;
}
