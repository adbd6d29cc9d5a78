/**
 * repairDraft / repairField: text that was UTF-8, read as Windows-1252,
 * and saved as UTF-8 again ("Investorâ€™s" for "Investor’s", "Â®" for "®").
 *
 * This is not a decoding error of ours: the page's bytes hold the garbled
 * characters, because a CMS or a template read its own UTF-8 as Latin-1
 * somewhere. Readers see the garbage too, but it breaks every word it
 * touches ("dogâ€™s" is not "dog’s"), and it often sits in the title.
 *
 * A garbled character is a UTF-8 lead byte (read as `Â`–`ô`) followed by
 * one to three continuation bytes (read as Latin-1 `\u0080`–`¿`, or the
 * Windows-1252 letters and punctuation that bytes 0x80–0x9F stand for).
 * Such a run maps back to bytes, and the bytes decode as UTF-8 only when
 * the run really was one character. Pages do print runs that look like
 * this by chance (an accented capital before a curly quote), so the repair
 * only runs on drafts with several garbled characters.
 */

import type { Block, Draft, Image } from '../../draft.ts';

/**
 * Windows-1252 characters for the bytes 0x80–0x9F, by byte. The five
 * bytes the code page leaves undefined read as the C1 controls of Latin-1.
 */
const CP1252_HIGH: readonly number[] = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030,
  0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d,
  0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e,
  0x178,
];
/** Byte of each Windows-1252 character above U+00FF. */
const CP1252_BYTE: ReadonlyMap<number, number> = new Map(
  CP1252_HIGH.map((code, i) => [code, 0x80 + i])
);
/** A continuation byte as a character: Latin-1 0x80–0xBF, or Windows-1252. */
const CONTINUATION = `[\\u0080-\\u00bf${CP1252_HIGH.filter((c) => c > 0xff)
  .map((c) => `\\u${c.toString(16).padStart(4, '0')}`)
  .join('')}]`;
/**
 * A run that may be one garbled character: a two-, three- or four-byte
 * UTF-8 lead byte followed by its continuation bytes.
 */
const GARBLED = new RegExp(
  `[\\u00c2-\\u00df]${CONTINUATION}|[\\u00e0-\\u00ef]${CONTINUATION}{2}|[\\u00f0-\\u00f4]${CONTINUATION}{3}`,
  'g'
);
/** A character that may start a garbled run; most text has none. */
const LEAD = /[\u00c2-\u00f4]/;
/**
 * What garbled runs in titles usually stood for: Latin-1 letters and
 * signs, General Punctuation, the euro sign and the trade mark sign.
 */
const COMMON_TARGET = /^[\u00a0-\u00ff\u2010-\u2044\u20ac\u2122]$/;
/** Garbled characters a page must hold before it is repaired. */
const MIN_GARBLED = 3;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The draft with garbled characters restored in every text field, when
 * they hold at least {@link MIN_GARBLED} of them; otherwise the draft.
 *
 * Runs on the extracted draft rather than the page: the page may be
 * 50 MB of markup, the draft holds only the text that is kept.
 *
 * @example
 * ```ts
 * repairDraft({ ...EMPTY_DRAFT, title: 'Itâ€™s Â® â€“ dogâ€™s' }).title;
 * // 'It’s ® – dog’s'
 * ```
 */
export function repairDraft(draft: Draft): Draft {
  let found = 0;
  const count = (text: string | undefined): void => {
    if (text && found < MIN_GARBLED) found += countGarbled(text, MIN_GARBLED);
  };
  count(draft.title);
  count(draft.standfirst);
  for (const block of draft.body) count(block.text);
  if (found < MIN_GARBLED) return draft;
  // A page repeats the same few garbled characters (’ “ ” – ®) thousands
  // of times: each distinct run is decoded once.
  const seen = new Map<string, string>();
  const fix = (text: string): string =>
    text.replace(GARBLED, (run) => {
      let out = seen.get(run);
      if (out === undefined) {
        out = restored(run) ?? run;
        seen.set(run, out);
      }
      return out;
    });
  const body = draft.body.map((block): Block => {
    const fixed = { ...block, text: fix(block.text) };
    return block.items ? { ...fixed, items: block.items.map(fix) } : fixed;
  });
  const images = draft.images.map((image) => {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(image)) {
      out[key] = key === 'url' ? value : fix(value);
    }
    return out as Image;
  });
  const fields: Record<string, unknown> = {
    ...draft,
    authors: draft.authors.map(fix),
    body,
    images,
  };
  for (const key of ['title', 'standfirst', 'publisher'] as const) {
    const value = draft[key];
    if (value !== undefined) fields[key] = fix(value);
  }
  return fields as unknown as Draft;
}

/**
 * A title or other short field with its garbled punctuation restored.
 *
 * A title is too short to count garbled characters in, so only runs that
 * stand for the characters templates garble (quotes, dashes, bullets,
 * ellipses, ®, ™, €, and Latin-1 letters such as é) are restored; an
 * accented capital before a curly quote ("CAFÉ’s") decodes to a letter of
 * another alphabet and stays as written.
 *
 * @example
 * ```ts
 * repairField('Investorâ€™s Guide'); // 'Investor’s Guide'
 * ```
 */
export function repairField(text: string): string {
  if (!LEAD.test(text)) return text;
  return text.replace(GARBLED, (run) => {
    const out = restored(run);
    return out !== undefined && COMMON_TARGET.test(out) ? out : run;
  });
}

/** Garbled characters in `text`, counted up to `limit`. */
function countGarbled(text: string, limit: number): number {
  GARBLED.lastIndex = 0;
  let found = 0;
  for (let m = GARBLED.exec(text); m && found < limit; m = GARBLED.exec(text)) {
    if (restored(m[0]) !== undefined) found++;
  }
  return found;
}

/** The character a garbled run stood for, or undefined if it is none. */
function restored(run: string): string | undefined {
  const bytes = new Uint8Array(run.length);
  for (let i = 0; i < run.length; i++) {
    const code = run.charCodeAt(i);
    const byte = code <= 0xff ? code : CP1252_BYTE.get(code);
    if (byte === undefined) return undefined;
    bytes[i] = byte;
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}
