/**
 * Title suffixes: "Headline | The Outlet" → "Headline" and the site name.
 *
 * Page titles carry the site name after a separator. After a bar (`|`) a
 * short run of capitalised words is taken as the outlet; after a dash it
 * only goes when it repeats the publisher already known, because dashes also
 * join two halves of real headlines ("Ukraine war - live").
 *
 * Neutral ground: the `splitTitleSuffix` clean step and the HTML parser's
 * title and publisher choice both split titles with this rule.
 */
import { comparisonKey, countWords } from './text.ts';

const BAR_SUFFIX = /^(.+?)\s+(?:\||::|»)\s+([^|]+)$/u;
const DASH_SUFFIX = /^(.+)\s+[-–—]\s+([^-–—]+)$/u;
const SITE_NAME =
  /^(?:[\p{Lu}\p{N}][\p{L}\p{N}'’&.!-]*|&|of|and|the|on)(?:\s+(?:[\p{Lu}\p{N}][\p{L}\p{N}'’&.!-]*|&|of|and|the|on))*$/u;
const MAX_SITE_WORDS = 5;
const MIN_HEADLINE_WORDS = 3;

/** Splits a site-name suffix off `title`, given the publisher if known. */
export function splitSuffix(
  title: string,
  publisher: string | undefined
): { title: string; site?: string } {
  const known = publisher ? comparisonKey(publisher) : undefined;
  const bar = title.match(BAR_SUFFIX);
  if (bar?.[1] && bar[2]) {
    const site = bar[2].trim();
    if (
      countWords(bar[1]) >= MIN_HEADLINE_WORDS &&
      (comparisonKey(site) === known ||
        (countWords(site) <= MAX_SITE_WORDS && SITE_NAME.test(site)))
    ) {
      return { title: bar[1].trim(), site };
    }
  }
  const dash = title.match(DASH_SUFFIX);
  if (
    dash?.[1] &&
    dash[2] &&
    known &&
    comparisonKey(dash[2]) === known &&
    countWords(dash[1]) >= MIN_HEADLINE_WORDS
  ) {
    return { title: dash[1].trim(), site: dash[2].trim() };
  }
  return { title };
}
