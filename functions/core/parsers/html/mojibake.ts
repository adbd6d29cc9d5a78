/**
 * repairMojibake: text that was UTF-8, read as Windows-1252, and saved
 * as UTF-8 again ("Investorâ€™s" for "Investor’s", "Â®" for "®").
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
 * only runs on pages with several garbled characters.
 */

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
/** Garbled characters a page must hold before it is repaired. */
const MIN_GARBLED = 3;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text with garbled characters restored, when it holds at least
 * {@link MIN_GARBLED} of them; otherwise the text itself.
 *
 * @example
 * ```ts
 * repairMojibake('Itâ€™s Â® â€“ dogâ€™s'); // 'It’s ® – dog’s'
 * ```
 */
export function repairMojibake(text: string): string {
  GARBLED.lastIndex = 0;
  let found = 0;
  for (let m = GARBLED.exec(text); m; m = GARBLED.exec(text)) {
    if (restored(m[0]) !== undefined && ++found >= MIN_GARBLED) break;
  }
  if (found < MIN_GARBLED) return text;
  return text.replace(GARBLED, (run) => restored(run) ?? run);
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
