/**
 * detectLanguage: the article's language as an ISO 639-1 code.
 *
 * A language the source declared (metadata, `<html lang>`) is kept, reduced
 * to its primary subtag (`en-GB` → `en`). Otherwise franc-min guesses from
 * trigrams of the text. franc names ISO 639-3 codes; ICU's locale
 * canonicalisation maps those that have a two-letter code (`eng` → `en`),
 * and a language without one is left unset rather than invented.
 */
import { franc } from 'franc-min';
import type { CleanStep } from '../draft.ts';
import { withField } from '../draft.ts';

/** franc needs this many characters to be reliable. */
const MIN_DETECT_CHARS = 50;
/** Trigram statistics settle long before this many characters. */
const SAMPLE_CHARS = 4000;

/** The ISO 639-1 code for a BCP 47 or ISO 639-3 tag, if it has one. */
export function toIso6391(tag: string): string | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag.trim());
    const primary = canonical?.split('-')[0]?.toLowerCase();
    return primary && /^[a-z]{2}$/u.test(primary) ? primary : undefined;
  } catch {
    return undefined;
  }
}

/** Guesses the language of `text`; undefined when too short or unsure. */
export function guessLanguage(text: string): string | undefined {
  if (text.length < MIN_DETECT_CHARS) return undefined;
  const code = franc(text.slice(0, SAMPLE_CHARS), {
    minLength: MIN_DETECT_CHARS,
  });
  return code === 'und' ? undefined : toIso6391(code);
}

/** Clean step: set `language` from the declaration or the text. */
export const detectLanguage: CleanStep = (draft) => {
  const declared = draft.language ? toIso6391(draft.language) : undefined;
  const text = [draft.title, draft.standfirst, ...draft.body.map((b) => b.text)]
    .filter(Boolean)
    .join('\n');
  return withField(draft, 'language', declared ?? guessLanguage(text));
};
