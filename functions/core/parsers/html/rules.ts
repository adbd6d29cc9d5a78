/**
 * HTML extraction rules as data: which elements are page furniture, which
 * class names speak for or against content, what counts as a block.
 *
 * Keep them general. They describe how every CMS marks up navigation,
 * share bars and comment threads, never one site's markup. The patterns
 * are plain (non-Unicode) regexes: they run against the class and id of
 * every element, and V8 runs `/u` classes several times slower.
 */

/** Elements that are page chrome wherever they appear. */
export const CHROME_TAGS: ReadonlySet<string> = new Set([
  'nav',
  'footer',
  'menu',
  'input',
  'label',
  'legend',
  'map',
  'area',
  'audio',
  'video',
]);

/**
 * Elements that are chrome unless they hold most of the page: an `<aside>`
 * left unclosed swallows the page in browsers too, and some sites serve
 * their whole content inside `<noscript>` for crawlers.
 */
export const SOFT_CHROME_TAGS: ReadonlySet<string> = new Set([
  'aside',
  'noscript',
  // Old hand-made pages frame their whole content in a <fieldset>.
  'fieldset',
]);

/** ARIA roles of chrome: menus, site banners, sidebars, dialogs. */
export const CHROME_ROLES: ReadonlySet<string> = new Set([
  'navigation',
  'banner',
  'contentinfo',
  'complementary',
  'search',
  'menu',
  'menubar',
  'dialog',
  'alertdialog',
  'tooltip',
  'toolbar',
]);

/**
 * Class or id words of furniture: share bars, comment threads, related
 * lists, newsletter boxes, cookie banners, ads, sidebars, footers.
 * Matched as whole words of the class/id (split at `-`, `_` and spaces).
 */
export const NEGATIVE_CLASS =
  /(?:^|[\s_-])(?:share|sharing|shares|social|socials|sharebar|comment|comments|commentlist|disqus|related|recommended|recommendations|recirc|more-stories|newsletter|subscribe|subscription|signup|sign-up|cookie|cookies|consent|gdpr|sidebar|side-bar|promo|promotion|advert|advertisement|ad|ads|adslot|ad-slot|sponsor|sponsored|breadcrumb|breadcrumbs|navbar|footer|popup|modal|paywall|outbrain|taboola|skip-link|skiplink|author-bio|about-author|author-box|author-info|author-card|author-profile|about-the-author|affiliate-disclosure|disclosure|reviews)(?:$|[\s_-])/i;

/**
 * Class or id words of consent dialogs (cookie banners, the preference
 * centres of consent-management platforms). Never content, however much
 * text they hold: a preference centre lists every cookie's purpose and
 * can outweigh the page itself when the page builds its text by script.
 */
export const CONSENT_CLASS =
  /(?:^|[\s_-])(?:cookie|cookies|cookiebanner|consent|gdpr|ccpa|onetrust|cookiebot|didomi|usercentrics|truste|qc-cmp2)(?:$|[\s_-])/i;

/**
 * Weaker class or id words: menus, pagers, tag lists, toolbars. Layouts
 * use these words for content too (`skip-item`, `menu-page`, `search-
 * results`), so they only mark blocks that are mostly links or tiny.
 */
export const WEAK_NEGATIVE_CLASS =
  /(?:^|[\s_-])(?:banner|menu|nav|navigation|masthead|overlay|pagination|pager|tags|tagcloud|taglist|skip|toolbar|print|bio|rating|ratings|jump-links|follow|login|search|topbar|top-bar|utility|crumbs|reply|respond)(?:$|[\s_-])/i;

/**
 * Class or id words of content. An element that matches both (a "post
 * sidebar-free" wrapper) is kept: losing the article is worse than keeping
 * a widget, which the later steps may still drop.
 */
export const POSITIVE_CLASS =
  /(?:^|[\s_-])(?:article|articlebody|article-body|article-content|body|content|entry|entry-content|main|post|post-content|post-body|story|story-body|text|blog|prose|markdown|rich-text|richtext|page-content|hentry|instapaper_body)(?:$|[\s_-])/i;

/** Element tags that end a run of inline text and start a new block. */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'aside',
  'nav',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'pre',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'caption',
  'figure',
  'figcaption',
  'hr',
  'form',
  'address',
  'center',
  'details',
  'summary',
  'body',
  'html',
  'hgroup',
  'br',
  'fieldset',
  'object',
  'picture',
  'video',
  'audio',
]);

/** Heading tags and their levels. */
export const HEADING_LEVELS: ReadonlyMap<string, number> = new Map([
  ['h1', 1],
  ['h2', 2],
  ['h3', 3],
  ['h4', 4],
  ['h5', 5],
  ['h6', 6],
]);

/**
 * Starting score of a candidate container by tag (Readability's
 * `_initializeNode`): divs and articles usually wrap prose, lists and
 * headings are parts of it, never the whole.
 */
export const TAG_SCORES: ReadonlyMap<string, number> = new Map([
  ['article', 10],
  ['main', 5],
  ['div', 5],
  ['section', 3],
  ['pre', 3],
  ['td', 3],
  ['blockquote', 3],
  ['address', -3],
  ['ol', -3],
  ['ul', -3],
  ['dl', -3],
  ['dd', -3],
  ['dt', -3],
  ['li', -3],
  ['form', -3],
  ['h1', -5],
  ['h2', -5],
  ['h3', -5],
  ['h4', -5],
  ['h5', -5],
  ['h6', -5],
  ['th', -5],
]);

/** Elements whose text counts as a paragraph for scoring. */
export const PARAGRAPH_TAGS: ReadonlySet<string> = new Set([
  'p',
  'pre',
  'td',
  'blockquote',
  'dd',
  'li',
]);

/** Class/id weight of a positive or negative match (Readability's 25). */
export const CLASS_WEIGHT = 25;

/**
 * Whole class names that hide an element (Bootstrap, Tailwind, WordPress).
 * Matched as whole class tokens: `field--label-hidden` (Drupal) hides a
 * label, not the field, and `hidden-xs` only hides on phones.
 */
export const HIDDEN_CLASS =
  /(?:^|\s)(?:hidden|hide|d-none|is-hidden|visually-hidden|sr-only|screen-reader-text|offscreen|invisible)(?:$|\s)/i;

/** Inline `style` that hides an element. */
export const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;

/**
 * Class or id words of the standfirst (dek) under a headline.
 */
export const STANDFIRST_CLASS =
  /(?:^|[\s_-])(?:dek|standfirst|subtitle|sub-title|subheadline|subhead|deck|lede|lead|summary|excerpt|intro|teaser|strapline|kicker-text|article-summary|description)(?:$|[\s_-])/i;

/** Class or id words of an image credit inside a caption. */
export const CREDIT_CLASS =
  /(?:^|[\s_-])(?:credit|credits|copyright|source|attribution|photographer|byline|courtesy)(?:$|[\s_-])/i;

/**
 * Headings of recirculation modules: lists of teasers for other pages
 * ("Related articles", "Customers also viewed", "Read next").
 */
const TEASER_HEADINGS =
  'related(?: \\w+)?(?: posts| articles| stories| products| items| content| reading| links| topics| videos| guides| resources)?|similar (?:items|products|posts|articles|stories)|recommended(?: for you| reading| products| articles| posts)?|recently viewed(?: items| products)?|you (?:may|might) also (?:like|enjoy|be interested in)|(?:people|customers|shoppers) (?:who )?(?:also )?(?:viewed|bought|searched)[\\w ]*|frequently bought together|explore (?:related|more)[\\w ]*|more (?:from|stories|articles|posts|products|like this|to explore|on this topic|in)\\b[\\w ]*|(?:most )?popular (?:posts|articles|stories|products|now)|trending(?: now| stories| articles)?|most (?:read|viewed|shared|popular)|(?:latest|recent) (?:posts|news|articles|stories)|top stories|read (?:next|more|also)|see also|also read';
/**
 * Headings of other modules around the content: sharing, comments,
 * author and reviewer boxes, disclaimers, customer reviews, sign-ups.
 */
const MODULE_HEADINGS =
  'share (?:this|on)[\\w ]*|leave a (?:reply|comment)|about the (?:author|authors|reviewer|reviewers|writer|expert|experts|contributors?)|meet the (?:author|expert|experts)|(?:medical |legal |affiliate )?disclaimer|(?:customer |product |user )?reviews?(?: \\(\\d+\\))?|ratings? (?:&|and) reviews|(?:customer )?questions? (?:&|and) answers|q ?& ?a|write a review|subscribe[\\w ]*|sign up[\\w ]*|newsletter';

/**
 * Headings of related-content, recirculation and comment modules. The
 * container such a heading opens is left out of the content.
 */
export const RELATED_HEADING = new RegExp(
  `^(?:${TEASER_HEADINGS}|${MODULE_HEADINGS})[:.!]?$`,
  'i'
);

/**
 * Of those, the headings of teaser lists. Their modules are lists of
 * links; a container of prose under such a heading is content that a
 * template titled oddly (a forum's posts under "Recommended Posts").
 */
export const TEASER_HEADING = new RegExp(`^(?:${TEASER_HEADINGS})[:.!]?$`, 'i');

/** Class words of an image caption printed outside `<figure>`. */
export const CAPTION_CLASS =
  /(?:^|[\s_-])(?:wp-caption-text|image-caption|photo-caption|img-caption|media-caption|figure-caption|caption-text|image-credit|photo-credit)(?:$|[\s_-])/i;
