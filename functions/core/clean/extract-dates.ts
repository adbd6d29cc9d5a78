/**
 * extractDates: `publishedAt` and `modifiedAt` from date lines.
 *
 * "Updated 14 September 2023 10:32am" and "Last modified …" give
 * `modifiedAt`; "Published …", "Posted on …", "First published …" and a
 * bare date line give `publishedAt`. Only meta lines are read (see
 * `meta-lines.ts`), and a date the draft already has (from metadata) wins.
 */
import { parseDate } from '../dates.ts';
import type { CleanStep, Draft } from '../draft.ts';
import { withField } from '../draft.ts';
import { takeMetaParts } from './meta-lines.ts';

/** "Updated", "Last modified", and the same in other languages. */
const MODIFIED =
  /^(?:last\s+)?(?:updated|modified|edited|amended|mis à jour|modifié|aktualisiert|geändert|actualizado|aggiornato|atualizado|bijgewerkt)(?:\s+(?:on|le|am|el|il|em|op))?\s*:?\s*(.+)$/iu;
/** "Published", "Posted on", and the same in other languages. */
const PUBLISHED =
  /^(?:(?:first\s+)?published|posted|date|dated|released|filed|publié|veröffentlicht|publicado|pubblicato|gepubliceerd)(?:\s+(?:on|le|am|el|il|em|op))?\s*:?\s*(.+)$/iu;

/** Longest date line: "Last updated on Thursday 14 September 2023 10.17 BST". */
const MAX_DATE_LINE_CHARS = 80;

/** Clean step: move date lines from the body into the date fields. */
export const extractDates: CleanStep = (draft) => {
  let publishedAt: string | undefined;
  let modifiedAt: string | undefined;
  const next = takeMetaParts(draft, (part) => {
    // A date line, prefix and all, is short; longer parts are not read.
    if (part.length > MAX_DATE_LINE_CHARS) return false;
    const modified = part.match(MODIFIED)?.[1];
    const modifiedDate = modified ? parseDate(modified) : undefined;
    if (modifiedDate) {
      modifiedAt ??= modifiedDate;
      return true;
    }
    const published = parseDate(part.match(PUBLISHED)?.[1] ?? part);
    if (published) {
      publishedAt ??= published;
      return true;
    }
    return false;
  });
  let out: Draft = next;
  if (publishedAt && !draft.publishedAt) {
    out = withField(out, 'publishedAt', publishedAt);
  }
  if (modifiedAt && !draft.modifiedAt) {
    out = withField(out, 'modifiedAt', modifiedAt);
  }
  return out;
};
