/**
 * Decoding real legacy files: text in seven languages written in the
 * charsets editors and servers used before UTF-8 (built in the test by
 * {@link encodeLegacy}), and UTF-8 with bytes cut out. What the README's
 * "Charsets" paragraph promises: each legacy file comes back exactly, with
 * the charset found by detection, and broken UTF-8 is read
 * as UTF-8 with U+FFFD for the broken bytes, as browsers do, instead of
 * being read as Windows-1252 (`votÃ©` mojibake) or rejected.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../functions/core/decode.ts';
import { parseFile } from '../../../functions/core/index.ts';
import { jsonLine } from '../../support/formats.ts';
import {
  encodeLegacy,
  type LegacyCharset,
  SAMPLES,
} from '../../support/legacy-charsets.ts';
import { SEED_PATH } from '../../support/paths.ts';
import { articles } from './helpers.ts';

const SEED = readFileSync(SEED_PATH, 'utf8');

const CASES = SAMPLES.flatMap((sample) =>
  sample.charsets.flatMap((charset) => [
    [sample.language, charset, sample.text] as const,
    // A short file: one line, about ten words.
    [
      `${sample.language} (60 chars)`,
      charset,
      sample.text.slice(0, 60),
    ] as const,
  ])
);

/** `text` as UTF-8 with the byte after the first non-ASCII lead cut out. */
function cutUtf8(text: string): Uint8Array {
  const bytes = new TextEncoder().encode(text);
  const lead = bytes.findIndex((byte) => byte >= 0xc0);
  return Uint8Array.from([
    ...bytes.subarray(0, lead + 1),
    ...bytes.subarray(lead + 2),
  ]);
}

describe('Function: decodeText on legacy-charset files', () => {
  it.each(CASES)('reads %s in %s exactly', (_language, charset, text) => {
    // Prepare
    const bytes = encodeLegacy(text, charset);

    // Act
    const decoded = decodeText(bytes);

    // Assess
    expect(decoded.text).toBe(text);
    expect(decoded.charsetSource).toBe('detected');
    // The charset named may be another that writes these letters with the
    // same bytes (WHATWG reads ISO-8859-1 as Windows-1252; German in
    // ISO-8859-2 is the same bytes as in Windows-1252), never a wrong one.
    expect(encodeLegacy(text, decoded.charset as LegacyCharset)).toEqual(bytes);
  });

  it('reads the seed article written in Windows-1252, curly quotes and all', () => {
    // Prepare
    const bytes = encodeLegacy(SEED, 'windows-1252');

    // Act
    const decoded = decodeText(bytes);

    // Assess
    expect(decoded).toEqual({
      text: SEED,
      charset: 'windows-1252',
      charsetSource: 'detected',
    });
  });
});

describe('Function: decodeText on broken UTF-8', () => {
  it.each(SAMPLES.map((sample) => [sample.language, sample.text] as const))(
    'reads %s UTF-8 with one byte cut out as UTF-8, the broken letter as U+FFFD',
    (_language, text) => {
      // Prepare
      const bytes = cutUtf8(text);

      // Act
      const decoded = decodeText(bytes);

      // Assess: no legacy charset (its mojibake), every other letter intact
      expect(decoded.charset).toBe('utf-8');
      expect(decoded.text).toContain('\uFFFD');
      expect(decoded.text.replace(/\uFFFD/gu, '').length).toBeGreaterThan(
        text.length - 3
      );
      expect(decoded.text).not.toMatch(/Ã|Å|Ð/u);
    }
  );

  it('reads UTF-8 with one stray Windows-1252 byte as UTF-8', () => {
    // Prepare: a UTF-8 article that a script appended "café" to in cp1252.
    const bytes = Uint8Array.from([
      ...new TextEncoder().encode(SEED),
      ...encodeLegacy(' café', 'windows-1252'),
    ]);

    // Act
    const decoded = decodeText(bytes);

    // Assess
    expect(decoded.text).toBe(`${SEED} caf\uFFFD`);
  });

  it('reads broken UTF-8 as UTF-8 even when the object declares a legacy charset', () => {
    // Prepare
    const bytes = cutUtf8(SAMPLES[0]?.text ?? '');

    // Act
    const decoded = decodeText(bytes, 'text/plain; charset=iso-8859-1');

    // Assess
    expect(decoded.charset).toBe('utf-8');
    expect(decoded.text).toContain('\uFFFD');
  });

  it('keeps the article of a file with one broken byte in parseFile', () => {
    // Prepare
    const bytes = cutUtf8(SEED.replace('’', 'é'));

    // Act
    const result = parseFile(bytes, { key: 'broken.txt' });

    // Assess
    expect(result.ok).toBe(true);
    expect(result.ok && result.articles).toHaveLength(1);
  });
});

describe('Function: decodeText choosing among charsets', () => {
  it('uses the charset the object declares when it decodes cleanly', () => {
    // Prepare: Polish in ISO-8859-2, declared so.
    const pl = SAMPLES.find((sample) => sample.language === 'pl');
    const bytes = encodeLegacy(pl?.text ?? '', 'iso-8859-2');

    // Act
    const decoded = decodeText(bytes, 'text/plain; charset=ISO-8859-2');

    // Assess
    expect(decoded).toEqual({
      text: pl?.text,
      charset: 'iso-8859-2',
      charsetSource: 'declared',
    });
  });

  it('trusts a declared single-byte charset that decodes cleanly, even a wrong one', () => {
    // Prepare: Russian in Windows-1251, declared as Windows-1252.
    const ru = SAMPLES.find((sample) => sample.language === 'ru');
    const bytes = encodeLegacy(ru?.text ?? '', 'windows-1251');

    // Act
    const decoded = decodeText(bytes, 'text/html; charset=windows-1252');

    // Assess: the README's stated limit, so that a fix shows up here.
    expect(decoded.charsetSource).toBe('declared');
    expect(decoded.text.startsWith('Ãîðîä')).toBe(true);
  });

  it('falls back to detection when the declared charset has invalid bytes', () => {
    // Prepare: Windows-1252 French declared as Shift_JIS, which it is not.
    const fr = SAMPLES.find((sample) => sample.language === 'fr');
    const bytes = encodeLegacy(fr?.text ?? '', 'windows-1252');

    // Act
    const decoded = decodeText(bytes, 'text/plain; charset=shift_jis');

    // Assess
    expect(decoded).toEqual({
      text: fr?.text,
      charset: 'windows-1252',
      charsetSource: 'detected',
    });
  });
});

describe('Function: parseFile on streamed UTF-8 with a broken byte', () => {
  it('puts U+FFFD in the entry that holds it and keeps the file', () => {
    // Prepare: "voté" with the second byte of "é" cut out.
    const lines = new TextEncoder().encode(
      `${jsonLine(1, { title: 'Le conseil a voté la fermeture' })}\n${jsonLine(2)}\n`
    );
    const lead = lines.findIndex((byte) => byte >= 0xc0);
    const bytes = Uint8Array.from([
      ...lines.subarray(0, lead + 1),
      ...lines.subarray(lead + 2),
    ]);

    // Act
    const result = parseFile(bytes, { key: 'feed.jsonl' });

    // Assess
    expect(articles(result).map((article) => article.title)).toEqual([
      'Le conseil a vot\uFFFD la fermeture',
      'Council report number 2 on the Harbour Street library',
    ]);
  });
});
