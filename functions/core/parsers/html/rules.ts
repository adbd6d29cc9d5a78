/**
 * HTML extraction rules as data: which elements are page furniture, which
 * class names speak for or against content, what counts as a block.
 *
 * Keep them general. They describe how every CMS marks up navigation,
 * share bars and comment threads, never one site's markup. The patterns
 * are plain (non-Unicode) regexes: they run against the class and id of
 * every element, and V8 runs `/u` classes several times slower.
 */
import type { PageType } from '../../draft.ts';
import type { PageFacts } from './page-facts.ts';

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
  /(?:^|[\s_-])(?:share|sharing|shares|social|socials|sharebar|comment|comments|commentlist|disqus|related|recommended|recommendations|recirc|more-stories|newsletter|subscribe|subscription|donate|donation|donations|fundraising|support-us|postmetadata|signup|sign-up|cookie|cookies|consent|gdpr|sidebar|side-bar|promo|promotion|advert|advertisement|ad|ads|adslot|ad-slot|sponsor|sponsored|breadcrumb|breadcrumbs|navbar|footer|popup|modal|paywall|outbrain|taboola|skip-link|skiplink|author-bio|about-author|author-box|author-info|author-card|author-profile|about-the-author|affiliate-disclosure|disclosure|reviews)(?:$|[\s_-])/i;

/**
 * Class words of a forum post's signature: the lines a member has printed
 * under every post they write (their setup, a motto, links), and the user
 * card a forum or a Q&A site prints beside each post (`user-info`,
 * `postprofile`: the name, when it was posted, reputation, badges, post
 * count). Never the post's text. Matched in the class alone: a signature repeats in every post, so
 * it is styled by class, while an id names one element of a page
 * (`digital-signature-row` on a page that sells e-signing).
 */
export const SIGNATURE_CLASS =
  /(?:^|[\s_-])(?:signature|signatures|postsignature|signaturecontainer|usersig|user-info|userinfo|user-details|user-card|usercard|postprofile)(?:$|[\s_-])/i;

/**
 * Class or id words of blocks that are furniture in a story only: a
 * disclaimer under a post (its affiliate links, opinions that are not
 * the outlet's) is no part of the story, while a service page's legal
 * notes are part of its offer.
 */
export const STORY_FURNITURE_CLASS =
  /(?:^|[\s_-])(?:disclaimer|disclaimers)(?:$|[\s_-])/i;

/**
 * Class or id words of consent dialogs (cookie banners, the preference
 * centres of consent-management platforms). Never content, however much
 * text they hold: a preference centre lists every cookie's purpose and
 * can outweigh the page itself when the page builds its text by script.
 */
export const CONSENT_CLASS =
  /(?:^|[\s_-])(?:cookie|cookies|cookiebanner|consent|gdpr|ccpa|onetrust|cookiebot|didomi|usercentrics|truste|qc-cmp2)(?:$|[\s_-])/i;

/**
 * Class or id words of shoppers' reviews of a product: a list of other
 * people's ratings and opinions, never the page's own text, however much
 * of it there is (a popular product's reviews outweigh its description
 * many times). Qualified words only: a bare `reviews` also names an
 * editor's roundup, and a review article's own text sits in a
 * `review-body` or a `product-review-card`.
 */
export const CUSTOMER_REVIEWS_CLASS =
  /(?:^|[\s_-])(?:customer[_-]reviews?|product[_-]reviews|user[_-]reviews|review[_-]list)(?:$|[\s_-])/i;

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

/** Heading tags below the page's title: the ones that open sections and modules. */
export const SECTION_HEADING_TAGS: ReadonlySet<string> = new Set([
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
]);

/**
 * A prose paragraph has this much text of its own: a sentence or two.
 * (The page survey and the module-heading test use it.)
 */
export const PROSE_PARAGRAPH_CHARS = 80;

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
 * Class or id words of the standfirst (dek) under a headline, with the
 * newsroom's own word for it in the languages most pages are written in:
 * the French `chapo` (chapeau), German `Vorspann`, Spanish `bajada` and
 * `entradilla`, Italian `sommario`, Czech and Slovak `perex`; and the
 * `abstract` of a paper or a report.
 */
export const STANDFIRST_CLASS =
  /(?:^|[\s_-])(?:dek|standfirst|subtitle|sub-title|subheadline|sub-headline|subhead|deck|lede|lead|summary|excerpt|intro|teaser|strapline|kicker-text|article-summary|description|abstract|chapo|chapeau|vorspann|bajada|entradilla|sommario|perex|epigraph)(?:$|[\s_-])/i;

/**
 * Class or id words of the site's own branding in the page header: its
 * name, logo and tagline (`p.site-description` under a blog's title).
 */
export const SITE_BRANDING_CLASS =
  /(?:^|[\s_-])(?:site-description|site-tagline|tagline|slogan|site-branding|branding|site-title|site-header|masthead|logo)(?:$|[\s_-])/i;

/**
 * A line that credits a photo, in the languages most pages are written
 * in: a label, a colon, a name or an agency ("Foto: Jo Penrose",
 * "Crédits photos : AFP", "Photograph: Reuters").
 */
export const PHOTO_CREDIT_LINE =
  /^(?:foto|fotos|bild|bilder|titelbild|photo|photos|photograph|picture|image|images|credit|photo credit|image credit|crédits?(?: photos?)?|illustration|grafik|foto de|fotografía)s?\s*:\s*\S/i;

/** Class or id words of an image credit inside a caption. */
export const CREDIT_CLASS =
  /(?:^|[\s_-])(?:credit|credits|copyright|source|attribution|photographer|byline|courtesy)(?:$|[\s_-])/i;

/**
 * Headings of recirculation modules: lists of teasers for other pages
 * ("Related articles", "Customers also viewed", "Read next"), in the
 * languages most pages are written in. A free-text tail (`more from the
 * newsroom`) is at most 40 characters.
 */
/** What may end a module heading: a colon, a question mark, an ellipsis. */
const HEADING_END = '\\s*[:.!?…]*';
const TEASER_HEADINGS = [
  // English
  "related(?: \\w+)?(?: posts| articles| stories| products| items| content| reading| links| topics| videos| guides| resources)?|similar (?:items|products|posts|articles|stories)|recommended(?: for you| reading| products| articles| posts| stories)?|recently viewed(?: items| products)?|you (?:may|might) also (?:like|enjoy|be interested in)|(?:people|customers|shoppers) (?:who )?(?:also )?(?:viewed|bought|searched)[\\w ]*|frequently bought together|(?:products|items) related to this (?:item|product)|(?:complete|get|shop) the look\\b.{0,30}|explore (?:related|more)[\\w ]*|more (?:from|stories|articles|posts|products|news|like this|to explore|on this topic|in|about)\\b.{0,40}|(?:most )?popular (?:posts|articles|stories|products|now)|trending(?: now| stories| articles| news)?|most (?:read|viewed|shared|popular|commented)|(?:latest|recent) (?:posts|news|articles|stories)|top stories|read (?:next|more|also)|see also|also read|don't miss|editor's picks",
  // German
  '(?:ähnliche|verwandte|passende|empfohlene) (?:beiträge|artikel|themen|nachrichten|inhalte)|(?:das|die|dies) könnte (?:sie|dich|ihnen|dir) (?:auch )?(?:interessieren|gefallen)|(?:auch|ebenfalls) (?:interessant|lesenswert|spannend)|mehr (?:zum thema|zu|zum|zur|aus|von|vom|über|artikel|beiträge|nachrichten|news)\\b.{0,40}|weitere (?:artikel|beiträge|nachrichten|meldungen|themen|news|videos|tipps)\\b.{0,40}|(?:das thema|dieses thema|das) könnte (?:sie|dich) auch interessieren|(?:lesen sie|lies) (?:auch|mehr|weiter)(?: die(?:se)? (?:folgenden )?(?:beiträge|artikel))?|zum weiterlesen|mehr themen|verwandte themen(?:bereiche)?|(?:vorschau auf den )?nächsten (?:artikel|beitrag)|weiterlesen|schon gelesen|meist(?:gelesene?|diskutierte?|geklickte?|kommentierte?)(?: artikel| beiträge| nachrichten)?|(?:beliebte|neueste|aktuelle|letzte) (?:artikel|beiträge|nachrichten|news|meldungen)|top[- ]themen.{0,30}|empfehlungen(?: der redaktion)?',
  // French
  "articles? (?:similaires|liés|connexes|recommandés)|(?:à|a) lire (?:aussi|également)|lire aussi|vous (?:aimerez|pourriez aimer)(?: peut-être)?(?: aussi)?|sur le même (?:sujet|thème)|dans la même rubrique|(?:les |articles )?(?:les )?plus (?:lus|populaires|partagés|commentés)|(?:nos )?derni(?:ers|ères) (?:articles|actualités|infos)|plus d'(?:articles|actualités|infos).{0,40}",
  // Spanish, Italian, Portuguese, Dutch
  '(?:artículos|noticias|notas) relacionad[ao]s|(?:también )?te puede interesar|(?:lee|lea) también|más (?:noticias|leídas?|vistas?).{0,40}|lo más (?:leído|visto)|articoli correlati|zobacz (?:też|także|również)|(?:prze)?czytaj (?:też|także|również)|(?:podobne|powiązane) artykuły|najczęściej czytane|potrebbe interessarti|leggi anche|i più letti|leia também|notícias relacionadas|lees (?:ook|meer)|meer lezen|gerelateerde (?:artikelen|berichten)',
].join('|');
/**
 * Headings of other modules around the content: sharing, comments,
 * author and reviewer boxes, disclaimers, customer reviews, sign-ups,
 * appeals for support. Not "12 comments": forums head each post's
 * comments so, and they are part of the thread.
 */
const MODULE_HEADINGS = [
  // English
  "share (?:this|on)[\\w ]*|share|leave a (?:reply|comment)|comments|join the (?:conversation|discussion)|about the (?:author|authors|reviewer|reviewers|writer|expert|experts|contributors?)|meet the (?:author|expert|experts)|(?:medical |legal |affiliate )?disclaimer|(?:customer |product |user )?reviews?(?: \\(\\d+\\))?|ratings? (?:&|and) reviews|(?:customer )?questions? (?:&|and) answers|q ?& ?a|write a review|subscribe[\\w ]*|sign up[\\w ]*|newsletter|support (?:us|our (?:journalism|work))|(?:make a )?donat(?:e|ion)[\\w ]*|(?:top|featured|reader|readers'|latest|most liked) comments|(?:our|the|editorial) (?:team|staff)|editorial board|masthead|around the web|(?:promoted|sponsored) (?:stories|links|content)|from (?:our|the) partners?|partner (?:content|offers)",
  // German
  'kommentare|kommentieren(?: sie)?|(?:schreibe|hinterlasse)(?:n sie)? einen kommentar|(?:diesen artikel |jetzt )?teilen|über (?:den autor|die autorin)|newsletter.{0,30}|unterstützen sie.{0,40}|unterstütze.{0,40}|spenden?.{0,30}|(?:die |unsere )?redaktion|impressum|anzeigen?|werbung',
  // French, Spanish
  'commentaires|laisser un commentaire|partager(?: cet article)?|comentarios|deja un comentario|compartir',
].join('|');

/**
 * Headings of related-content, recirculation and comment modules. The
 * container such a heading opens is left out of the content.
 */
export const RELATED_HEADING = new RegExp(
  `^(?:${TEASER_HEADINGS}|${MODULE_HEADINGS})${HEADING_END}$`,
  'i'
);

/**
 * Of those, the headings of teaser lists. Their modules are lists of
 * links; a container of prose under such a heading is content that a
 * template titled oddly (a forum's posts under "Recommended Posts").
 */
export const TEASER_HEADING = new RegExp(
  `^(?:${TEASER_HEADINGS})${HEADING_END}$`,
  'i'
);

/** Class words of an image caption printed outside `<figure>`. */
export const CAPTION_CLASS =
  /(?:^|[\s_-])(?:wp-caption-text|image-caption|photo-caption|img-caption|media-caption|figure-caption|caption-text|image-credit|photo-credit)(?:$|[\s_-])/i;

/**
 * Class words of a caption in a story: any caption, legend or image
 * description. Only in stories: on other pages `caption` also names the
 * text of carousel slides and product cards.
 */
export const STORY_CAPTION_CLASS =
  /(?:^|[\s_-])(?:caption|captions|figcaption|legend|imagedescription|image-description|img-description|photo-description|bildunterschrift|didascalia|legende)(?:$|[\s_-])/i;

/**
 * JSON-LD `@type`s of articles: news stories, blog posts, reports,
 * reviews, recipes and how-tos (`TechArticle` is documentation, see
 * {@link DECLARED_PAGE_TYPES}).
 */
export const ARTICLE_LD_TYPE =
  /^(?:Article|\w*NewsArticle|BlogPosting|LiveBlogPosting|SocialMediaPosting|Report|ScholarlyArticle|MedicalScholarlyArticle|SatiricalArticle|AdvertiserContentArticle|MedicalWebPage|Review|CriticReview|Recipe|HowTo)$/;

/**
 * Declared types of pages that are not articles, strongest first: a
 * JSON-LD `@type` or an `og:type` that names one of them decides the
 * page type (unless the page also declares an article).
 */
export const DECLARED_PAGE_TYPES: ReadonlyArray<readonly [RegExp, PageType]> = [
  [/^(?:DiscussionForumPosting|QAPage)$/, 'forum'],
  [/^(?:TechArticle|APIReference)$/, 'documentation'],
  [
    /^(?:Product|ProductGroup|IndividualProduct|ProductModel|product|product\.group|og:product|[\w-]+:item)$/,
    'product',
  ],
  [/^(?:CollectionPage|SearchResultsPage)$/, 'listing'],
];

/** Class or `itemprop` words of a price. */
export const PRICE_CLASS =
  /(?:^|[\s_-])(?:price|prices|product-price|sale-price|offer-price|regular-price)(?:$|[\s_-])/i;

/**
 * A price as a page prints it: a currency sign or code beside an amount
 * ("$20.12", "€ 149", "249€", "GBP 12.50", "1.299,00 EUR").
 */
export const PRICE_TEXT =
  /(?:[$€£¥₹]|\b(?:USD|EUR|GBP|CHF|CAD|AUD|JPY|SEK|NOK|DKK|PLN|CZK)\b)\s?\d|\d\s?(?:[€£¥₹]|(?:USD|EUR|GBP|CHF|CAD|AUD|JPY|SEK|NOK|DKK|PLN|CZK|kr|zł|Kč)\b)/;

/**
 * Cards of other products: a run of at least this many like siblings
 * (same tag and class), each showing a price…
 */
export const MIN_PRODUCT_CARDS = 3;
/** …that holds this share of a module's text. */
export const MIN_PRODUCT_CARDS_SHARE = 0.6;

/** A date in a URL's path: `/2024/05/`, `/20240502/`, `-2024-05-02`. */
export const URL_DATE =
  /\/(?:19|20)\d\d\/(?:0?[1-9]|1[0-2])\/|\/(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])\/|-(?:19|20)\d\d-\d\d-\d\d/;

/**
 * Folders of a URL's path that hold pages of one kind, across sites:
 * `/docs/…`, `/forum/…`, `/services/…`, `/category/…`. Matched against
 * every folder but the last segment (the page's own name).
 */
export const URL_SECTIONS: ReadonlyArray<readonly [RegExp, PageType]> = [
  [/^(?:docs?|documentation|reference|api|manual|handbook)$/i, 'documentation'],
  [
    /^(?:forums?|threads?|t|questions|discussions?|viewtopic\.php|showthread\.php|boards?)$/i,
    'forum',
  ],
  [
    /^(?:services?|solutions?|pricing|plans?|industries|capabilities|what-we-do|consulting)$/i,
    'service',
  ],
  [/^(?:category|categories|tags?|archives?|search|page)$/i, 'listing'],
];

/** One signal for or against a page being an article. */
export interface ArticleEvidence {
  /** What the signal is, for a reader of this table. */
  readonly name: string;
  /** Points it adds when it holds (negative: against). */
  readonly points: number;
  readonly holds: (facts: PageFacts) => boolean;
}

/** Points a page needs to be an article. */
export const ARTICLE_POINTS = 3;
/**
 * Teasers or dated posts holding this share of a page's text make it a
 * listing or a forum thread.
 */
export const MIN_ITEMS_SHARE = 0.3;
/** Code holding this share of a page's text makes it documentation. */
export const MIN_CODE_SHARE = 0.1;
/** Teasers showing this many prices make a collection. */
export const MIN_COLLECTION_PRICES = 3;

/**
 * The evidence for an article, with its points (set on the WCXB
 * development pages, checked on their holdout and on trafilatura's set).
 * A dated URL and a headline in the URL are the surest signs; what the
 * page declares, a byline, a date and prose in the best container count
 * one each; dated posts (a thread), teasers, many date stamps, prices,
 * code and a page of headings with little text under each count against.
 */
export const ARTICLE_EVIDENCE: readonly ArticleEvidence[] = [
  {
    name: 'declares an article type in JSON-LD',
    points: 1,
    holds: (f) => f.declaredTypes.some((t) => ARTICLE_LD_TYPE.test(t)),
  },
  {
    name: 'og:type is article',
    points: 1,
    holds: (f) => f.ogType === 'article',
  },
  { name: 'names its author', points: 1, holds: (f) => f.hasByline },
  { name: 'gives its date', points: 1, holds: (f) => f.hasDate },
  { name: 'its URL holds a date', points: 4, holds: (f) => f.datedUrl },
  {
    name: 'its URL holds four words or more (a headline)',
    points: 2,
    holds: (f) => (f.slugWords ?? 0) >= 4,
  },
  {
    name: 'its URL holds a word or none (an index, a section)',
    points: -1,
    holds: (f) => f.slugWords !== undefined && f.slugWords <= 1,
  },
  {
    name: 'it has one <article> element',
    points: 1,
    holds: (f) => f.articleElements === 1,
  },
  {
    name: 'its URL is in a folder of documentation, threads, services or an index',
    points: -2,
    holds: (f) => f.urlSection !== undefined,
  },
  {
    name: 'its best container holds three prose paragraphs or more',
    points: 1,
    holds: (f) => f.storyParagraphs >= 3,
  },
  {
    name: 'the prose of its best container is half its text or more',
    points: 1,
    holds: (f) => f.storyChars >= f.chars * 0.5,
  },
  {
    name: 'dated posts are 30% of its text or more (a thread)',
    points: -4,
    holds: (f) => f.postChars >= f.chars * MIN_ITEMS_SHARE,
  },
  {
    name: 'repeated teasers are 30% of its text or more',
    points: -1,
    holds: (f) => f.teaserChars >= f.chars * MIN_ITEMS_SHARE,
  },
  {
    name: 'it shows eight date stamps or more',
    points: -1,
    holds: (f) => f.dateStamps >= 8,
  },
  {
    name: 'it shows three prices or more',
    points: -1,
    holds: (f) => f.prices >= 3,
  },
  {
    name: 'the prose of its best container is under 5% of its text',
    points: -2,
    holds: (f) => f.storyChars < f.chars * 0.05,
  },
  {
    name: 'code is 10% of its text or more',
    points: -1,
    holds: (f) => f.codeChars >= f.chars * MIN_CODE_SHARE,
  },
  {
    name: 'its best container has a heading for every paragraph or so',
    points: -1,
    holds: (f) =>
      f.storyHeadings >= 3 && f.storyHeadings >= f.storyParagraphs * 0.8,
  },
];
