/**
 * findMainContent: which parts of a page are its main content.
 *
 * A scoring pass in the spirit of Readability (RD `_grabArticle`), on our
 * own tree and without mutating it:
 * 1. measure: text and link-text length of every element, bottom-up;
 * 2. leave out chrome (see `chrome.ts`): navigation, hidden elements,
 *    share/comment/newsletter/cookie/ad blocks, related-content modules;
 * 3. score: every paragraph of at least {@link MIN_PARAGRAPH_CHARS} gives
 *    points for its length and commas to its ancestors, less the further
 *    up; a container's score is then scaled by its share of non-link text;
 * 4. classify: the page type, from what the page declares and how its
 *    text is laid out around the best container (see `page-type.ts`);
 * 5. choose: the best container, moved up to the ancestor it shares with
 *    other strong candidates, plus its siblings that score well or read as
 *    prose. On an article, that is the story, lifted only as far as the
 *    page's prose reaches; on other pages, whose content is many short
 *    items, it is widened to the ancestor that holds most of the text.
 *    The result is a list of roots in document order, and the set of
 *    elements inside them to leave out (chrome, link-dense lists).
 * Why scoring rather than `<article>`/`<main>` alone: a third of real pages
 * have neither, and many wrap the whole page, sidebar included, in one.
 */

import type { PageType } from '../../draft.ts';
import { countWords } from '../../text.ts';
import { chromeTest, classAndId, markupChromeTest } from './chrome.ts';
import { type HtmlElement, type HtmlNode, textOf } from './dom.ts';
import {
  classifyPage,
  isProse,
  NO_CLAIMS,
  type PageClaims,
  type PageLayout,
  surveyPage,
  type TextSize,
  typeByLayout,
} from './page-type.ts';
import {
  BLOCK_TAGS,
  CLASS_WEIGHT,
  HEADING_LEVELS,
  NEGATIVE_CLASS,
  PARAGRAPH_TAGS,
  POSITIVE_CLASS,
  STORY_FURNITURE_CLASS,
  STORY_REGION_CLASS,
  TAG_SCORES,
  WEAK_NEGATIVE_CLASS,
} from './rules.ts';

/** Shorter text does not count as a paragraph (Readability's 25). */
const MIN_PARAGRAPH_CHARS = 25;
/** Most points one paragraph earns for its commas. */
const MAX_COMMA_POINTS = 20;
/**
 * Ancestors a paragraph's score reaches. One more than Readability's five:
 * page builders nest a section's text a level deeper than hand-written
 * templates (section > container > row > column > widget > text), and
 * the extra level lets the sections of such a page meet in one candidate.
 */
const SCORE_ANCESTORS = 6;
/** Points per 100 characters of a paragraph, up to this many. */
const MAX_LENGTH_POINTS = 3;
/**
 * Other candidates this close to the top one may lift it to a shared
 * ancestor. Readability uses 0.75; at 0.6 an article split into sections
 * of uneven length (a long section and two shorter ones) is read whole:
 * on the WCXB development pages this raised F1 on every page type except
 * articles, which it left as they were.
 */
const ALTERNATIVE_SCORE_SHARE = 0.6;
const MIN_ALTERNATIVES = 3;
const TOP_CANDIDATES = 5;
/**
 * Link-dense blocks holding more than this share of the content are the
 * content: a listing's items are links, and dropping a third of a page
 * for its links more often cuts a product grid than a menu.
 */
const MAX_DENSITY_LOSS = 0.35;
/** Content with less text than this falls back to the whole body. */
const MIN_CONTENT_CHARS = 250;
/**
 * Content with less text than this (about twenty words, the least an
 * article may have) is searched for again with markup chrome only.
 */
const MIN_RETRY_CHARS = 100;
/**
 * On a page that is not an article, content roots must hold this share of
 * the page's non-chrome text; on an article, this share of its prose.
 */
const MIN_CONTENT_SHARE = 0.5;
/** Prose characters a story keeps beside its comments, sidebar or footer. */
const MIN_STORY_BESIDE_REGION = 500;
/** Siblings scoring this share of the top candidate join it. */
const SIBLING_SCORE_SHARE = 0.2;
const MIN_SIBLING_SCORE = 10;
/** A sibling with the top candidate's class gets this share of its score. */
const SAME_CLASS_BONUS = 0.2;
/** A sibling paragraph this long with little link text joins too. */
const SIBLING_PROSE_CHARS = 80;
const SIBLING_MAX_LINK_DENSITY = 0.25;
/** Inside the content, blocks with more link text than this are menus. */
const MAX_LINK_DENSITY = 0.5;
/**
 * …and with this much, when short and not marked as content. Short is a
 * line or two: a 150-character sentence with two links in it is prose.
 */
const MAX_SHORT_LINK_DENSITY = 0.3;
const SHORT_BLOCK_CHARS = 100;
/**
 * Text outside links, in characters, that makes a linked paragraph a
 * sentence of the page's own (about four words: "For more information,
 * see"). Measured on the WCXB development pages: 20 kept more of the
 * documentation and service pages' text than 30, and lost none.
 */
const MIN_SENTENCE_OWN_CHARS = 20;
/** A link-dense paragraph this long that ends like a sentence is prose… */
const LINKED_SENTENCE_WORDS = 8;
/** …when this many of its words are outside its links. */
const LINKED_SENTENCE_OWN_WORDS = 5;
/** Many commas mark prose, which is kept whatever its links. */
const PROSE_COMMAS = 10;
/** Containers checked for link density inside the content. */
const CONDITIONAL_TAGS: ReadonlySet<string> = new Set([
  'div',
  'section',
  'ul',
  'ol',
  'dl',
  'table',
  'form',
  'header',
  'p',
]);
const COMMA = /[,，、]/g;
const SENTENCE_END = /[.!?…]["'”’»)]*\s*$/;

/** Per-element measurements: the text sizes, and commas. */
interface Stats extends TextSize {
  readonly commas: number;
}

/** What {@link findMainContent} decided. */
export interface MainContent {
  /** The content's top elements, in document order. */
  readonly roots: readonly HtmlElement[];
  /** Elements inside the roots to leave out. */
  readonly excluded: ReadonlySet<HtmlElement>;
  /** The kind of page, which decided how the content was chosen. */
  readonly pageType: PageType;
  /** The page's chrome: the outermost elements that are never content. */
  readonly chrome: ReadonlySet<HtmlElement>;
}

/**
 * Which link-dense blocks inside the content to leave out, besides chrome:
 * - `all`: every one (an article's menus and "more stories" modules);
 * - `none`: none (a listing, whose items are links by nature);
 * - `unless-most`: all, unless they hold more than {@link MAX_DENSITY_LOSS}
 *   of the content's text, which is then a listing's.
 */
type DensityRule = 'all' | 'none' | 'unless-most';

/**
 * Finds the main content of a page.
 *
 * Chrome signals can be wrong all at once: a store files its whole
 * catalogue under `related-products`, a lock screen script hides the page
 * in a `display:none` wrapper until it runs. When the search leaves
 * almost no text, it runs again with only the chrome that markup states
 * (`nav`, `footer`, form controls) and keeps whichever found more: a page
 * with text but no content is the rarer case.
 *
 * The page type is decided in the first search, and kept for the second.
 *
 * @param body - the element to search, usually `<body>`
 * @param claims - what the page's metadata says about its kind
 * @param popups - ids of the pop-ups the page's controls open, which are
 *   chrome (`HtmlDocument.popups`)
 */
export function findMainContent(
  body: HtmlElement,
  claims: PageClaims = NO_CLAIMS,
  popups?: ReadonlySet<string>
): MainContent {
  const isChrome = chromeTest(body, popups);
  const found = searchContent(body, isChrome, claims);
  const kept = keptChars(found.roots, found.excluded);
  if (kept >= MIN_RETRY_CHARS) return found;
  const relaxed = searchContent(body, markupChromeTest, found.pageType);
  const relaxedKept = keptChars(relaxed.roots, relaxed.excluded);
  const best = relaxedKept > kept ? relaxed : found;
  if (best.pageType !== 'article' || relaxedKept >= MIN_RETRY_CHARS) {
    return best;
  }
  // No story after all (not an article's twenty words): a page of lists
  // and links whose URL or metadata looked like an article's. It is read
  // as the page its layout shows.
  return searchContent(body, isChrome, typeByLayout(found.layout));
}

/** A search's content, and the layout it measured. */
interface Search extends MainContent {
  readonly layout: PageLayout;
}

/**
 * The content of `body` with `isChrome` as the chrome test, for a page of
 * the type given, or of the type its claims and layout make it.
 */
function searchContent(
  body: HtmlElement,
  isChrome: (element: HtmlElement) => boolean,
  typeOrClaims: PageType | PageClaims
): Search {
  const chrome = new Set<HtmlElement>();
  const stats = new Map<HtmlElement, Stats>();
  const scores = new Map<HtmlElement, number>();
  measure(body, false, { isChrome, chrome, stats, scores });

  const top = chooseTop(body, scores, stats);
  const chosen = top ? withSiblings(top, scores, stats) : [body];
  const layout = surveyPage(body, chosen, stats);
  const pageType =
    typeof typeOrClaims === 'string'
      ? typeOrClaims
      : classifyPage(typeOrClaims, layout);
  if (pageType === 'article') {
    // The story alone is the content: lifted only as far as the page's
    // prose reaches, never to the whole body, and without the link-dense
    // modules inside it.
    const story = top
      ? (storyInBlocks(body, top, scores, stats) ?? chosen)
      : chosen;
    const roots = top
      ? withLead(body, liftToProse(body, story, stats), chrome, stats)
      : chosen;
    const excluded = exclusions(roots, chrome, stats, 'all');
    return { roots, excluded, pageType, layout, chrome };
  }
  const widened = top ? widen(body, chosen, stats) : chosen;
  // The lead joins widened content too (a service page's intro under its
  // <h1>); whether the content was widened decides the density rule.
  const roots = top ? withLead(body, widened, chrome, stats) : chosen;
  const excluded = exclusions(
    roots,
    chrome,
    stats,
    widened === chosen ? 'unless-most' : 'none'
  );
  // Too little left (a page of short blocks that no paragraph scored for):
  // the whole body without its chrome beats a fragment.
  if (keptChars(roots, excluded) < MIN_CONTENT_CHARS) {
    return {
      roots: [body],
      excluded: exclusions([body], chrome, stats, 'none'),
      pageType,
      layout,
      chrome,
    };
  }
  return { roots, excluded, pageType, layout, chrome };
}

/** Text characters in `roots` outside the excluded elements. */
function keptChars(
  roots: readonly HtmlElement[],
  excluded: ReadonlySet<HtmlElement>
): number {
  let kept = 0;
  const visit = (element: HtmlElement): void => {
    if (excluded.has(element)) return;
    for (const child of element.children) {
      if (typeof child === 'string') kept += child.trim().length;
      else visit(child);
    }
  };
  for (const root of roots) visit(root);
  return kept;
}

/**
 * What to leave out of the roots: chrome always; link-dense blocks as
 * `rule` says.
 *
 * Widened content is a listing, and so is content that link-dense blocks
 * would empty by more than a third: a listing's items are links by nature
 * (product cards, post titles, an index), while an article's link-dense
 * blocks are menus and "more stories" modules around its prose.
 */
function exclusions(
  roots: readonly HtmlElement[],
  chrome: ReadonlySet<HtmlElement>,
  stats: ReadonlyMap<HtmlElement, Stats>,
  rule: DensityRule
): Set<HtmlElement> {
  const chromeOnly = new Set<HtmlElement>();
  for (const root of roots) excludedIn(root, chrome, undefined, chromeOnly);
  if (rule === 'none') return chromeOnly;
  const withDensity = new Set<HtmlElement>();
  // The story is all the roots: a furniture block that holds most of one
  // root (an author box in a wrapper that joined the story) is still
  // furniture.
  const storyProse = roots.reduce(
    (sum, r) => sum + (stats.get(r)?.proseChars ?? 0),
    0
  );
  for (const root of roots) {
    excludedIn(root, chrome, stats, withDensity, rule === 'all', storyProse);
  }
  if (rule === 'all') return withDensity;
  const total = roots.reduce((sum, r) => sum + (stats.get(r)?.chars ?? 0), 0);
  let dropped = 0;
  for (const element of withDensity) {
    if (!chromeOnly.has(element)) dropped += stats.get(element)?.chars ?? 0;
  }
  return dropped > total * MAX_DENSITY_LOSS ? chromeOnly : withDensity;
}

/**
 * Roots holding too little of the page's text, lifted to the ancestor
 * that holds enough.
 *
 * Why: paragraph scoring finds prose. Listing, product and forum pages
 * split their main content into many short items (a product card, a post,
 * a list entry); scoring then crowns one item and loses the rest. When the
 * chosen roots hold under {@link MIN_CONTENT_SHARE} of the page's
 * non-chrome text, the content is the smallest ancestor that holds that
 * much.
 */
function widen(
  body: HtmlElement,
  roots: HtmlElement[],
  stats: ReadonlyMap<HtmlElement, Stats>
): HtmlElement[] {
  const held = (element: HtmlElement) => stats.get(element)?.chars ?? 0;
  return liftUntil(body, roots, held, held(body) * MIN_CONTENT_SHARE);
}

/**
 * An article's roots, lifted to the ancestor that holds most of its prose.
 *
 * Why: a story split in parts (around an ad, a pull quote, a lead image)
 * or in sections can lose the contest to a part of itself, or to a list
 * of references with many commas. The story is where the page's prose is:
 * when the roots hold under {@link MIN_CONTENT_SHARE} of it, the content
 * is the smallest ancestor that holds that much. Teaser modules beside
 * the story are short lines and links, not prose, so they never pull the
 * content up to them (as widening by text would).
 */
function liftToProse(
  body: HtmlElement,
  roots: HtmlElement[],
  stats: ReadonlyMap<HtmlElement, Stats>
): HtmlElement[] {
  const held = (element: HtmlElement) => stats.get(element)?.proseChars ?? 0;
  return liftUntil(body, roots, held, held(body) * MIN_CONTENT_SHARE);
}

/**
 * `roots` if together they hold `enough` (as `held` measures), else the
 * first root's smallest ancestor below `body`'s parent that does.
 */
function liftUntil(
  body: HtmlElement,
  roots: HtmlElement[],
  held: (element: HtmlElement) => number,
  enough: number
): HtmlElement[] {
  const first = roots[0];
  const together = roots.reduce((sum, r) => sum + held(r), 0);
  if (!first || together >= enough) return roots;
  let top = first;
  while (top.parent && top !== body && held(top) < enough) top = top.parent;
  return [top];
}

/** Most paragraphs a story's lead may have. */
const MAX_LEAD_PARAGRAPHS = 3;
/**
 * Shortest lead paragraph, in characters: two sentences or so. A single
 * line under the headline is a dek, which the page's labels (and WCXB's)
 * keep apart from the story, and which markup makes the standfirst when
 * it is marked as one. Measured: 150 took more deks than leads (WCXB
 * article pages fell), 200 to 250 gave the same figures on both corpora.
 */
const MIN_LEAD_CHARS = 200;
/** Most link text a lead paragraph may hold, as a share of its text. */
const MAX_LEAD_LINK_DENSITY = 0.1;
/**
 * Blocks shorter than this between the headline and the story (a byline,
 * a date, a reading time, a label) are passed over, up to this many.
 */
const LEAD_SKIP_CHARS = 100;
const MAX_LEAD_SKIPS = 6;

/**
 * The content's roots, with the lead printed between the page's headline
 * and them.
 *
 * Why: templates print a story's first paragraphs (the intro, a
 * `leader`, a hero text, a lead in bold) in a box of their own between
 * the `<h1>` and the body, and the body alone wins the scoring; a
 * service or product page prints its intro so above the widened content.
 * Text that stands between the headline and the story's body is the
 * story's, when it reads as prose: a paragraph ending like a sentence,
 * with almost no links. A lead the roots print again (a post shown above
 * the thread that opens with it) is not added. The walk goes back from the story in document order over text
 * blocks outside the chrome and figures, past short lines (bylines,
 * dates), and keeps the leads only if it reaches the `<h1>`: without a
 * headline above, prose before the story may be anything (a teaser, a
 * sidebar's text). A long block that is not prose ends the walk.
 */
function withLead(
  body: HtmlElement,
  roots: HtmlElement[],
  chrome: ReadonlySet<HtmlElement>,
  stats: ReadonlyMap<HtmlElement, Stats>
): HtmlElement[] {
  const first = roots[0];
  if (!first) return roots;
  const before = textBlocksBefore(body, first, chrome, stats);
  const leads: HtmlElement[] = [];
  let skips = 0;
  for (let i = before.length - 1; i >= 0; i--) {
    const block = before[i] as HtmlElement;
    if (block.tag === 'h1') {
      const fresh = withoutRepeats(leads, roots);
      return fresh.length > 0 ? [...fresh, ...roots] : roots;
    }
    const s = stats.get(block) ?? NO_STATS;
    // Furniture (an author's bio under the byline, a disclaimer) is no
    // lead, and no sign that the walk has left the story either.
    const furniture = inFurniture(block, first);
    if (!furniture && leads.length < MAX_LEAD_PARAGRAPHS && isLead(block, s)) {
      // A block around leads already taken holds them: keep it instead.
      while (leads[0] && contains(block, leads[0])) leads.shift();
      leads.unshift(block);
      continue;
    }
    if (++skips > MAX_LEAD_SKIPS) break;
    if (!furniture && s.inlineChars >= LEAD_SKIP_CHARS) break;
  }
  return roots;
}

/**
 * The leads whose text the roots do not print again: a page that shows a
 * post above its thread, and the thread that opens with the same post,
 * has no lead to add.
 */
function withoutRepeats(
  leads: readonly HtmlElement[],
  roots: readonly HtmlElement[]
): HtmlElement[] {
  if (leads.length === 0) return [];
  const held = roots.map((r) => squeeze(textOf(r))).join(' ');
  return leads.filter((lead) => !held.includes(squeeze(textOf(lead))));
}

/** Text with its runs of white space as one space, trimmed. */
function squeeze(text: string): string {
  return text.replace(WHITE_SPACE, ' ').trim();
}
const WHITE_SPACE = /\s+/g;

/**
 * Whether a text block before the story reads as its lead paragraph:
 * prose, ending like a sentence, with almost no links.
 */
function isLead(block: HtmlElement, s: Stats): boolean {
  return (
    !HEADING_LEVELS.has(block.tag) &&
    s.inlineChars >= MIN_LEAD_CHARS &&
    linkDensity(s) <= MAX_LEAD_LINK_DENSITY &&
    SENTENCE_END.test(textEnd(block))
  );
}

/**
 * Whether a block before the story is in a block whose class says
 * furniture (strongly or weakly: `author-box`, `bio`, `disclaimer`),
 * below the container it shares with the story.
 */
function inFurniture(block: HtmlElement, story: HtmlElement): boolean {
  for (let e: HtmlElement | undefined = block; e; e = e.parent) {
    if (contains(e, story)) return false;
    if (isFurnitureClassed(e) || WEAK_NEGATIVE_CLASS.test(classAndId(e))) {
      return true;
    }
  }
  return false;
}

/**
 * The blocks with text of their own (and the `<h1>`s, chrome or not)
 * before `stop` in document order, outside chrome and figures, and not
 * around `stop`.
 */
function textBlocksBefore(
  body: HtmlElement,
  stop: HtmlElement,
  chrome: ReadonlySet<HtmlElement>,
  stats: ReadonlyMap<HtmlElement, Stats>
): HtmlElement[] {
  const out: HtmlElement[] = [];
  const around = new Set<HtmlElement>();
  for (let e = stop.parent; e; e = e.parent) around.add(e);
  let done = false;
  const visit = (element: HtmlElement, inChrome: boolean): void => {
    for (const child of element.children) {
      if (done) return;
      if (typeof child === 'string') continue;
      if (child === stop) {
        done = true;
        return;
      }
      const hidden = inChrome || chrome.has(child) || child.tag === 'figure';
      if (child.tag === 'h1') out.push(child);
      else if (
        !hidden &&
        BLOCK_TAGS.has(child.tag) &&
        (stats.get(child)?.inlineChars ?? 0) > 0 &&
        !around.has(child)
      ) {
        out.push(child);
      }
      if (!PARAGRAPH_LEAVES.has(child.tag)) visit(child, hidden);
    }
  };
  visit(body, false);
  // `stop` is `body` itself, or not under it: nothing is before it.
  return done ? out : [];
}

/** Blocks whose inside is never another text block. */
const PARAGRAPH_LEAVES: ReadonlySet<string> = new Set([
  'p',
  ...HEADING_LEVELS.keys(),
]);

interface MeasureState {
  readonly isChrome: (element: HtmlElement) => boolean;
  readonly chrome: Set<HtmlElement>;
  readonly stats: Map<HtmlElement, Stats>;
  readonly scores: Map<HtmlElement, number>;
}

const NO_STATS: Stats = {
  chars: 0,
  linkChars: 0,
  commas: 0,
  inlineChars: 0,
  proseChars: 0,
  proseParagraphs: 0,
};

/**
 * Bottom-up measurement of the non-chrome text, and paragraph scoring.
 * Depth is bounded by the tree builder, so recursion is safe.
 */
function measure(
  element: HtmlElement,
  inLink: boolean,
  state: MeasureState
): Stats {
  if (state.isChrome(element)) {
    state.chrome.add(element);
    return NO_STATS;
  }
  const link = inLink || element.tag === 'a';
  let chars = 0;
  let linkChars = 0;
  let commas = 0;
  let inlineChars = 0;
  // Prose inside block children, and inside inline ones (a <div> in a
  // <span>), which the element's own text holds when it is prose itself.
  let proseChars = 0;
  let proseParagraphs = 0;
  let inlineProseChars = 0;
  let inlineProseParagraphs = 0;
  for (const child of element.children) {
    if (typeof child === 'string') {
      const length = child.trim().length;
      if (length === 0) continue;
      chars += length;
      inlineChars += length;
      if (link) linkChars += length;
      commas += countCommas(child);
      continue;
    }
    const s = measure(child, link, state);
    chars += s.chars;
    linkChars += s.linkChars;
    commas += s.commas;
    if (BLOCK_TAGS.has(child.tag)) {
      proseChars += s.proseChars;
      proseParagraphs += s.proseParagraphs;
    } else {
      inlineChars += s.chars;
      inlineProseChars += s.proseChars;
      inlineProseParagraphs += s.proseParagraphs;
    }
  }
  if (isProse(element.tag, chars, linkChars, inlineChars)) {
    proseChars += inlineChars;
    proseParagraphs++;
  } else {
    proseChars += inlineProseChars;
    proseParagraphs += inlineProseParagraphs;
  }
  const stats: Stats = {
    chars,
    linkChars,
    commas,
    inlineChars,
    proseChars,
    proseParagraphs,
  };
  state.stats.set(element, stats);
  if (isParagraph(element, stats)) scoreParagraph(element, stats, state);
  return stats;
}

/** Commas, including CJK ones, without allocating a match array. */
function countCommas(text: string): number {
  COMMA.lastIndex = 0;
  let n = 0;
  while (COMMA.test(text)) n++;
  return n;
}

/** Paragraph tags, and containers with prose directly inside them. */
function isParagraph(element: HtmlElement, stats: Stats): boolean {
  if (stats.chars < MIN_PARAGRAPH_CHARS) return false;
  if (PARAGRAPH_TAGS.has(element.tag)) return true;
  return (
    BLOCK_TAGS.has(element.tag) &&
    !NOT_PARAGRAPHS.has(element.tag) &&
    stats.inlineChars >= MIN_PARAGRAPH_CHARS
  );
}

/**
 * Blocks whose own text is not a paragraph: headings and lists score as
 * parts of an article (RD scores neither), and the page roots as nothing.
 */
const NOT_PARAGRAPHS: ReadonlySet<string> = new Set([
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'body',
  'html',
]);

/** Gives a paragraph's points to its ancestors (RD `_grabArticle`). */
function scoreParagraph(
  element: HtmlElement,
  stats: Stats,
  state: MeasureState
): void {
  // Count only the paragraph's own prose: a container of paragraphs
  // scores through them, not again for their text.
  const ownChars = PARAGRAPH_TAGS.has(element.tag)
    ? stats.chars
    : stats.inlineChars;
  // Commas mark sentences, the surest sign of prose; length counts too,
  // but capped, so that one long boilerplate block cannot win alone.
  const points =
    1 +
    Math.min(stats.commas, MAX_COMMA_POINTS) +
    Math.min(Math.floor(ownChars / 100), MAX_LENGTH_POINTS);
  let ancestor = element.parent;
  for (let level = 0; ancestor && level < SCORE_ANCESTORS; level++) {
    if (ancestor.tag === '#root') break;
    // The parent gets it all, the grandparent half, then a third per level:
    // the article's own container should beat the page wrapper around it.
    const divider = level === 0 ? 1 : level === 1 ? 2 : level * 3;
    const previous = state.scores.get(ancestor) ?? initialScore(ancestor);
    state.scores.set(ancestor, previous + points / divider);
    ancestor = ancestor.parent;
  }
}

/** A candidate's starting score: its tag, then its class and id. */
function initialScore(element: HtmlElement): number {
  return (TAG_SCORES.get(element.tag) ?? 0) + classWeight(element);
}

/** +25 for a content class or id, −25 for a chrome one (RD `_getClassWeight`). */
function classWeight(element: HtmlElement): number {
  const names = classAndId(element);
  if (!names) return 0;
  let weight = 0;
  if (POSITIVE_CLASS.test(names)) weight += CLASS_WEIGHT;
  if (NEGATIVE_CLASS.test(names)) weight -= CLASS_WEIGHT;
  return weight;
}

/**
 * Whether a class or id names furniture, whatever else it names. In a
 * story, `related-content`, `author-box content-box` and `comments-body`
 * are the module the furniture word says; the content word only says the
 * block holds text. (Scoring weighs both words, and the chrome test lets
 * the content word win: on other pages such blocks are product grids.)
 * Measured: trafilatura's set 0.9243 → 0.9255, WCXB all +0.0001.
 * A disclaimer is furniture in a story only (`STORY_FURNITURE_CLASS`).
 */
function isFurnitureClassed(element: HtmlElement): boolean {
  const names = classAndId(element);
  return (
    names !== '' &&
    (NEGATIVE_CLASS.test(names) || STORY_FURNITURE_CLASS.test(names))
  );
}

/**
 * Whether a link-dense paragraph is prose with links in it, kept whatever
 * its link density: a `<p>` that ends like a sentence and has words of its
 * own around its links.
 *
 * - On every page, one of at least {@link LINKED_SENTENCE_WORDS} words with
 *   at least {@link LINKED_SENTENCE_OWN_WORDS} of them outside its links
 *   ("One of the questions listeners ask most: what does the professor
 *   say?", with the question linked). A menu, a "Read also: <headline>"
 *   line or a bare link has fewer words of its own.
 * - Off a story, already {@link MIN_SENTENCE_OWN_CHARS} characters outside
 *   links ("For more information, see Storage pricing."): a menu is links
 *   alone. In a story such a line is as often a "Read more: …" teaser, and
 *   the looser rule cost precision there.
 */
function isProseWithLinks(
  element: HtmlElement,
  stats: Stats,
  story: boolean
): boolean {
  if (element.tag !== 'p' || !SENTENCE_END.test(textEnd(element))) {
    return false;
  }
  if (!story && stats.chars - stats.linkChars >= MIN_SENTENCE_OWN_CHARS) {
    return true;
  }
  const words = { all: 0, own: 0 };
  countWordsIn(element, false, words);
  return (
    words.all >= LINKED_SENTENCE_WORDS && words.own >= LINKED_SENTENCE_OWN_WORDS
  );
}

/** Adds the words under `element` to `words.all`, and those outside links to `words.own`. */
function countWordsIn(
  element: HtmlElement,
  inLink: boolean,
  words: { all: number; own: number }
): void {
  const link = inLink || element.tag === 'a';
  for (const child of element.children) {
    if (typeof child !== 'string') {
      countWordsIn(child, link, words);
      continue;
    }
    const n = countWords(child);
    words.all += n;
    if (!link) words.own += n;
  }
}

/** Share of an element's text inside links: menus near 1, prose near 0. */
function linkDensity(stats: Stats | undefined): number {
  return stats && stats.chars > 0 ? stats.linkChars / stats.chars : 0;
}

/** The final score: points, scaled by the share of non-link text. */
function finalScore(
  element: HtmlElement,
  scores: ReadonlyMap<HtmlElement, number>,
  stats: ReadonlyMap<HtmlElement, Stats>
): number {
  return (scores.get(element) ?? 0) * (1 - linkDensity(stats.get(element)));
}

/** The best container, lifted to a shared or stronger ancestor. */
function chooseTop(
  body: HtmlElement,
  scores: ReadonlyMap<HtmlElement, number>,
  stats: ReadonlyMap<HtmlElement, Stats>
): HtmlElement | undefined {
  const ranked = [...scores.keys()]
    .map((element) => ({ element, score: finalScore(element, scores, stats) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, TOP_CANDIDATES);
  const best = ranked[0];
  if (!best) return undefined;
  let top = best.element;

  // Several near-equal candidates are parts of one article split into
  // sections: their shared ancestor is the article (RD, "alternative
  // candidate ancestors").
  const alternatives = ranked
    .slice(1)
    .filter((c) => c.score >= best.score * ALTERNATIVE_SCORE_SHARE)
    .map((c) => c.element);
  if (alternatives.length >= MIN_ALTERNATIVES) {
    for (let a = top.parent; a && a !== body.parent; a = a.parent) {
      const contained = alternatives.filter((c) => contains(a, c)).length;
      if (contained >= MIN_ALTERNATIVES) {
        top = a;
        break;
      }
    }
  }

  // A parent that scores higher holds more of the article (RD, "parent
  // score" climb); stop when scores fall off steeply.
  let lastScore = finalScore(top, scores, stats);
  const threshold = lastScore / 3;
  for (let p = top.parent; p && p !== body && p.tag !== '#root'; p = p.parent) {
    if (!scores.has(p)) continue;
    const score = finalScore(p, scores, stats);
    if (score < threshold) break;
    if (score > lastScore) {
      top = p;
      break;
    }
    lastScore = score;
  }

  // A container that is its parent's only child is the same content.
  while (top.parent && top.parent !== body && top.parent.tag !== '#root') {
    if (elementChildren(top.parent).length !== 1) break;
    top = top.parent;
  }
  return top;
}

/**
 * A story split into blocks styled alike (`block text`, a pull quote,
 * `block text`), where the top candidate is one block's inner box beside
 * empty slots (an embed slot, an overlay): the blocks that join the lifted
 * block as its siblings, or undefined when no sibling of its class joins.
 * Measured: WCXB articles 0.9559 -> 0.9563 (one page up, none down),
 * trafilatura's set unchanged; applied to every page type, it lost on both.
 */
function storyInBlocks(
  body: HtmlElement,
  top: HtmlElement,
  scores: ReadonlyMap<HtmlElement, number>,
  stats: ReadonlyMap<HtmlElement, Stats>
): HtmlElement[] | undefined {
  const block = liftPastEmpty(body, top, stats);
  if (block === top || !block.attrs.class) return undefined;
  const parts = withSiblings(block, scores, stats);
  return parts.some((p) => p !== block && p.attrs.class === block.attrs.class)
    ? parts
    : undefined;
}

/**
 * `top` lifted while it is its parent's only child with text: an empty
 * sibling leaves it the same content; chrome with text does not.
 */
function liftPastEmpty(
  body: HtmlElement,
  top: HtmlElement,
  stats: ReadonlyMap<HtmlElement, Stats>
): HtmlElement {
  let lifted = top;
  while (
    lifted.parent &&
    lifted.parent !== body &&
    lifted.parent.tag !== '#root'
  ) {
    const withText = elementChildren(lifted.parent).filter((c) => {
      const s = stats.get(c);
      return s ? s.chars > 0 : textOf(c).trim() !== '';
    });
    if (withText.length !== 1) break;
    lifted = lifted.parent;
  }
  return lifted;
}

/** Whether `node` is `ancestor` or inside it. */
function contains(ancestor: HtmlElement, node: HtmlElement): boolean {
  for (let n: HtmlElement | undefined = node; n; n = n.parent) {
    if (n === ancestor) return true;
  }
  return false;
}

/** The child elements, without text nodes. */
function elementChildren(element: HtmlElement): HtmlElement[] {
  return element.children.filter(
    (c): c is HtmlElement => typeof c !== 'string'
  );
}

/** The top candidate and the siblings that belong with it (RD step 3). */
function withSiblings(
  top: HtmlElement,
  scores: ReadonlyMap<HtmlElement, number>,
  stats: ReadonlyMap<HtmlElement, Stats>
): HtmlElement[] {
  const parent = top.parent;
  if (!parent || parent.tag === '#root') return [top];
  const topScore = finalScore(top, scores, stats);
  const threshold = Math.max(MIN_SIBLING_SCORE, topScore * SIBLING_SCORE_SHARE);
  const topClass = top.attrs.class;
  const roots: HtmlElement[] = [];
  for (const sibling of elementChildren(parent)) {
    if (sibling === top) {
      roots.push(sibling);
      continue;
    }
    const s = stats.get(sibling);
    if (!s || s.chars === 0) continue;
    // A sibling styled like the top candidate (`post-part`) is more of it.
    const bonus =
      topClass && sibling.attrs.class === topClass
        ? topScore * SAME_CLASS_BONUS
        : 0;
    if (finalScore(sibling, scores, stats) + bonus >= threshold) {
      roots.push(sibling);
      continue;
    }
    if (!PROSE_TAGS.has(sibling.tag)) continue;
    const density = linkDensity(s);
    const text = sibling.children.length > 0 ? textEnd(sibling) : '';
    if (
      (s.chars > SIBLING_PROSE_CHARS && density < SIBLING_MAX_LINK_DENSITY) ||
      (s.chars <= SIBLING_PROSE_CHARS &&
        density === 0 &&
        SENTENCE_END.test(text))
    ) {
      roots.push(sibling);
    }
  }
  return roots;
}

/**
 * Sibling tags that may join as prose. Not `div` or `section`: a sibling
 * container joins by its score, or it is an author box or a promo.
 */
const PROSE_TAGS: ReadonlySet<string> = new Set([
  'p',
  'blockquote',
  'ul',
  'ol',
  'pre',
  'h2',
  'h3',
  'h4',
  'table',
  'figure',
  'dl',
]);

/** The last text of an element, for the sentence-end test. */
function textEnd(element: HtmlElement): string {
  for (let i = element.children.length - 1; i >= 0; i--) {
    const child = element.children[i] as HtmlNode;
    const text = typeof child === 'string' ? child : textEnd(child);
    if (text.trim()) return text;
  }
  return '';
}

/**
 * Elements inside `root` to leave out: chrome, and containers that are
 * mostly links (menus, tag lists, "more stories") unless prose-like
 * (RD `_cleanConditionally`, reduced to link density and commas).
 */
function excludedIn(
  root: HtmlElement,
  chrome: ReadonlySet<HtmlElement>,
  stats: ReadonlyMap<HtmlElement, Stats> | undefined,
  out: Set<HtmlElement> = new Set(),
  story = false,
  storyProseChars = stats?.get(root)?.proseChars ?? 0
): Set<HtmlElement> {
  // A container with most of the content's text is the content itself,
  // however many links it holds (a listing page's main list).
  const maxChars = (stats?.get(root)?.chars ?? 0) * MAX_DENSITY_LOSS;
  const storyProse = storyProseChars * MIN_CONTENT_SHARE;
  const visit = (element: HtmlElement): void => {
    if (chrome.has(element)) {
      out.add(element);
      return;
    }
    // In a story, a block whose class says furniture (a sidebar, a share
    // bar, an author box) is furniture however large, unless it holds most
    // of the story's prose: the chrome test spares large ones, which on
    // other pages are product grids and layout columns. Comments, a sidebar
    // or the footer are furniture even then, when the story has prose of
    // its own beside them (WCXB articles 0.9563 -> 0.9572, products
    // 0.7002 -> 0.7036: three pages up, none down; trafilatura's set
    // unchanged. Every furniture word so: trafilatura 0.9339 -> 0.9337,
    // an author box that held the story).
    const prose = stats?.get(element)?.proseChars ?? 0;
    if (
      story &&
      element !== root &&
      isFurnitureClassed(element) &&
      (prose < storyProse ||
        (storyProseChars - prose >= MIN_STORY_BESIDE_REGION &&
          STORY_REGION_CLASS.test(classAndId(element))))
    ) {
      out.add(element);
      return;
    }
    if (stats && element !== root && CONDITIONAL_TAGS.has(element.tag)) {
      const s = stats.get(element);
      if (s && s.commas < PROSE_COMMAS && s.chars < maxChars) {
        const density = linkDensity(s);
        const weight = classWeight(element);
        if (
          (density > MAX_LINK_DENSITY ||
            (weight < CLASS_WEIGHT &&
              s.chars < SHORT_BLOCK_CHARS &&
              density > MAX_SHORT_LINK_DENSITY)) &&
          !isProseWithLinks(element, s, story)
        ) {
          out.add(element);
          return;
        }
      }
    }
    for (const child of element.children) {
      if (typeof child !== 'string') visit(child);
    }
  };
  visit(root);
  return out;
}
