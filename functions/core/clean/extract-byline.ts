/**
 * extractByline: authors from "By …" lines and wire credit lines.
 *
 * Only meta lines are read (see `meta-lines.ts`); which of them are
 * bylines, and whose names they give, is the grammar of `bylines.ts`
 * (a line whose names do not look like names stays in the body).
 */
import { bylineAuthors } from '../bylines.ts';
import type { CleanStep } from '../draft.ts';
import { takeMetaParts } from './meta-lines.ts';

/** Clean step: move bylines from the body into `authors`. */
export const extractByline: CleanStep = (draft) => {
  const found: string[] = [];
  const next = takeMetaParts(draft, (part) => {
    const names = bylineAuthors(part);
    if (!names) return false;
    for (const name of names) found.push(name);
    return true;
  });
  if (found.length === 0 && next.body.length === draft.body.length) {
    return draft;
  }
  const authors = [...new Set([...draft.authors, ...found])];
  return { ...next, authors };
};
