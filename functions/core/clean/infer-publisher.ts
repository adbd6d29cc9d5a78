/**
 * inferPublisher: name the outlet from its own boilerplate.
 *
 * Promos ("Try The Telegraph free for 1 month"), copyright lines and
 * "originally published in" notes name the outlet. This step reads them
 * before `stripBoilerplate` removes them, and only when no metadata has
 * already said who the publisher is.
 */
import type { CleanStep } from '../draft.ts';
import { withField } from '../draft.ts';
import {
  NOT_PUBLISHERS,
  PUBLISHER_PATTERNS,
  PUBLISHER_SUFFIX,
} from './rules.ts';

/** Trailing function words a greedy name match may have swallowed. */
const TRAILING_JOINERS = /(?:\s+(?:&|of|and))+$/u;

/** The publisher named in `text`, if one of the patterns finds it. */
export function publisherIn(text: string): string | undefined {
  for (const pattern of PUBLISHER_PATTERNS) {
    const name = text.match(pattern)?.[1];
    if (!name) continue;
    // A name ends at a full stop: "The Associated Press. All rights…".
    const clean = (name.split(/\.\s/u)[0] ?? '')
      .replace(/[.’']+$/u, '')
      .replace(PUBLISHER_SUFFIX, '')
      .replace(TRAILING_JOINERS, '')
      .trim();
    if (clean && !NOT_PUBLISHERS.has(clean.toLowerCase())) return clean;
  }
  return undefined;
}

/** Clean step: set `publisher` from the text when nothing else has. */
export const inferPublisher: CleanStep = (draft) => {
  if (draft.publisher) return draft;
  // Outlets put promos and copyright lines at the end: search backwards.
  for (const block of [...draft.body].reverse()) {
    const name = publisherIn(block.text);
    if (name) return withField(draft, 'publisher', name);
  }
  return draft;
};
