/**
 * splitTitleSuffix: "Headline | The Outlet" → "Headline", publisher.
 *
 * The rule for what a site-name suffix is lives in `title-suffix.ts`; the
 * suffix names the publisher when nothing else did.
 */
import type { CleanStep } from '../draft.ts';
import { withField } from '../draft.ts';
import { splitSuffix } from '../title-suffix.ts';

/** Clean step: strip the site name from the title; it may name the publisher. */
export const splitTitleSuffix: CleanStep = (draft) => {
  if (!draft.title) return draft;
  const { title, site } = splitSuffix(draft.title, draft.publisher);
  if (!site) return draft;
  const out = withField(draft, 'title', title);
  return draft.publisher ? out : withField(out, 'publisher', site);
};
