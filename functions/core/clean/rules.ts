/**
 * Cleaning rules as data.
 *
 * Each list is matched against one block's text after white-space
 * normalisation. Keep rules general: they describe kinds of boilerplate
 * every outlet prints (promos, share bars, footers), never one site's markup.
 * Add a rule together with a fixture that needs it.
 */

/** A furniture rule and the longest block it can match, in characters. */
export interface FurnitureRule {
  readonly pattern: RegExp;
  readonly maxChars: number;
}

/**
 * A share-bar item: a network's or a share action's name alone. A list of
 * nothing else is a share bar (WordPress's "sharedaddy", feed exports).
 */
export const SHARE_ITEM =
  /^(?:share(?: on \w+)?|facebook|x|twitter|linkedin|whatsapp|reddit|pinterest|tumblr|telegram|pocket|threads|bluesky|mastodon|e-?mail|print|copy link|more)[:.]?$/iu;

/**
 * Whole blocks that are page furniture, not article text. Anchored at both
 * ends, so a sentence that merely mentions "share" or "print" is safe. Each
 * rule says how long a block it can match, so long paragraphs skip it.
 */
export const BOILERPLATE_BLOCKS: readonly FurnitureRule[] = [
  // Share, follow and print bars.
  {
    maxChars: 40,
    pattern:
      /^(?:share|share this(?: article| story| page| post)?|share on \w+|tweet(?: this)?|email|e-mail|print|whatsapp|facebook|twitter|linkedin|reddit|pinterest|copy link|link copied|save(?: article)?|gift (?:this )?article)[:.!]?$/iu,
  },
  {
    maxChars: 120,
    pattern:
      /^(?:share|follow)(?: us)?(?: on)?:?(?: (?:facebook|twitter|x|instagram|linkedin|whatsapp|email|youtube|tiktok|threads|bluesky)[,|/]?)+$/iu,
  },
  {
    maxChars: 160,
    pattern:
      /^follow (?:us|@[\w.]+|[\p{Lu}][\p{L}\s]{0,40}) on (?:facebook|twitter|x|instagram|linkedin|youtube|tiktok|threads|bluesky|google news)\b.{0,80}$/iu,
  },
  // Navigation and page chrome.
  {
    maxChars: 50,
    pattern:
      /^(?:scroll to top|back to top|skip to (?:main )?content|sign in|log in|login|register|my account|skip (?:advert|ad|advertisement)|source link|about the author|advertisement|advert|sponsored(?: content)?|story continues below(?: this)? (?:advertisement|ad)|continue reading(?: below| the main story)?|read more|read next|see also|listen to (?:this )?(?:article|story)(?: \d+ min(?:ute)?s?)?|\d+ min(?:ute)?s? read|print this (?:page|article)|view comments|comments|\d+ comments?|comment on this (?:story|article)|leave a (?:comment|reply)|jump to comments|load more|show more)[:.]?$/iu,
  },
  // "Read more: <headline>" / "Related: <headline>" cross-links.
  {
    maxChars: 220,
    pattern:
      /^(?:read more|related|read also|also read|more|see also|watch|listen|recommended|don['’]t miss|must read|lire aussi|à lire aussi|voir aussi|lesen sie auch|mehr zum thema|lee también|leer más|puedes ver|mira|te puede interesar|leggi anche|leia também|lees ook|zobacz (?:też|także|również)|czytaj (?:też|także|również))\s*[:|–—-]\s*\S.{0,200}$/iu,
  },
  // Relative times say when the page was scraped, not when it was written.
  {
    maxChars: 40,
    pattern:
      /^(?:updated|published|posted|last updated)?\s*\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s+ago$/iu,
  },
  // "Reuse this content" and similar licensing links.
  {
    maxChars: 40,
    pattern:
      /^(?:reuse this content|republish this article|licen[cs]e this (?:article|content)|report an error|corrections?)$/iu,
  },
  // An outlet's agency credit line: "Le Monde avec AFP", "The Guardian with
  // agencies".
  {
    maxChars: 100,
    pattern:
      /^[\p{Lu}][\p{L}'’&. ]{1,40} (?:avec|with|mit|con|com) (?:AFP|AP|Reuters|dpa|EFE|ANSA|Lusa|agencies|agences|Agenturen|agencias|agenzie)(?:(?:,| et| and| und| y| e) (?:AFP|AP|Reuters|dpa|EFE|ANSA|Lusa))*\.?$/u,
  },
  // Reader-feedback widgets and prompts, in the languages most pages are
  // written in: a rating box ("Was this article helpful?", "Click on a
  // star to rate it!"), a like button's "Like Loading…", an error-report
  // invitation ("Spotted an error? Let us know"), a call for comments or
  // letters ("What do you think? Tell us in the comments"). Each opens
  // with a question or a request to the reader, which no news sentence
  // does in these words.
  {
    maxChars: 200,
    pattern:
      /^(?:(?:was|is) this (?:article|post|page|story|information|answer) (?:helpful|useful)|how (?:useful|helpful) was this (?:post|article|page|story)|did you (?:find|like) this (?:article|post|page|story)|rate this (?:article|post|page|story|recipe)|click on a star to rate it|we are sorry that this (?:post|article) was not useful|(?:let us|help us) improve this (?:post|article|page)|tell us how we can improve|share your feedback|(?:have you |did you )?(?:spotted|found|noticed|seen|see) an? (?:error|mistake|typo|inaccuracy)\b[^?]{0,60}\?|what do you think\b[^?]{0,40}\?\s*(?:let us know|tell us|share|leave|write|join|comment)|(?:let us know|tell us) (?:what you think )?in the comments|we want to hear what you think|submit (?:a|your) letter to the editor|war (?:der|dieser) (?:artikel|beitrag|text) (?:nützlich|hilfreich|interessant)\?|wie (?:hat|gefällt) (?:ihnen|dir) (?:der|dieser) (?:artikel|beitrag)|(?:fehler|tippfehler) (?:gefunden|entdeckt)\?|haben sie einen fehler (?:gefunden|entdeckt)|möchten sie (?:den|diesen) (?:artikel|beitrag) teilen|(?:den|diesen) (?:artikel|beitrag) (?:mit anderen )?teilen(?:\/diskutieren)?:|was meinen sie\?\s*(?:diskutieren|schreiben|kommentieren)|diskutieren sie mit|du musst eingeloggt sein,? um (?:einen )?kommentare? zu schreiben|bei fragen (?:und|oder) anregungen zu diesem (?:artikel|beitrag)|vous avez (?:repéré|trouvé|vu) une erreur|signaler une erreur|(?:¿)?(?:has|ha) (?:encontrado|visto) un error|puede[s]? escribirnos\b|(?:like|gefällt mir|j['’]aime|me gusta) (?:loading|wird geladen|chargement|cargando)\b).{0,200}$/iu,
  },
  // Appeals for support and invitations to follow, beyond English (whose
  // promos the promo patterns catch): "Jede kleine Spende hilft",
  // "Unterstützen Sie unsere Arbeit", "Hazte miembro", "Síguenos en
  // Telegram", "Suivez-nous sur Facebook", "Zapraszamy do subskrypcji".
  // Imperatives addressed to the reader, at the start of a short block.
  {
    maxChars: 200,
    pattern:
      /^(?:jede (?:kleine |noch so kleine )?spende\b|jetzt (?:spenden|unterstützen|abonnieren)\b|spenden sie\b|unterstützen sie (?:uns|unsere arbeit|unseren journalismus)\b|unterstütze (?:uns|unsere arbeit|\p{Lu}\p{L}+ (?:bereits )?(?:mit|ab))\b|folg(?:en sie|e) uns (?:auf|bei)\b|hazte (?:miembro|socio|suscriptor)\b|s[ií]guenos en\b|suscr[ií]bete\b|apoya (?:nuestro|el) periodismo\b|suivez-nous (?:sur|on)\b|abonnez-vous\b|soutenez(?:-nous| notre| le journalisme)\b|faites un don\b|seguici su\b|sostienici\b|siga-nos\b|obserwuj nas\b|zapraszamy (?:też |także |również )?do (?:subskrypcji|prenumeraty)|(?:¿ya sabías que )?en [\p{L}.]+ tenemos canal de (?:telegram|whatsapp|youtube)|¡?mira lo que tiene nuestro canal).{0,200}$/iu,
  },
  // An advertising label alone ("- Anzeige -", "*Werbung*", "Publicidad").
  {
    maxChars: 30,
    pattern:
      /^[-–—*|\s[(]*(?:anzeige|werbung|publicidad|publicité|reklama|pubblicità)[-–—*|\s\])]*$/iu,
  },
  // Copyright lines.
  { maxChars: 215, pattern: /^(?:©|\(c\)\s|copyright\b).{0,200}$/i },
  // Wire-service standards lines.
  { maxChars: 115, pattern: /^our standards:.{0,100}$/iu },
];

/**
 * Furniture recognised anywhere in a block, each behind a keyword that the
 * lower-cased block must contain: an unanchored case-insensitive regex is
 * slow in V8, a substring test is not.
 */
export const KEYWORD_BOILERPLATE: readonly {
  readonly keyword: string;
  readonly pattern: RegExp;
}[] = [
  { keyword: 'rights reserved', pattern: /\ball rights reserved\.?$/i },
  // Affiliate and advertising disclosures: "This post contains affiliate
  // links", "If you buy through our links we may earn a commission",
  // "Für Links auf dieser Seite erhält … eine Provision", "Dieser Beitrag
  // enthält Werbung", "Cet article contient des liens affiliés".
  {
    keyword: 'affiliate',
    pattern:
      /\b(?:contains?|includes?|uses?) affiliate links\b|\baffiliate links?\b.{0,80}\b(?:commission|earn)\b/i,
  },
  {
    keyword: 'commission',
    pattern:
      /\b(?:we|I) (?:may |might |could )?(?:earn|receive|get|make) (?:a )?(?:small )?(?:affiliate )?commission\b/i,
  },
  {
    keyword: 'provision',
    pattern:
      /\bfür (?:links|käufe) (?:auf|über) (?:dieser seite|diese(?:n)? links?)\b.{0,60}\bprovision\b|\b(?:erhalten|bekommen) wir\b.{0,40}\beine (?:kleine )?provision\b/i,
  },
  {
    keyword: 'enthält',
    pattern:
      /^\W{0,3}(?:anzeige|werbung)?\W{0,3}(?:dieser (?:beitrag|artikel|text) )?enthält (?:werbung|affiliate[- ]links|partnerlinks|provisionslinks)\b/i,
  },
  {
    keyword: 'affili',
    pattern: /\bliens? (?:affiliés|d['’]affiliation)\b/i,
  },
  {
    keyword: 'cookie',
    pattern:
      /\b(?:we use cookies|uses cookies|accept (?:all )?cookies|cookie (?:policy|settings|preferences|consent))\b/i,
  },
];

/**
 * A cheap test that every {@link PROMO_PATTERNS} match passes, this or
 * {@link PROMO_OPENING}: for each pattern, its rarest required word. It runs on the lower-cased block (a
 * case-sensitive regex is several times faster in V8), and a block without
 * any of these words skips the patterns. Keep it in step with the patterns
 * (the removal tests in strip-boilerplate.test.ts fail when it is not).
 */
export const PROMO_HINT =
  /free|[$£€]|offer|unlimited|subscri|newsletter|journalism|download|click here|thanks for reading|receiving this|support (?:our|independent|quality)|fund (?:our|independent|quality)|donat|contribution|please support/;

/**
 * The imperative openings of {@link PROMO_PATTERNS} whose other words are
 * common ("Get…", "Join…"), tested apart from {@link PROMO_HINT}: an
 * anchored alternative inside an unanchored regex is tried at every
 * position of the block.
 */
export const PROMO_OPENING =
  /^(?:sign up|register|join|get|support|donate|become)\b/;

/**
 * Phrases that mark a paragraph as a promotion (subscription, newsletter,
 * app, donation). A block of at most {@link MAX_PROMO_WORDS} words that
 * matches any of them is dropped; a long news paragraph that quotes such a
 * phrase is kept.
 */
export const PROMO_PATTERNS: readonly RegExp[] = [
  /\btry [\p{Lu}][\p{L}'’&. ]{0,40} (?:for )?free\b/u,
  /\bfree for \d+ (?:day|week|month)s?\b/iu,
  /\bfree trial\b/iu,
  /\b(?:for just|for only|only|just) [$£€]\s?\d/iu,
  /\b(?:exclusive|limited[- ]time|special|introductory) offer\b/iu,
  /\bunlimited (?:digital )?access\b/iu,
  /\b(?:subscribe|subscription)\b.{0,80}\b(?:now|today|offer|free|from just|per (?:month|week|year)|a (?:month|week|year)|journalism|access)\b/iu,
  /^(?:subscribe|sign up|register|join|download|get|support|donate|become a (?:member|subscriber|supporter))\b.{0,120}\b(?:newsletter|inbox|app|journalism|today|now|free|members?|subscribers?)\b/iu,
  /\bsign up (?:for|to) (?:our|the|my)\b.{0,60}\bnewsletters?\b/iu,
  /\bnewsletter\b.{0,80}\b(?:sign up|subscribe|in your inbox|to your inbox|straight to)\b/iu,
  /\b(?:support|fund) (?:our|independent|quality) (?:journalism|reporting)\b/iu,
  // Donation appeals: "please consider making a contribution today".
  /\bconsider (?:making )?a (?:donation|contribution)\b/iu,
  /\bplease (?:donate|support us)\b/iu,
  /\baward-winning\b.{0,40}\bjournalism\b/iu,
  /\bdownload (?:our|the) (?:free )?(?:\w+ )?app\b/iu,
  /\bclick here\b/iu,
  /^thanks for reading\b/iu,
  /\bunsubscribe\b/iu,
  /\byou (?:are|were) receiving this\b/iu,
];

/**
 * Promos speak to the reader: they start with an imperative or say "you",
 * "your", "our" or "us". A news sentence that reports on a free trial or a
 * newsletter does neither, so a promo pattern alone does not drop it.
 */
export const PROMO_ADDRESS =
  /^(?:subscribe|sign up|try|get|join|download|support|donate|register|become|follow|click|thanks|broaden|enjoy|unlock|start)\b|\b(?:you|your|our|us)\b/i;

/** Longest block, in words, that {@link PROMO_PATTERNS} may drop. */
export const MAX_PROMO_WORDS = 60;

/**
 * Longest block, in characters, tested for promos: promos are a sentence or
 * two (the seed's is 190 characters); news paragraphs are often longer.
 */
export const MAX_PROMO_CHARS = 350;

/**
 * Longest block, in characters, that may be furniture: the longest rule
 * matches about this much, and promos ({@link MAX_PROMO_CHARS}) are shorter.
 */
export const MAX_FURNITURE_CHARS = 450;

/**
 * Blocks that start the page footer. When one appears in the last
 * {@link FOOTER_ZONE} of the body, it and everything after it go (author
 * bios, comment forms, related links); earlier, only the block itself goes.
 */
export const FOOTER_MARKERS: readonly RegExp[] = [
  /^about the author$/iu,
  /^source link$/iu,
  /^scroll to top$/iu,
  /^explore more on (?:these|this) topics?$/iu,
  /^(?:related|more|recommended|similar|popular|latest) (?:posts|articles|stories|news|reads|content)$/iu,
  /^you (?:may|might) (?:also )?(?:like|be interested in|enjoy)$/iu,
  /^(?:leave a (?:reply|comment)|post navigation|comments?(?: \(\d+\))?)$/iu,
  /^(?:tags|topics|filed under|categories)\s*:.{0,300}$/iu,
];

/** Share of the body, counted from its end, where footer markers cut. */
export const FOOTER_ZONE = 0.4;

/**
 * Headings of related-content modules in the middle of the body. The heading
 * goes, and so do the headline-like blocks after it (short, no full stop).
 */
export const MODULE_HEADINGS: readonly RegExp[] = [
  /^(?:related|read more|more on this(?: story)?|more from [\p{L}\s]{1,40}|most (?:read|popular|viewed|shared)|trending(?: now)?|recommended(?: for you)?|what to read next|you (?:may|might) also like|top stories|latest news|more stories|related (?:articles|stories|content|topics|coverage|reading)|in other news|elsewhere on [\p{L}\s]{1,40})[:.]?$/iu,
];

/** Longest headline-like block, in words, that a module may hold. */
export const MAX_MODULE_HEADLINE_WORDS = 20;

/**
 * Photo credits: a credit names an agency or says who took the picture.
 * Matched against the part of a caption line after its separator.
 */
export const CREDIT_KEYWORDS =
  /\b(?:Getty(?: Images)?|Reuters|REUTERS|AP(?: Photo)?|Associated Press|AFP|PA(?: Wire| Media| Images| Archive)?|EPA(?:-EFE)?|EFE|Shutterstock|Alamy|Bloomberg|Xinhua|Anadolu|SOPA(?: Images)?|NurPhoto|LightRocket|Rex|ZUMA(?: Press| Wire)?|Sipa|iStock|Corbis|Pool|Handout|Courtesy|Supplied|supplied|Photograph|Photo|Picture|Image|Credit|KCNA|Kyodo|Yonhap|TASS|Sputnik|Imago|dpa|ANSA|Bildbyrån|Magnum|WENN|Splash|Backgrid|Mirrorpix|Camera Press)\b/u;

/** Longest credit, in words. */
export const MAX_CREDIT_WORDS = 12;

/** Longest caption, in words. */
export const MAX_CAPTION_WORDS = 80;

/**
 * Ways an outlet names itself in its own boilerplate. Group 1 is the name.
 * Matched before boilerplate removal, because that is where the name is.
 */
export const PUBLISHER_PATTERNS: readonly RegExp[] = [
  /^((?:Le |La |Les |The |Der |Die |Das |El |Il )?[\p{Lu}][\p{L}'’&.]*(?: [\p{Lu}][\p{L}'’&.]*){0,3}) (?:avec|with|mit|con|com) (?:AFP|AP|Reuters|dpa|EFE|ANSA|Lusa|agencies|agences|Agenturen|agencias|agenzie)\b/u,
  /\b[Tt]ry ((?:The )?[\p{Lu}][\p{L}'’&.]*(?: [\p{Lu}][\p{L}'’&.]*){0,4}) (?:for )?free\b/u,
  /\b(?:[Ss]ubscribe|[Ss]ign up) to ((?:The )?[\p{Lu}][\p{L}'’&.]*(?: [\p{Lu}][\p{L}'’&.]*){0,4})(?:['’]s)? (?:newsletter|today|now|for|and|from)\b/u,
  /^(?:©|\([cC]\)|[Cc]opyright|COPYRIGHT)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?,?\s+)?((?:The )?[\p{Lu}][\p{L}'’&.]*(?: (?:[\p{Lu}][\p{L}'’&.]*|&|of|and)){0,5})/u,
  /\b(?:[Oo]riginally|[Ff]irst) (?:published|appeared) (?:in|on|by) ((?:The )?[\p{Lu}][\p{L}'’&.]*(?: [\p{Lu}][\p{L}'’&.]*){0,4})/u,
  /\bthis (?:article|story) (?:was )?(?:originally |first )?(?:published|appeared) (?:in|on|by) ((?:The )?[\p{Lu}][\p{L}'’&.]*(?: [\p{Lu}][\p{L}'’&.]*){0,4})/iu,
];

/** Names the publisher patterns must not take: generic promo words. */
export const NOT_PUBLISHERS: ReadonlySet<string> = new Set([
  'all',
  'our',
  'us',
  'it',
  'premium',
  'plus',
  'digital',
  'unlimited',
  'now',
  'today',
  'free',
  'this',
  'the',
]);

/** Corporate suffixes dropped from an inferred publisher name. */
export const PUBLISHER_SUFFIX =
  /(?:\s+(?:Ltd|Limited|Inc|LLC|plc|PLC|Group|Media Group|Company|Co|Corp|Corporation|Holdings)\.?)+$/u;
