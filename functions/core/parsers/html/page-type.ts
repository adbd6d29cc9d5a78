/**
 * classifyPage: what kind of page this is, decided once, before its
 * content is chosen.
 *
 * Content search differs by page type. On an article the story alone is
 * the content, however much trending, more-news and related-story text
 * surrounds it; on a listing, product or forum page the content is many
 * short items, and the search widens to hold them. So the type is decided
 * first, from signals that hold across sites:
 * - what the page declares: JSON-LD `@type` (`NewsArticle`, `Product`,
 *   `DiscussionForumPosting`, `CollectionPage`…) and `og:type`; a
 *   declared type other than an article's decides;
 * - whether it names an author and a publication date;
 * - its URL: a date in the path, a headline as the last segment, or a
 *   folder of documentation, threads, services or an index;
 * - how its text is laid out ({@link surveyPage}): how much of it is
 *   prose in the best-scoring container (one dominant prose container is
 *   a story), whether one `<article>` holds it, how much is repeated
 *   teasers or dated posts, how many date stamps and prices it shows,
 *   how much code, how many headings per paragraph.
 * Each signal adds points for or against `article` (`ARTICLE_EVIDENCE` in
 * `rules.ts`); a page with enough points is an article. A page that is
 * not one gets the kind its layout names ({@link typeByLayout}).
 */
import type { PageType } from '../../draft.ts';
import type { HtmlElement } from './dom.ts';
import type {
  PageClaims,
  PageFacts,
  PageLayout,
  TextSize,
} from './page-facts.ts';
import {
  ARTICLE_EVIDENCE,
  ARTICLE_LD_TYPE,
  ARTICLE_POINTS,
  BLOCK_TAGS,
  DECLARED_PAGE_TYPES,
  HEADING_LEVELS,
  MIN_CODE_SHARE,
  MIN_COLLECTION_PRICES,
  MIN_ITEMS_SHARE,
  PRICE_CLASS,
  PROSE_PARAGRAPH_CHARS,
  SECTION_HEADING_TAGS,
  URL_DATE,
  URL_SECTIONS,
} from './rules.ts';

export type {
  PageClaims,
  PageFacts,
  PageLayout,
  TextSize,
} from './page-facts.ts';

/** A page without claims: nothing declared, no byline, no date. */
export const NO_CLAIMS: PageClaims = {
  declaredTypes: [],
  hasByline: false,
  hasDate: false,
};

/**
 * A prose paragraph has `PROSE_PARAGRAPH_CHARS` of text of its own (a
 * sentence or two), with little of it in links. List items and
 * definitions are not prose paragraphs: they are teasers, specifications
 * and menus as often, and headings are never paragraphs.
 */
const PROSE_MAX_LINK_DENSITY = 0.3;
const LIST_ITEM_TAGS: ReadonlySet<string> = new Set(['li', 'dd', 'dt']);
/**
 * A teaser is a card of a listing: a link (its title) and a line or two
 * of other text (an excerpt, a date, a price), in a run of at least
 * {@link MIN_TEASER_RUN} like siblings (same tag and class).
 */
const MIN_TEASER_CHARS = 20;
const MAX_TEASER_CHARS = 600;
const MIN_TEASER_LINK_CHARS = 10;
const MIN_TEASER_OTHER_CHARS = 10;
const MIN_TEASER_RUN = 4;
/** A page with less text than this is no service page, but `other`. */
const MIN_SERVICE_CHARS = 200;
/** Dated posts: a thread's replies, comments; three make a run. */
const MIN_POST_RUN = 3;
/**
 * Elements a teaser card or a post is made of. Not paragraphs: a run of
 * paragraphs with a link in each is prose.
 */
const ITEM_TAGS: ReadonlySet<string> = new Set([
  'div',
  'li',
  'article',
  'section',
  'tr',
  'dl',
  'figure',
  'a',
]);

/**
 * Whether a block is a prose paragraph: a sentence or two of text of its
 * own (outside its block children), little of it in links.
 *
 * @param tag - the element's tag
 * @param chars - its text characters, chrome excluded
 * @param linkChars - of those, the characters inside links
 * @param inlineChars - the characters of its own text
 */
export function isProse(
  tag: string,
  chars: number,
  linkChars: number,
  inlineChars: number
): boolean {
  return (
    inlineChars >= PROSE_PARAGRAPH_CHARS &&
    linkChars < chars * PROSE_MAX_LINK_DENSITY &&
    BLOCK_TAGS.has(tag) &&
    !LIST_ITEM_TAGS.has(tag) &&
    !HEADING_LEVELS.has(tag)
  );
}

/**
 * Measures the layout of the page under `body`, whose content search
 * picked `roots` as its best container (with its siblings).
 *
 * Two kinds of repeated items are told apart, each a run of like siblings
 * (same tag and class):
 * - teasers: cards of a listing, a link (the title) and a line or two of
 *   other text (an excerpt, a date, a price), at least
 *   {@link MIN_TEASER_RUN} in a run;
 * - dated posts: blocks that each hold prose and a date stamp, at least
 *   {@link MIN_POST_RUN} in a run: the posts of a forum thread, or the
 *   comments under a story.
 *
 * @param sizes - text sizes of every non-chrome element; elements
 *   missing from it are chrome, and so is everything inside them
 */
export function surveyPage(
  body: HtmlElement,
  roots: readonly HtmlElement[],
  sizes: ReadonlyMap<HtmlElement, TextSize>
): PageLayout {
  const inRoots = new Set(roots);
  const found = {
    storyHeadings: 0,
    teaserChars: 0,
    postChars: 0,
    articleElements: 0,
    dateStamps: 0,
    prices: 0,
    codeChars: 0,
  };
  // Returns the date stamps inside `element`, which its parent needs to
  // tell dated posts among its children.
  const visit = (
    element: HtmlElement,
    inCode: boolean,
    inStory: boolean
  ): number => {
    const size = sizes.get(element);
    if (!size) return 0;
    const { tag } = element;
    const story = inStory || inRoots.has(element);
    if (story && SECTION_HEADING_TAGS.has(tag)) found.storyHeadings++;
    const code = tag === 'pre' || tag === 'code';
    if (code && !inCode) found.codeChars += size.chars;
    if (isPrice(element)) found.prices++;
    let dates = tag === 'time' ? 1 : 0;
    let runs: Runs | undefined;
    for (const child of element.children) {
      if (typeof child === 'string') continue;
      const childDates = visit(child, inCode || code, story);
      dates += childDates;
      const childSize = sizes.get(child);
      if (!childSize || !ITEM_TAGS.has(child.tag)) continue;
      const teaser = isTeaser(childSize);
      const post = childDates > 0 && childSize.proseParagraphs > 0;
      if (teaser || post) {
        runs ??= new Runs();
        runs.add(child, childSize.chars, teaser, post);
      }
    }
    if (runs) {
      found.teaserChars += runs.teaserChars();
      found.postChars = Math.max(found.postChars, runs.largestPostRunChars());
    }
    found.dateStamps += tag === 'time' ? 1 : 0;
    found.articleElements += tag === 'article' ? 1 : 0;
    return dates;
  };
  visit(body, false, false);
  const page = sizes.get(body);
  const sum = (key: 'proseChars' | 'proseParagraphs') =>
    roots.reduce((total, root) => total + (sizes.get(root)?.[key] ?? 0), 0);
  return {
    chars: page?.chars ?? 0,
    linkChars: page?.linkChars ?? 0,
    storyChars: sum('proseChars'),
    storyParagraphs: sum('proseParagraphs'),
    ...found,
  };
}

/**
 * The runs of like siblings among one element's children, keyed by tag
 * and class: teasers and dated posts (see {@link surveyPage}).
 */
class Runs {
  private readonly teasers = new Map<string, number[]>();
  private readonly posts = new Map<string, number[]>();

  /** Adds a child of `chars` characters, a teaser, a post or both. */
  public add(
    child: HtmlElement,
    chars: number,
    teaser: boolean,
    post: boolean
  ): void {
    const key = `${child.tag} ${child.attrs.class ?? ''}`;
    if (teaser) pushTo(this.teasers, key, chars);
    if (post) pushTo(this.posts, key, chars);
  }

  /** Characters of the teaser runs of {@link MIN_TEASER_RUN} or more. */
  public teaserChars(): number {
    return runChars(this.teasers, MIN_TEASER_RUN);
  }

  /** Characters of the largest post run of {@link MIN_POST_RUN} or more. */
  public largestPostRunChars(): number {
    let largest = 0;
    for (const run of this.posts.values()) {
      if (run.length < MIN_POST_RUN) continue;
      largest = Math.max(
        largest,
        run.reduce((a, b) => a + b, 0)
      );
    }
    return largest;
  }
}

function pushTo(runs: Map<string, number[]>, key: string, chars: number): void {
  const run = runs.get(key);
  if (run) run.push(chars);
  else runs.set(key, [chars]);
}

/** Characters of the runs of at least `least` items. */
function runChars(runs: Map<string, number[]>, least: number): number {
  let chars = 0;
  for (const run of runs.values()) {
    if (run.length >= least) for (const n of run) chars += n;
  }
  return chars;
}

/** Whether an element is marked as a price. */
function isPrice(element: HtmlElement): boolean {
  const { class: names, itemprop } = element.attrs;
  return (
    (names !== undefined && PRICE_CLASS.test(names)) ||
    (itemprop !== undefined && PRICE_CLASS.test(itemprop))
  );
}

/** Whether an element's text is the size and make of a teaser card. */
function isTeaser(size: TextSize): boolean {
  return (
    size.chars >= MIN_TEASER_CHARS &&
    size.chars <= MAX_TEASER_CHARS &&
    size.linkChars >= MIN_TEASER_LINK_CHARS &&
    size.chars - size.linkChars >= MIN_TEASER_OTHER_CHARS
  );
}

/**
 * Decides the page type from what the page claims and how it is laid out.
 *
 * @example
 * ```ts
 * classifyPage(
 *   { declaredTypes: ['NewsArticle'], hasByline: true, hasDate: true },
 *   surveyPage(body, roots, sizes)
 * ); // 'article', unless its layout is a forum's or a listing's
 * ```
 */
export function classifyPage(claims: PageClaims, layout: PageLayout): PageType {
  const declared = declaredType(claims);
  if (declared) return declared;
  const path = urlPath(claims.url);
  const facts: PageFacts = {
    ...claims,
    ...layout,
    slugWords: path === undefined ? undefined : slugWords(path),
    datedUrl: path !== undefined && URL_DATE.test(path),
    urlSection: path === undefined ? undefined : urlSection(path),
  };
  const points = ARTICLE_EVIDENCE.reduce(
    (sum, evidence) => (evidence.holds(facts) ? sum + evidence.points : sum),
    0
  );
  if (points >= ARTICLE_POINTS) return 'article';
  return typeByLayout(layout, facts.urlSection);
}

/**
 * The type a page declares that is not an article's (a product, a forum
 * thread), unless it also declares an article: a review of a product is
 * an article about it, and the layout decides.
 */
function declaredType(claims: PageClaims): PageType | undefined {
  const { declaredTypes, ogType } = claims;
  if (declaredTypes.some((t) => ARTICLE_LD_TYPE.test(t))) return undefined;
  for (const [pattern, type] of DECLARED_PAGE_TYPES) {
    if (declaredTypes.some((t) => pattern.test(t))) return type;
    if (ogType !== undefined && pattern.test(ogType)) return type;
  }
  return undefined;
}

/** A URL's path, decoded; undefined for no URL or a broken one. */
function urlPath(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
}

/** Words in the wordiest segment of a URL's path (see {@link PageFacts}). */
function slugWords(path: string): number {
  let most = 0;
  for (const segment of path.split('/')) {
    const words = segment
      .replace(FILE_EXTENSION, '')
      .split(SLUG_SEPARATOR)
      .filter((word) => SLUG_WORD.test(word)).length;
    most = Math.max(most, words);
  }
  return most;
}

/** The kind of page a path's folders hold, by `URL_SECTIONS`. */
function urlSection(path: string): PageType | undefined {
  const segments = path.split('/').filter(Boolean);
  // The last segment names the page itself, unless the path ends in `/`.
  const folders = path.endsWith('/') ? segments : segments.slice(0, -1);
  for (const [pattern, type] of URL_SECTIONS) {
    if (folders.some((folder) => pattern.test(folder))) return type;
  }
  return undefined;
}

const FILE_EXTENSION = /\.\w{1,5}$/;
const SLUG_SEPARATOR = /[-_+]/;
/** A word of a slug: letters only (`2024`, `p123` are ids, not words). */
const SLUG_WORD = /^\p{L}+$/u;

/**
 * The kind of a page that is not an article, by its layout: posts make a
 * forum, code documentation, teasers a listing (a collection when they
 * show prices), a price a product; a page of prose that is none of these
 * (a company's offer, a landing page) is a service page.
 */
export function typeByLayout(layout: PageLayout, section?: PageType): PageType {
  const { chars } = layout;
  if (chars < MIN_SERVICE_CHARS) return 'other';
  if (layout.postChars >= chars * MIN_ITEMS_SHARE) return 'forum';
  if (layout.codeChars >= chars * MIN_CODE_SHARE) return 'documentation';
  if (layout.teaserChars >= chars * MIN_ITEMS_SHARE) {
    return layout.prices >= MIN_COLLECTION_PRICES ? 'collection' : 'listing';
  }
  if (layout.prices > 0) return 'product';
  return section ?? 'service';
}
