/**
 * chromeTest: which elements of a page are chrome, never content.
 *
 * Signals, strongest first:
 * - markup: `nav`, `aside`, `footer`, `noscript`, form controls; chrome
 *   ARIA roles; `hidden`, `display:none`, hiding classes; forms that ask
 *   for typed input (sign-up, search, comments); the menus a control
 *   opens (`aria-haspopup="true"` with `aria-controls`, see
 *   `HtmlDocument.popups`). Not `aria-hidden`: pages
 *   set it on collapsed accordion panels (FAQ answers), which are content;
 *   nor the `tablist` role, which wraps tabbed content;
 * - a heading that names a related-content module ("Related articles",
 *   "Customers also viewed", "Leave a reply"): the container it opens;
 * - class and id words: strong ones (share, comment, newsletter, cookie,
 *   sidebar, ad) and weak ones (menu, nav, tags), see `rules.ts`.
 * Except for navigation and footers, an element holding most of the
 * page's text is not chrome: an `<aside>` left unclosed swallows the page
 * in browsers too, scripts hide whole pages until they run, and wrappers
 * carry classes like `has-sidebar`.
 */
import { findFirst, type HtmlElement, textOf } from './dom.ts';
import {
  CHROME_ROLES,
  CHROME_TAGS,
  CONSENT_CLASS,
  CUSTOMER_REVIEWS_CLASS,
  HIDDEN_CLASS,
  HIDDEN_STYLE,
  MIN_PRODUCT_CARDS,
  MIN_PRODUCT_CARDS_SHARE,
  NEGATIVE_CLASS,
  POSITIVE_CLASS,
  PRICE_TEXT,
  PROSE_PARAGRAPH_CHARS,
  RELATED_HEADING,
  SECTION_HEADING_TAGS,
  SIGNATURE_CLASS,
  SOFT_CHROME_TAGS,
  TEASER_HEADING,
  WEAK_NEGATIVE_CLASS,
} from './rules.ts';

const SPACE_RUN = /\s+/g;
/** An element holding at least this share of the page's text is no chrome. */
const WRAPPER_TEXT_SHARE = 0.5;
/**
 * Ids of the hidden segments React's streaming server rendering sends
 * before the script that moves them into place: content, not chrome.
 */
const STREAMED_SEGMENT = /^S:\d+$/;
/** A hidden element holding this share of the page's text wraps the page. */
const PAGE_WRAPPER_SHARE = 0.8;
/**
 * A chrome-classed element is kept when it holds at least this share of
 * the page's text with at most this link density.
 */
const CLASS_CHROME_SHARE = 0.2;
/**
 * Above this share of link text a chrome-classed block is a link list
 * whatever its size. Raised from 0.3: on the WCXB development pages a
 * chrome-classed block with 30–40% links was more often content (product
 * cards with linked names, prose with inline links) than a menu.
 */
const CLASS_CHROME_LINK_DENSITY = 0.4;
/** ARIA roles of the panels of accordions and tab sets. */
const PANEL_ROLES: ReadonlySet<string> = new Set(['region', 'tabpanel']);
/** Class or id words of accordion and tab panels. */
const PANEL_CLASS =
  /(?:^|[\s_-])(?:accordion|accordion-content|accordion-body|accordion-panel|collapse|collapsible|tab-pane|tabpanel|tab-content|panel|faq|answer)(?:$|[\s_-])/i;
/** Share of link text above which a menu is nothing but links. */
const MENU_LINK_DENSITY = 0.9;
/** ARIA roles of menus and pick lists. */
const MENU_ROLES: ReadonlySet<string> = new Set(['menu', 'menubar', 'listbox']);
/** Class or id words of menus, drop-downs and filter lists. */
const MENU_CLASS =
  /(?:^|[\s_-])(?:menu|submenu|megamenu|dropdown|select-menu|modal|popup|filter|filters|facet|facets)(?:$|[\s_-])/i;
/** A weakly chrome-classed block shorter than this is a UI label. */
const WEAK_CLASS_MAX_CHARS = 100;

const NO_POPUPS: ReadonlySet<string> = new Set();

/** Text sizes of a page, measured once before any judgement. */
interface PageSizes {
  readonly raw: ReadonlyMap<HtmlElement, RawSize>;
  readonly totalChars: number;
  /**
   * Ids of the pop-ups that the page's controls open (`aria-haspopup`):
   * menus and dialogs. An accordion's button controls its panel too, but
   * says no `aria-haspopup`: its panel is content.
   */
  readonly popups: ReadonlySet<string>;
}

/**
 * A test for chrome elements of the page under `body`.
 *
 * Measures the page once (raw text sizes, related modules); the test is
 * then a cheap lookup per element, called once per element while the
 * content search measures the page.
 */
export function chromeTest(
  body: HtmlElement,
  popups: ReadonlySet<string> = NO_POPUPS
): (element: HtmlElement) => boolean {
  const raw = new Map<HtmlElement, RawSize>();
  const totalChars = rawSizes(body, false, raw).chars;
  const page = { raw, totalChars, popups };
  const modules = relatedModules(body, raw, page.totalChars);
  return (element) => modules.has(element) || isChrome(element, page);
}

/**
 * The chrome test of last resort: only elements that are chrome by their
 * tag (`nav`, `footer`, form controls), for pages where every softer
 * signal (classes, roles, hiding) has removed the content with the chrome.
 */
export function markupChromeTest(element: HtmlElement): boolean {
  return CHROME_TAGS.has(element.tag);
}

/**
 * Class words negated by a `non-` or `not-` prefix: they say what the
 * element is not (`non-paywall` is the free part of a story). Not `no-`:
 * a `no-comments` box is the comment module with none in it ("Comments
 * are closed"), still furniture.
 */
const NEGATED_CLASS = /(?:^|\s)no[nt][-_]\S*/g;

/**
 * An element's class and id, space-separated ('' for neither), without
 * the words a `non-`/`not-` prefix negates ({@link NEGATED_CLASS}).
 */
export function classAndId(element: HtmlElement): string {
  const { class: className, id } = element.attrs;
  const names =
    className && id ? `${className} ${id}` : (className ?? id ?? '');
  // Most names hold no "no": skip the replace for them.
  return names.includes('no') ? names.replace(NEGATED_CLASS, ' ') : names;
}

/**
 * Containers of related-content modules: "Related articles", "Customers
 * also viewed", "Recent posts", "Leave a reply".
 *
 * Why by heading: these modules rarely carry a telling class (carousels,
 * `section.sc-1x2y`), but always a heading that says what they are. The
 * container is the largest ancestor that the heading opens (the heading is
 * its first text) and that holds a small share of the page, and no prose
 * after the module: a "Read also" box often opens the story's own
 * container, the story following it.
 */
function relatedModules(
  body: HtmlElement,
  raw: ReadonlyMap<HtmlElement, RawSize>,
  totalChars: number
): Set<HtmlElement> {
  const modules = new Set<HtmlElement>();
  const visit = (element: HtmlElement): void => {
    if (SECTION_HEADING_TAGS.has(element.tag)) {
      const size = raw.get(element)?.chars ?? 0;
      if (size > MAX_MODULE_HEADING_CHARS) return;
      const text = textOf(element).replace(SPACE_RUN, ' ').trim();
      if (!RELATED_HEADING.test(text)) return;
      const teaser = TEASER_HEADING.test(text);
      let container = element;
      for (
        let parent = element.parent;
        parent &&
        parent !== body &&
        opensWith(parent, container) &&
        fitsModule(parent, teaser, raw, totalChars) &&
        !holdsProse(parent, raw);
        parent = parent.parent
      ) {
        container = parent;
      }
      // A heading that opens no container of its own but stands among the
      // last blocks of its parent ("About the author" and a bio, after the
      // story's paragraphs) heads a module that runs to the parent's end.
      const tail =
        container === element ? moduleTail(element, raw, totalChars) : [];
      // A teaser list is links; prose under a "Recommended posts" heading
      // is a forum thread or an article series. Cards of other products
      // are neither, however few links they hold: a carousel links each
      // card by an overlay or its picture, and its text reads as unlinked.
      const blocks = tail.length > 0 ? tail : [container];
      const held = sizeOf(blocks, raw);
      const prose =
        teaser &&
        held.chars >= MIN_PROSE_MODULE_CHARS &&
        held.linkChars < held.chars * MIN_TEASER_LINK_DENSITY &&
        !areProductCards(blocks, raw);
      if (!prose) {
        modules.add(container);
        for (const block of tail) modules.add(block);
      }
      return;
    }
    for (const child of element.children) {
      if (typeof child !== 'string') visit(child);
    }
  };
  visit(body);
  return modules;
}

/**
 * Whether `parent` may be a module's container: it holds a small share of
 * the page ({@link MAX_MODULE_SHARE}); or, under a teaser heading, it is
 * made of cards of other products and does not wrap the page. A shop's
 * "Similar items" and "People who viewed this item also viewed" carousels
 * can outweigh the product they sit under many times, and are still no
 * part of it.
 */
function fitsModule(
  parent: HtmlElement,
  teaser: boolean,
  raw: ReadonlyMap<HtmlElement, RawSize>,
  totalChars: number
): boolean {
  const chars = raw.get(parent)?.chars ?? 0;
  if (chars < totalChars * MAX_MODULE_SHARE) return true;
  return (
    teaser &&
    chars < totalChars * PAGE_WRAPPER_SHARE &&
    areProductCards([parent], raw)
  );
}

/**
 * Whether `elements` are, for the most part ({@link MIN_PRODUCT_CARDS_SHARE}
 * of their text), cards of products: runs of at least
 * {@link MIN_PRODUCT_CARDS} sibling blocks of one tag, each short and
 * showing a price, at least half the run priced. By tag alone: a carousel
 * marks the card on screen with a class of its own.
 */
function areProductCards(
  elements: readonly HtmlElement[],
  raw: ReadonlyMap<HtmlElement, RawSize>
): boolean {
  const chars = sizeOf(elements, raw).chars;
  if (chars === 0) return false;
  let cards = 0;
  for (const element of elements) cards += productCardChars(element, raw);
  return cards >= chars * MIN_PRODUCT_CARDS_SHARE;
}

/** Text characters inside runs of product cards under `element`. */
function productCardChars(
  element: HtmlElement,
  raw: ReadonlyMap<HtmlElement, RawSize>
): number {
  const runs = new Map<string, HtmlElement[]>();
  for (const child of element.children) {
    if (typeof child === 'string') continue;
    const run = runs.get(child.tag);
    if (run) run.push(child);
    else runs.set(child.tag, [child]);
  }
  let chars = 0;
  for (const run of runs.values()) {
    const priced = run.length >= MIN_PRODUCT_CARDS ? pricedCards(run, raw) : 0;
    if (priced >= MIN_PRODUCT_CARDS && priced * 2 >= run.length) {
      chars += sizeOf(run, raw).chars;
    } else {
      for (const child of run) chars += productCardChars(child, raw);
    }
  }
  return chars;
}

/** How many of `run` are short blocks that show a price. */
function pricedCards(
  run: readonly HtmlElement[],
  raw: ReadonlyMap<HtmlElement, RawSize>
): number {
  let priced = 0;
  for (const card of run) {
    const chars = raw.get(card)?.chars ?? 0;
    if (chars > 0 && chars <= MAX_CARD_CHARS && PRICE_TEXT.test(textOf(card))) {
      priced++;
    }
  }
  return priced;
}

/** Longest text of one product card, in characters. */
const MAX_CARD_CHARS = 1000;

/**
 * Whether `parent` holds a paragraph of prose of its own: a `<p>` child of
 * a sentence or two, with few links. (The excerpts of a module's teasers
 * sit deeper, inside their items.)
 */
function holdsProse(
  parent: HtmlElement,
  raw: ReadonlyMap<HtmlElement, RawSize>
): boolean {
  return parent.children.some((node) => {
    if (typeof node === 'string' || node.tag !== 'p') return false;
    const size = raw.get(node);
    return (
      size !== undefined &&
      size.chars >= PROSE_PARAGRAPH_CHARS &&
      size.linkChars < size.chars * MIN_TEASER_LINK_DENSITY
    );
  });
}

/** Most blocks after a module's heading that {@link moduleTail} takes. */
const MAX_MODULE_TAIL_BLOCKS = 3;

/**
 * The blocks after `heading` to its parent's end, when they are few, hold
 * a small share of the page, and follow text of the parent's own (the
 * heading ends something, it does not open the parent); else none.
 */
function moduleTail(
  heading: HtmlElement,
  raw: ReadonlyMap<HtmlElement, RawSize>,
  totalChars: number
): HtmlElement[] {
  const parent = heading.parent;
  if (!parent) return [];
  const at = parent.children.indexOf(heading);
  const after: HtmlElement[] = [];
  for (const node of parent.children.slice(at + 1)) {
    if (typeof node === 'string') {
      if (node.trim()) return [];
    } else if ((raw.get(node)?.chars ?? 0) > 0) {
      after.push(node);
    }
  }
  if (after.length === 0 || after.length > MAX_MODULE_TAIL_BLOCKS) return [];
  if (opensWith(parent, heading)) return [];
  return sizeOf(after, raw).chars < totalChars * MAX_MODULE_SHARE ? after : [];
}

/** The text sizes of `elements` together. */
function sizeOf(
  elements: readonly HtmlElement[],
  raw: ReadonlyMap<HtmlElement, RawSize>
): RawSize {
  let chars = 0;
  let linkChars = 0;
  for (const element of elements) {
    chars += raw.get(element)?.chars ?? 0;
    linkChars += raw.get(element)?.linkChars ?? 0;
  }
  return { chars, linkChars };
}

/** Whether `child` is the first thing with text in `parent`. */
function opensWith(parent: HtmlElement, child: HtmlElement): boolean {
  for (const node of parent.children) {
    if (node === child) return true;
    if (typeof node === 'string') {
      if (node.trim()) return false;
    } else if (textOf(node).trim()) {
      return false;
    }
  }
  return false;
}

/**
 * Least share of link text in a teaser module: the teasers' titles are
 * links, their excerpts are not (measured: a quarter to most of the text).
 */
const MIN_TEASER_LINK_DENSITY = 0.2;
/** A teaser module this large with fewer links is prose. */
const MIN_PROSE_MODULE_CHARS = 500;
/** Longest module heading, in characters. */
const MAX_MODULE_HEADING_CHARS = 80;
/** Largest share of the page a related module may hold. */
const MAX_MODULE_SHARE = 0.3;

/** Raw text and link-text length of an element, before any judgement. */
interface RawSize {
  readonly chars: number;
  readonly linkChars: number;
}

/** Raw sizes of every element, bottom-up. */
function rawSizes(
  element: HtmlElement,
  inLink: boolean,
  out: Map<HtmlElement, RawSize>
): RawSize {
  const link = inLink || element.tag === 'a';
  let chars = 0;
  let linkChars = 0;
  for (const child of element.children) {
    if (typeof child === 'string') {
      // Trimmed: indentation would make a deeply nested menu look big.
      const length = child.trim().length;
      chars += length;
      if (link) linkChars += length;
    } else {
      const size = rawSizes(child, link, out);
      chars += size.chars;
      linkChars += size.linkChars;
    }
  }
  const size = { chars, linkChars };
  out.set(element, size);
  return size;
}

/**
 * Whether an element is page chrome by tag, role, visibility or class.
 *
 * Except for navigation and footers, an element holding most of the
 * page's text is not chrome: an `<aside>` left unclosed swallows the page
 * in browsers too, scripts hide whole pages until they run, and wrappers
 * carry classes like `has-sidebar`.
 */
function isChrome(element: HtmlElement, page: PageSizes): boolean {
  const { tag, attrs } = element;
  if (tag === 'body' || tag === 'html' || tag === 'a') return false;
  // Navigation, footers and form controls are chrome wherever they are,
  // and so are consent dialogs, whatever their size.
  if (CHROME_TAGS.has(tag)) return true;
  if (
    (attrs.class !== undefined || attrs.id !== undefined) &&
    CONSENT_CLASS.test(classAndId(element))
  ) {
    return true;
  }
  const size = page.raw.get(element) ?? { chars: 0, linkChars: 0 };
  // Shoppers' reviews too, unless they wrap the page (a page of reviews).
  if (
    attrs.class !== undefined &&
    CUSTOMER_REVIEWS_CLASS.test(classAndId(element))
  ) {
    return size.chars < page.totalChars * PAGE_WRAPPER_SHARE;
  }
  // Hidden elements are chrome unless they wrap the page: anti-flicker
  // scripts hide the whole `<div class="root hide">` until they run, and
  // streaming React pages park their content in `hidden` divs. An auto
  // `popover` is hidden until a button opens it, and any click closes it:
  // a prompt to install the site as an app, a settings card, a menu.
  if (
    isAutoPopover(element) ||
    (((attrs.hidden !== undefined && !STREAMED_SEGMENT.test(attrs.id ?? '')) ||
      (attrs.style !== undefined && HIDDEN_STYLE.test(attrs.style)) ||
      (attrs.class !== undefined && HIDDEN_CLASS.test(attrs.class))) &&
      !isCollapsedPanel(element))
  ) {
    return size.chars < page.totalChars * PAGE_WRAPPER_SHARE;
  }
  // A pop-up that a control opens is a menu or a dialog, not content.
  if (attrs.id !== undefined && page.popups.has(attrs.id)) {
    return size.chars < page.totalChars * WRAPPER_TEXT_SHARE;
  }
  // Other markup means chrome unless the element holds most of the page
  // (see SOFT_CHROME_TAGS; ARIA roles are misapplied to wrappers, and
  // ASP.NET wraps the page in a `<form>` with inputs).
  const soft =
    SOFT_CHROME_TAGS.has(tag) ||
    (attrs.role !== undefined && CHROME_ROLES.has(attrs.role)) ||
    (tag === 'form' && isEntryForm(element));
  const chromeClass = soft ? 'none' : classSignal(element);
  if (!soft && chromeClass === 'none') return false;
  // A menu of nothing but links is chrome however long it is: a filter
  // list of every language or brand ("1C Enterprise, ABAP, Ada, …").
  const menuOfLinks =
    size.linkChars >= size.chars * MENU_LINK_DENSITY && isMenu(element);
  if (menuOfLinks) return true;
  if (size.chars >= page.totalChars * WRAPPER_TEXT_SHARE) return false;
  if (soft) return true;
  // Class names are the weakest signal (`sidebar-first-only` may name the
  // layout column the article sits in): a large block of unlinked prose
  // keeps its place whatever its class says, and weak words (`menu`,
  // `skip`) only mark link lists and tiny blocks.
  const linkDense = size.linkChars > size.chars * CLASS_CHROME_LINK_DENSITY;
  if (chromeClass === 'weak') {
    // …and a large link list with a weak word is a product grid or a set of
    // search results (`search-results`), not a menu.
    const large = size.chars >= page.totalChars * CLASS_CHROME_SHARE;
    return (linkDense && !large) || size.chars < WEAK_CLASS_MAX_CHARS;
  }
  return linkDense || size.chars < page.totalChars * CLASS_CHROME_SHARE;
}

/**
 * Whether an element is an auto popover (`popover`, `popover="auto"` or
 * `"hint"`). Not `popover="manual"`, which only a script shows and
 * hides: pages show their own media viewers so.
 */
function isAutoPopover(element: HtmlElement): boolean {
  const { popover } = element.attrs;
  return popover !== undefined && AUTO_POPOVER.has(popover.toLowerCase());
}

const AUTO_POPOVER: ReadonlySet<string> = new Set(['', 'auto', 'hint']);

/** Whether an element is a menu, a drop-down or a filter list. */
function isMenu(element: HtmlElement): boolean {
  return hasRoleOrClass(element, MENU_ROLES, MENU_CLASS);
}

/**
 * A collapsed panel of an accordion or a tab set: hidden until a reader
 * opens it, but part of the page's content (FAQ answers, product details,
 * the steps of a guide). Known by its ARIA role or by the panel words of
 * its class or id.
 */
function isCollapsedPanel(element: HtmlElement): boolean {
  return hasRoleOrClass(element, PANEL_ROLES, PANEL_CLASS);
}

/** Whether an element has one of `roles`, or class or id words `names` matches. */
function hasRoleOrClass(
  element: HtmlElement,
  roles: ReadonlySet<string>,
  names: RegExp
): boolean {
  const { role } = element.attrs;
  if (role !== undefined && roles.has(role)) return true;
  const classes = classAndId(element);
  return classes !== '' && names.test(classes);
}

/**
 * A form that asks for typed input: sign-up, contact, search or comment
 * forms. (A page-wide ASP.NET `<form>` also has inputs, but holds most of
 * the page, which the wrapper rule keeps.)
 */
function isEntryForm(form: HtmlElement): boolean {
  return (
    findFirst(
      form,
      (e) => e.tag === 'input' && TEXT_INPUT_TYPES.has(e.attrs.type ?? 'text')
    ) !== undefined
  );
}

const TEXT_INPUT_TYPES: ReadonlySet<string> = new Set([
  'text',
  'email',
  'search',
  'tel',
  'password',
  'url',
  'number',
]);

/** How strongly an element's class or id says it is chrome. */
function classSignal(element: HtmlElement): 'strong' | 'weak' | 'none' {
  const names = classAndId(element);
  if (names === '' || POSITIVE_CLASS.test(names)) return 'none';
  if (NEGATIVE_CLASS.test(names)) return 'strong';
  const { class: className } = element.attrs;
  if (className !== undefined && SIGNATURE_CLASS.test(className)) {
    return 'strong';
  }
  return WEAK_NEGATIVE_CLASS.test(names) ? 'weak' : 'none';
}
