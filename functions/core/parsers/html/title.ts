/**
 * chooseTitle: the page's title among its candidates.
 *
 * Split from the metadata reader because it is the one judgement call
 * there: every other field takes the first source that has a value.
 */

import { splitSuffix } from '../../clean/split-title-suffix.ts';

/** A title longer than this is a paragraph styled as a heading. */
const MAX_TITLE_CHARS = 300;
/** Share of an `<h1>`'s words a meta title must share to confirm it. */
const MIN_TITLE_OVERLAP = 0.5;

/** Title candidates by source. */
export interface TitleCandidates {
  readonly jsonLd?: string;
  readonly og?: string;
  /** Visible `<h1>` texts outside links and page chrome, in order. */
  readonly h1s: readonly string[];
  readonly document?: string;
}

/**
 * The page's title.
 *
 * The visible `<h1>` is what readers (and the WCXB labels) call the title:
 * meta titles are often SEO variants ("… in 2025 – Top 10 Picks") with the
 * site name appended. But sites also use `<h1>` for their logo or name, and
 * some pages hold several. So: drop `<h1>`s that repeat the site name (the
 * publisher, or a meta title's " | Site" suffix); among the rest, take the
 * one sharing most words with the meta titles' headlines, or the only one; with no usable `<h1>`, the first meta
 * title (Open Graph, JSON-LD, `<title>`); `splitTitleSuffix` then removes a
 * " | Site" suffix.
 */
export function chooseTitle(
  titles: TitleCandidates,
  publisher: string | undefined
): string | undefined {
  const metaTitle = titles.og ?? titles.jsonLd ?? titles.document;
  // Compare with the meta titles' headlines, not their " | Site" suffixes,
  // and learn the site's name from those suffixes too.
  const metas = [titles.og, titles.jsonLd, titles.document]
    .filter((t): t is string => t !== undefined)
    .map((t) => splitSuffix(t, publisher));
  const metaWords = new Set(metas.flatMap((m) => wordsOf(m.title)));
  const sites = new Set(
    [publisher, ...metas.map((m) => m.site)]
      .filter((name): name is string => name !== undefined)
      .map((name) => wordsOf(name).join(' '))
  );
  let best: string | undefined;
  let bestOverlap = -1;
  let candidates = 0;
  for (const h1 of titles.h1s) {
    const words = wordsOf(h1);
    if (words.length === 0 || h1.length > MAX_TITLE_CHARS) continue;
    if (sites.has(words.join(' '))) continue;
    candidates++;
    const overlap = words.filter((w) => metaWords.has(w)).length / words.length;
    if (overlap > bestOverlap) {
      best = h1;
      bestOverlap = overlap;
    }
  }
  if (best && (bestOverlap >= MIN_TITLE_OVERLAP || candidates === 1)) {
    return best;
  }
  return metaTitle ?? best;
}

/** Lower-case words of a title, for comparisons. */
const WORD = /[a-z0-9\u00c0-\uffff]+/g;
function wordsOf(text: string | undefined): string[] {
  return text?.toLowerCase().match(WORD) ?? [];
}
