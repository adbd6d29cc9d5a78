/**
 * chooseTitle: the page's title among its candidates.
 *
 * Split from the metadata reader because it is the one judgement call
 * there: every other field takes the first source that has a value.
 *
 * A page names itself up to four times: the visible `<h1>`, `og:title`,
 * the JSON-LD `headline` and the `<title>`. Each can be wrong in its own
 * way: the `<h1>` may be the logo, a section name ("Blog") or a call to
 * action ("Form your LLC today"); the meta titles carry the site's name
 * (" | Site", "Site: …") and are sometimes SEO variants of the headline.
 * So the candidates vote:
 * 1. learn the site's names: the publisher and the host name;
 * 2. cut those names off the meta titles, with a section name printed
 *    between the headline and the site's name ("Headline | Nutrition |
 *    CDC"), which leaves their headlines (with no name of the site known,
 *    a last part that reads as one goes, with the sections before it);
 *    the same trailing names come off an `<h1>` that repeats the whole
 *    `<title>`;
 * 3. take the `<h1>` that shares most words with those headlines, when it
 *    shares enough of them ({@link MIN_AGREEMENT}): a rewording of the
 *    headline is the title readers see, while an `<h1>` sharing (almost)
 *    no word with every meta title names something else; when the two say
 *    nearly the same words ({@link SAME_TITLE}), the meta headline;
 * 4. otherwise take the headline most meta titles agree on.
 */

import { splitSuffix } from '../../title-suffix.ts';

/** A title longer than this is a paragraph styled as a heading. */
const MAX_TITLE_CHARS = 300;
/**
 * Least share of words (Jaccard: shared words over all distinct words)
 * that an `<h1>` must have in common with a meta headline to be taken as
 * the title. Measured on the WCXB development pages: where the `<h1>` and
 * the meta titles disagree, an `<h1>` sharing less than a fifth of its
 * words with them is the wrong title six times out of seven (a section
 * name, a site name, a teaser line), and one sharing more is the right one
 * about three times out of four.
 */
const MIN_AGREEMENT = 0.2;
/**
 * Share of words above which an `<h1>` and a meta headline are one title
 * written twice ("The best X of 2026" and "Best X of 2026", "Pros and
 * cons" and "Pros & cons"). The meta headline is then the title: it is
 * the one the publisher typed as the title, while the heading is styled
 * copy that picks up a leading "The", a date or a line break.
 */
const SAME_TITLE = 0.8;
/** Most words in a site name ("The Motley Fool", "Freightwaves Checkpoint"). */
const MAX_SITE_WORDS = 5;
/** Most words in a section name ("Science fiction books"). */
const MAX_SECTION_WORDS = 5;
/** First words of a subtitle, which a section name does not start with. */
const SUBTITLE_START = /^(?:a|an|the|and|or|but)\b/i;
/** Most words in a headline; a longer part of sentences is a tagline. */
const MAX_HEADLINE_WORDS = 15;
/** A tagline's end: a full stop (not an ellipsis), then closing quotes. */
const TAGLINE_END = /(?<!\.)\.["'”’)]*$/u;
/** A sentence ending inside a part: a lower-case word, `.`/`!`/`?`, a capital. */
const INNER_SENTENCE_END = /\p{Ll}{2}[.!?]["'”’)]*\s+["'“‘(]?\p{Lu}/u;
/** Shortest site name matched against the host (`bbc`, `npr` are 3). */
const MIN_HOST_MATCH_CHARS = 3;
/**
 * Separators between a headline and a site name or between two parts of a
 * `<title>`: a bar (with or without spaces), and spaced dashes, bullets,
 * guillemets, tildes, slashes and double colons. A single colon is not one:
 * it joins the two halves of most headlines ("Wine for Beginners: A Guide").
 */
const TITLE_SEPARATOR = /\s*\|\s*|\s+(?:[-–—·•»~/]|::)\s+/g;
/** A title part that is a domain name: `davidbau.com`, `Move.org`. */
const DOMAIN_NAME = /^[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$/i;
/** Labels of a host name that never name the site. */
const GENERIC_HOST_LABELS: ReadonlySet<string> = new Set([
  'www',
  'm',
  'amp',
  'blog',
  'blogs',
  'news',
  'en',
  'com',
  'org',
  'net',
  'co',
  'uk',
  'io',
  'gov',
  'edu',
]);
/**
 * Words left out when comparing titles: English function words, which
 * make any two titles look alike ("in", "to", "the" in both). Titles in
 * other languages compare on all their words, which only makes the test
 * stricter there.
 */
const STOP_WORDS: ReadonlySet<string> = new Set(
  'a an and are as at be by for from how in is it of on or our the this to what with you your'.split(
    ' '
  )
);
/**
 * Characters dropped from a compact key: all but letters and digits
 * (`TheBestVPN.com` → `thebestvpncom`, `JOHNSON’S®` → `johnsons`).
 */
const NOT_COMPACT = /[^\p{L}\p{N}]+/gu;
/** Lower-case words of a title, for comparisons. */
const WORD = /[a-z0-9\u00c0-\uffff]+/g;

/** Title candidates by source. */
export interface TitleCandidates {
  readonly jsonLd?: string;
  readonly og?: string;
  /** Visible `<h1>` texts outside links and page chrome, in order. */
  readonly h1s: readonly string[];
  readonly document?: string;
}

/** What else the page says about the site, to recognise its name. */
export interface TitleContext {
  /** The publisher (JSON-LD publisher, `og:site_name`). */
  readonly publisher?: string | undefined;
  /** The page's URL, whose host name usually spells the site's name. */
  readonly url?: string | undefined;
}

/**
 * The page's title.
 *
 * @example
 * ```ts
 * chooseTitle({
 *   h1s: ['Blog'],
 *   og: 'How tides turn mills | Tidal Mills',
 *   document: 'How tides turn mills | Tidal Mills',
 * }, { publisher: 'Tidal Mills' });
 * // 'How tides turn mills'
 * ```
 */
export function chooseTitle(
  titles: TitleCandidates,
  context: TitleContext = {}
): string | undefined {
  const rawMetas = [titles.og, titles.jsonLd, titles.document].filter(
    (t): t is string => t !== undefined
  );
  const sites = siteNames(context, rawMetas);
  const cut = rawMetas.map((t) => headlineOf(t, sites, context.publisher));
  const headlines = cut.map((c) => c.headline);
  const sections = new Set(cut.flatMap((c) => c.sections));
  // A meta title that is only the site's name ("Acme") has no vote, but
  // still beats having no title at all.
  const metas = headlines.filter((m) => !isSiteName(m, sites, false));
  const h1s = titles.h1s.map((text) =>
    withoutTrailingNames(text, sites, sections)
  );
  const h1 = bestHeading(h1s, metas, sites);
  if (h1?.closest && h1.agreement >= SAME_TITLE) return h1.closest;
  // A post header printed as one heading: the headline and its date
  // ("Dec 18 2025 Preparing a transition"). The meta headline is the title.
  if (h1?.closest && isDated(h1.text, h1.closest)) return h1.closest;
  if (h1 && (metas.length === 0 || h1.agreement >= MIN_AGREEMENT)) {
    return h1.text;
  }
  return consensus(metas) ?? h1?.text ?? consensus(headlines);
}

/** Month names and their abbreviations, lower case. */
const MONTH =
  /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)$/;
/** A day or year: `18`, `18th`, `2025`. */
const DAY_OR_YEAR = /^\d{1,4}(?:st|nd|rd|th)?$/;

/**
 * Whether `heading` is `headline` with a date before or after it: only
 * days, years and a month name ("Dec 18 2025"), so that a count ("10
 * Reasons to…") or a version ("Python 3.13") is not taken for one.
 */
function isDated(heading: string, headline: string): boolean {
  const extra = wordsAround(wordsOf(heading), wordsOf(headline));
  if (!extra) return false;
  return (
    extra.some((word) => MONTH.test(word)) &&
    extra.some((word) => DAY_OR_YEAR.test(word)) &&
    extra.every((word) => MONTH.test(word) || DAY_OR_YEAR.test(word))
  );
}

/** A candidate `<h1>` and how well the meta headlines confirm it. */
interface ScoredHeading {
  readonly text: string;
  readonly agreement: number;
  /** The meta headline it agrees with most. */
  readonly closest?: string | undefined;
}

/**
 * The `<h1>` sharing most words with any meta headline, first one on a
 * tie; `<h1>`s that are the site's name, a paragraph, or no words at all
 * (a vote count, an icon) never are the title.
 */
function bestHeading(
  h1s: readonly string[],
  metas: readonly string[],
  sites: SiteNames
): ScoredHeading | undefined {
  let best: ScoredHeading | undefined;
  for (const text of h1s) {
    const words = wordsOf(text);
    if (text.length > MAX_TITLE_CHARS || !words.some(isLetterWord)) continue;
    if (isSiteName(text, sites, false)) continue;
    let agreement = 0;
    let closest: string | undefined;
    for (const meta of metas) {
      const share = jaccard(contentWords(text), contentWords(meta));
      if (share > agreement) {
        agreement = share;
        closest = meta;
      }
    }
    // A later `<h1>` must agree better: the first is the page's own.
    if (!best || agreement > best.agreement) {
      best = { text, agreement, closest };
    }
  }
  return best;
}

/**
 * The headline most meta titles agree on; on a tie the first of Open
 * Graph, JSON-LD and `<title>`, the order in which publishers fill them
 * with care (the `<title>` is the one most often stuffed for search).
 */
function consensus(metas: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestVotes = 0;
  for (const meta of metas) {
    const key = wordsOf(meta).join(' ');
    const votes = metas.filter((m) => wordsOf(m).join(' ') === key).length;
    if (votes > bestVotes) {
      best = meta;
      bestVotes = votes;
    }
  }
  return best;
}

/** The site's names, as compact keys, and its host name's labels. */
interface SiteNames {
  readonly keys: ReadonlySet<string>;
  readonly hostLabels: readonly string[];
  readonly host: string;
}

/**
 * What the site calls itself: the publisher (and each part of a
 * publisher like "Acme – Tools for makers"), the host name, what one
 * meta title adds around another, and domain names printed in the meta
 * titles.
 */
function siteNames(context: TitleContext, metas: readonly string[]): SiteNames {
  const keys = new Set<string>();
  if (context.publisher) {
    keys.add(compactKey(context.publisher));
    for (const part of partsOf(context.publisher)) keys.add(compactKey(part));
  }
  keys.delete('');
  const host = hostOf(context.url);
  const hostLabels = host
    .split('.')
    .filter((label) => !GENERIC_HOST_LABELS.has(label));
  // What one meta title adds around another is the site's name:
  // `<title>` "Engora Data Blog: Small models" around og "Small models".
  for (const long of metas) {
    for (const short of metas) {
      const extra = wordsAround(wordsOf(long), wordsOf(short));
      if (extra && extra.length <= MAX_SITE_WORDS) keys.add(extra.join(''));
    }
  }
  // A domain name printed in a title ("SoundStage! | SoundStage.com - …")
  // spells the site as the host does, for pages that state no URL.
  for (const meta of metas) {
    for (const part of partsOf(meta)) {
      if (!DOMAIN_NAME.test(part)) continue;
      const label = part
        .toLowerCase()
        .replace(/^www\./, '')
        .split('.')[0];
      if (label && !GENERIC_HOST_LABELS.has(label)) {
        hostLabels.push(compactKey(label));
      }
    }
  }
  return { keys, hostLabels, host: compactKey(host) };
}

/**
 * The words `long` has before or after all of `short`, when it starts or
 * ends with `short` and has more; otherwise undefined.
 */
function wordsAround(
  long: readonly string[],
  short: readonly string[]
): string[] | undefined {
  if (short.length === 0 || long.length <= short.length) return undefined;
  const startsWith = short.every((word, i) => long[i] === word);
  if (startsWith) return long.slice(short.length);
  const offset = long.length - short.length;
  const endsWith = short.every((word, i) => long[offset + i] === word);
  return endsWith ? long.slice(0, offset) : undefined;
}

/** The host name of a URL, lower case, without `www.`; '' for none. */
function hostOf(url: string | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
  } catch {
    return '';
  }
}

/**
 * Whether a title part is the site's name: a known name, a domain name,
 * or a short part that the host name spells ("Move.org", "Splunk" on
 * splunk.com, "Lessons Learned" on startuplessonslearned.com). With
 * `extended`, also a part that starts with the host's name ("Freightwaves
 * Checkpoint" on freightwaves.com): right for a part a separator cut off,
 * too loose for a whole heading ("Austin Hardware Catalog" is a page on
 * austinhardware.com).
 */
function isSiteName(part: string, sites: SiteNames, extended = true): boolean {
  const key = compactKey(part);
  if (!key) return true;
  if (sites.keys.has(key)) return true;
  if (wordsOf(part).length > MAX_SITE_WORDS) return false;
  if (DOMAIN_NAME.test(part.trim()) || key === sites.host) return true;
  if (key.length < MIN_HOST_MATCH_CHARS) return false;
  return sites.hostLabels.some(
    (label) =>
      label.length >= MIN_HOST_MATCH_CHARS &&
      (label.startsWith(key) ||
        label.endsWith(key) ||
        (extended && key.startsWith(label)))
  );
}

/** A meta title's headline, and the section names cut to reach it. */
interface Headline {
  readonly headline: string;
  /** Compact keys of the section names cut after the headline. */
  readonly sections: readonly string[];
}

/**
 * A meta title without the site's name: parts that name the site are cut
 * from either end, with section names between the headline and a site name
 * cut at the end, then a " | Short Capitalised Name" suffix goes as the
 * clean step would cut it (see `splitSuffix`).
 */
function headlineOf(
  title: string,
  sites: SiteNames,
  publisher: string | undefined
): Headline {
  const spans = partSpans(title);
  let first = 0;
  let last = spans.length - 1;
  const lastPart = last;
  while (last > first && isSiteName(spanText(title, spans[last]), sites)) {
    last--;
  }
  // "Headline | Section | Site": what stands between the headline and the
  // site's name is the section the page is filed under.
  const sections: string[] = [];
  while (
    last < lastPart &&
    last > first &&
    isSectionName(spanText(title, spans[last]))
  ) {
    sections.push(compactKey(spanText(title, spans[last])));
    last--;
  }
  // No name of the site is known (no URL, no publisher), and the title is
  // "Headline | Section | Site Name": the last part reads as a site's name
  // (as the clean step cuts it), and sections stand between it and the
  // headline. Both are cut, as for a site whose name is known; their names
  // come off an `<h1>` that repeats the title.
  if (last === lastPart) {
    const unnamed = unnamedSiteCut(title, spans, first);
    if (unnamed) {
      for (const name of unnamed.names) sections.push(name);
      last = unnamed.last;
    }
  }
  while (first < last && isSiteName(spanText(title, spans[first]), sites)) {
    first++;
  }
  // After the site's name is gone: a tagline follows a headline, so it is
  // never the one part left.
  while (last > first && isTagline(spanText(title, spans[last]))) last--;
  const start = spans[first]?.[0] ?? 0;
  const end = spans[last]?.[1] ?? title.length;
  const headline = title.slice(start, end).trim();
  return { headline: splitSuffix(headline, publisher).title, sections };
}

/**
 * "Headline | Section | Site Name" with no name of the site known: the
 * index of the headline's part and the compact keys of the parts after it,
 * when the last part is the site's name as `splitSuffix` cuts it and every
 * part between is a section name, leaving one part; else undefined.
 */
function unnamedSiteCut(
  title: string,
  spans: readonly [number, number][],
  first: number
): { last: number; names: string[] } | undefined {
  const lastPart = spans.length - 1;
  if (lastPart < first + 2) return undefined;
  const site = spanText(title, spans[lastPart]).trim();
  if (splitSuffix(title, undefined).site !== site) return undefined;
  const names = [compactKey(site)];
  for (let i = lastPart - 1; i > first; i--) {
    const part = spanText(title, spans[i]);
    if (!isSectionName(part)) return undefined;
    names.push(compactKey(part));
  }
  return { last: first, names };
}

/**
 * Whether a title part reads as a section name ("Patient Education",
 * "Python, SQL & AI"): a few words, capitalised, with no sentence
 * punctuation, and not starting like a subtitle ("A Beginner's Guide",
 * "and how to fix it").
 */
function isSectionName(part: string): boolean {
  const text = part.trim();
  return (
    wordsOf(text).length <= MAX_SECTION_WORDS &&
    /^[\p{Lu}\p{N}]/u.test(text) &&
    !/[.!?:]/.test(text) &&
    !SUBTITLE_START.test(text)
  );
}

/**
 * An `<h1>` without trailing parts that name the site or a section
 * ("Headline | Patient Education"): some templates print the whole
 * `<title>` as the heading.
 */
function withoutTrailingNames(
  text: string,
  sites: SiteNames,
  sections: ReadonlySet<string>
): string {
  const spans = partSpans(text);
  let last = spans.length - 1;
  while (last > 0) {
    const part = spanText(text, spans[last]);
    if (!sections.has(compactKey(part)) && !isSiteName(part, sites)) {
      break;
    }
    last--;
  }
  if (last === spans.length - 1) return text;
  return text.slice(spans[0]?.[0] ?? 0, spans[last]?.[1] ?? text.length).trim();
}

/**
 * Whether a title part is the site's tagline or description ("… | I’m
 * attempting to adventure peacefully… a peaceful climate. Slow, minimalist,
 * vegan… Because everyone deserves peace."): longer than a headline, and
 * more than one sentence, the last ending in a full stop. A headline may be
 * one long sentence, end in `?`, `!` or `...`, or abbreviate ("U.S.").
 */
function isTagline(part: string): boolean {
  return (
    wordsOf(part).length > MAX_HEADLINE_WORDS &&
    TAGLINE_END.test(part) &&
    INNER_SENTENCE_END.test(part)
  );
}

/** [start, end) of each part of a title between separators. */
function partSpans(title: string): [number, number][] {
  const spans: [number, number][] = [];
  let start = 0;
  for (const match of title.matchAll(TITLE_SEPARATOR)) {
    const index = match.index ?? 0;
    if (index > start) spans.push([start, index]);
    start = index + match[0].length;
  }
  if (start < title.length) spans.push([start, title.length]);
  return spans;
}

function spanText(title: string, span: [number, number] | undefined): string {
  return span ? title.slice(span[0], span[1]) : '';
}

/** The parts of a title between separators, trimmed. */
function partsOf(title: string): string[] {
  return partSpans(title)
    .map((span) => spanText(title, span).trim())
    .filter(Boolean);
}

/** Shared distinct words over all distinct words of two titles. */
function jaccard(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  let shared = 0;
  for (const word of left) if (right.has(word)) shared++;
  const all = left.size + right.size - shared;
  return all === 0 ? 0 : shared / all;
}

/** Lower-case letters and digits only, for comparing names. */
function compactKey(text: string): string {
  return text.toLowerCase().replace(NOT_COMPACT, '');
}

function wordsOf(text: string | undefined): string[] {
  return text?.toLowerCase().match(WORD) ?? [];
}

/** The words that tell titles apart: all words but function words. */
function contentWords(text: string): string[] {
  const words = wordsOf(text);
  const content = words.filter((word) => !STOP_WORDS.has(word));
  return content.length > 0 ? content : words;
}

/** A word with a letter in it (not a count like "94"). */
function isLetterWord(word: string): boolean {
  return /[^0-9]/.test(word);
}
