/**
 * stripBoilerplate: drop page furniture from the body.
 *
 * Four kinds, each a list of rules in `rules.ts`:
 * - furniture blocks (share bars, also as lists of network names,
 *   "Advertisement", copyright lines);
 * - promos: short blocks with subscription, newsletter or app phrases that
 *   address the reader;
 * - related-content modules: a module heading and the headlines under it;
 * - the footer: from a footer marker ("About The Author") near the end of
 *   the body to the end.
 */
import type { Block, CleanStep } from '../draft.ts';
import { countWords, isShortUnfinished } from '../text.ts';
import {
  BOILERPLATE_BLOCKS,
  FOOTER_MARKERS,
  FOOTER_ZONE,
  KEYWORD_BOILERPLATE,
  MAX_FURNITURE_CHARS,
  MAX_MODULE_HEADLINE_WORDS,
  MAX_PROMO_CHARS,
  MAX_PROMO_WORDS,
  MODULE_HEADINGS,
  PROMO_ADDRESS,
  PROMO_HINT,
  PROMO_OPENING,
  PROMO_PATTERNS,
  SHARE_ITEM,
} from './rules.ts';

/** Whether `text` is a furniture block or a promo. */
export function isBoilerplate(text: string): boolean {
  // Every furniture and promo rule is bounded under this length; long news
  // paragraphs skip the rules entirely.
  if (text.length > MAX_FURNITURE_CHARS) return false;
  if (
    BOILERPLATE_BLOCKS.some(
      ({ pattern, maxChars }) => text.length <= maxChars && pattern.test(text)
    )
  ) {
    return true;
  }
  const lower = text.toLowerCase();
  if (
    KEYWORD_BOILERPLATE.some(
      ({ keyword, pattern }) => lower.includes(keyword) && pattern.test(text)
    )
  ) {
    return true;
  }
  return isPromo(text, lower);
}

/** Whether `text` is a promo: short, a promo phrase, and addressed to the reader. */
function isPromo(text: string, lower: string): boolean {
  return (
    text.length <= MAX_PROMO_CHARS &&
    (PROMO_HINT.test(lower) || PROMO_OPENING.test(lower)) &&
    countWords(text) <= MAX_PROMO_WORDS &&
    PROMO_ADDRESS.test(text) &&
    PROMO_PATTERNS.some((rule) => rule.test(text))
  );
}

function isFooterMarker(text: string): boolean {
  return FOOTER_MARKERS.some((rule) => rule.test(text));
}

function isModuleHeading(text: string): boolean {
  return MODULE_HEADINGS.some((rule) => rule.test(text));
}

/** A related-content headline: short, and not a sentence. */
function isHeadlineLike(block: Block): boolean {
  return (
    (block.type === 'paragraph' || block.type === 'heading') &&
    isShortUnfinished(block.text, MAX_MODULE_HEADLINE_WORDS)
  );
}

/** Index of the first footer marker in the footer zone, or the body length. */
function footerStart(body: readonly Block[]): number {
  const zoneStart = Math.floor(body.length * (1 - FOOTER_ZONE));
  for (let i = zoneStart; i < body.length; i++) {
    const block = body[i];
    if (block && isFooterMarker(block.text)) return i;
  }
  return body.length;
}

/** A list of share-network names: a share bar laid out as a list. */
function isShareList(block: Block): boolean {
  return (
    block.type === 'list' &&
    (block.items?.length ?? 0) > 0 &&
    (block.items ?? []).every((item) => SHARE_ITEM.test(item.trim()))
  );
}

/** Clean step: remove furniture, promos, related modules and the footer. */
export const stripBoilerplate: CleanStep = (draft) => {
  const body = draft.body.slice(0, footerStart(draft.body));
  const kept: Block[] = [];
  for (let i = 0; i < body.length; i++) {
    const block = body[i] as Block;
    if (block.type === 'code') {
      kept.push(block);
      continue;
    }
    if (isModuleHeading(block.text)) {
      // Skip the module's headlines (or its one list) up to the next prose.
      while (i + 1 < body.length) {
        const next = body[i + 1] as Block;
        if (!isHeadlineLike(next) && next.type !== 'list') break;
        i++;
        if (next.type === 'list') break;
      }
      continue;
    }
    if (isBoilerplate(block.text) || isFooterMarker(block.text)) continue;
    if (isShareList(block)) continue;
    kept.push(block);
  }
  return { ...draft, body: kept };
};
