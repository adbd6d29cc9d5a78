/**
 * The facts the page-type classifier weighs, as types only: what a page
 * claims, how its text is laid out, and what its URL shows. Kept apart
 * from `page-type.ts` so that `rules.ts`, whose evidence table reads them,
 * and the classifier, which reads that table, do not import each other.
 */
import type { PageType } from '../../draft.ts';

/** What a page says about its own kind, in its metadata. */
export interface PageClaims {
  /** JSON-LD `@type`s of the page's objects. */
  readonly declaredTypes: readonly string[];
  /** `og:type`, lower case. */
  readonly ogType?: string | undefined;
  /** Whether the page names its author. */
  readonly hasByline: boolean;
  /** Whether the page gives its publication date. */
  readonly hasDate: boolean;
  /** The page's canonical URL, if it states one. */
  readonly url?: string | undefined;
}

/** How a page's text is laid out; characters are outside chrome. */
export interface PageLayout {
  /** Text characters of the page. */
  readonly chars: number;
  /** Of those, characters inside links. */
  readonly linkChars: number;
  /** Characters of prose paragraphs in the best-scoring container. */
  readonly storyChars: number;
  /** Prose paragraphs in the best-scoring container. */
  readonly storyParagraphs: number;
  /** Headings (`h2`–`h6`) in the best-scoring container. */
  readonly storyHeadings: number;
  /** Characters of repeated teasers (see `surveyPage`). */
  readonly teaserChars: number;
  /** Characters of the largest run of dated posts (see `surveyPage`). */
  readonly postChars: number;
  /** `<article>` elements. */
  readonly articleElements: number;
  /** Date stamps: `<time>` elements. */
  readonly dateStamps: number;
  /** Elements marked as prices by class or `itemprop`. */
  readonly prices: number;
  /** Characters of code (`pre`, `code`). */
  readonly codeChars: number;
}

/** The text sizes of an element that the survey reads. */
export interface TextSize {
  /** Text characters, chrome excluded. */
  readonly chars: number;
  /** Of those, characters inside links. */
  readonly linkChars: number;
  /** Characters of text directly inside, or inside inline children. */
  readonly inlineChars: number;
  /** Characters of the prose paragraphs inside (see `isProse`). */
  readonly proseChars: number;
  /** Prose paragraphs inside, the element itself included. */
  readonly proseParagraphs: number;
}

/**
 * Everything the classifier weighs: the claims, the layout, and what the
 * page's URL shows.
 */
export interface PageFacts extends PageClaims, PageLayout {
  /**
   * Words in the wordiest segment of the URL's path: a story's URL
   * carries its headline (`/2024/05/tides-turn-at-the-old-mill`), an index
   * or a service page a word or two (`/news`, `/pricing`). Undefined when
   * the page states no URL.
   */
  readonly slugWords: number | undefined;
  /** Whether the URL's path holds a date (`/2024/05/`, `/20240502/`). */
  readonly datedUrl: boolean;
  /** The kind of page its URL's folder holds (see `URL_SECTIONS`). */
  readonly urlSection: PageType | undefined;
}
