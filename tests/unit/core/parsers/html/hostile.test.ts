/**
 * Hostile HTML: every input yields an article or a typed rejection, within
 * bounded time and memory. Inputs are generated here, not committed.
 *
 * Timing guards are deliberately loose (they catch hangs and quadratic
 * blow-ups, not regressions of a few per cent); the measured figures are
 * in the `extract` bench (`npm run bench:extract`, "hostile" table).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../../../functions/core/index.ts';

/** Far above the measured times (see the bench); only hangs trip it. */
const HANG_GUARD_MS = 15_000;

const ARTICLE = `<article><h1>Lighthouse keeper retires after forty years</h1>
<p>After forty years of climbing the hundred and twelve steps of the Skerry light, its last keeper handed over the keys on Friday, in a short ceremony on the rocks.</p>
<p>The light was automated in 1998, but the keeper stayed on to look after the building, the fog signal and the small museum that now fills the old oil store.</p>
<p>“I will miss the storms more than anything,” he said, as the supply boat waited to take him ashore for the last time.</p></article>`;

const encoder = new TextEncoder();

function parseTimed(html: string | Uint8Array) {
  const bytes = typeof html === 'string' ? encoder.encode(html) : html;
  const start = performance.now();
  const result = parseFile(bytes, { key: 'hostile.html' });
  return { result, ms: performance.now() - start };
}

function textOf(result: ReturnType<typeof parseFile>): string {
  return result.ok ? result.articles.map((a) => a.text).join('\n') : '';
}

describe('Function: parseFile (hostile HTML)', () => {
  it('reads a 50 MB page within the limits', () => {
    // Prepare
    const filler = '<div class="row"><span>cell</span><p>filler text</p></div>';
    const target = 50_000_000;
    const html = `<html><body>${ARTICLE}${filler.repeat(Math.ceil(target / filler.length))}</body></html>`;

    // Act
    const { result, ms } = parseTimed(html);

    // Assess
    expect(html.length).toBeGreaterThanOrEqual(target);
    expect(result.ok).toBe(true);
    expect(textOf(result)).toContain('last keeper handed over the keys');
    expect(ms).toBeLessThan(HANG_GUARD_MS);
  });

  it('repairs a page of garbled text without blowing up', () => {
    // Prepare
    const garbled = Array.from(
      { length: 60_000 },
      (_, i) =>
        `<p>Itâ€™s the keeperâ€™s night ${i}, and â€œthe light is outâ€\u009d, he said â€“ twice.</p>`
    ).join('');
    const html = `<html><body><article><h1>Keeper</h1>${garbled}</article></body></html>`;

    // Act
    const { result, ms } = parseTimed(html);

    // Assess
    expect(result.ok).toBe(true);
    expect(textOf(result)).toContain(
      'It’s the keeper’s night 7, and “the light'
    );
    expect(textOf(result)).not.toContain('â€');
    expect(ms).toBeLessThan(HANG_GUARD_MS);
  });

  it('survives 20,000-deep nesting', () => {
    // Prepare
    const depth = 20_000;
    const html = `<html><body>${'<div>'.repeat(depth)}deep${'</div>'.repeat(depth)}${ARTICLE}</body></html>`;

    // Act
    const { result, ms } = parseTimed(html);

    // Assess
    expect(result.ok).toBe(true);
    expect(textOf(result)).toContain('Skerry light');
    expect(ms).toBeLessThan(HANG_GUARD_MS);
  });

  it('stops reading at 240,000 unclosed tags instead of slowing down', () => {
    // Prepare
    const html = `<html><body>${ARTICLE}${'<span><b><i><div>'.repeat(60_000)}tail`;

    // Act
    const { result, ms } = parseTimed(html);

    // Assess
    expect(result.ok).toBe(true);
    expect(ms).toBeLessThan(HANG_GUARD_MS);
  });

  it('drops a 20 MB attribute', () => {
    // Prepare
    const html = `<html><body><div data-state="${'x'.repeat(20_000_000)}"></div>${ARTICLE}</body></html>`;

    // Act
    const { result, ms } = parseTimed(html);

    // Assess
    expect(result.ok).toBe(true);
    expect(textOf(result)).not.toContain('xxxx');
    expect(ms).toBeLessThan(HANG_GUARD_MS);
  });

  it('ignores thousands of scripts and styles', () => {
    // Prepare
    const junk =
      '<script>var secretToken = "<p>leaked</p>";</script><style>.x{color:red}</style>';
    const html = `<html><head>${junk.repeat(5_000)}</head><body>${junk.repeat(5_000)}${ARTICLE}</body></html>`;

    // Act
    const { result, ms } = parseTimed(html);

    // Assess
    expect(result.ok).toBe(true);
    expect(textOf(result)).not.toMatch(/secretToken|leaked|color/);
    expect(ms).toBeLessThan(HANG_GUARD_MS);
  });

  it('reads text declared as UTF-8 but written in windows-1252', () => {
    // Prepare
    const html = `<html><head><meta charset="utf-8"></head><body><article><h1>Café de la jetée</h1><p>${'Le café a rouvert samedi, et les habitués étaient là dès l’ouverture. '.repeat(5)}</p></article></body></html>`;
    const bytes = Uint8Array.from(
      Buffer.from(html.replaceAll('’', "'"), 'latin1')
    );

    // Act
    const { result } = parseTimed(bytes);

    // Assess
    expect(result.ok).toBe(true);
    expect(textOf(result)).toContain('Le café a rouvert');
    expect(textOf(result)).not.toContain('\uFFFD');
  });

  it('rejects a page with no readable content as not-an-article', () => {
    // Prepare
    const html =
      '<html><head><script src="/app.js"></script></head><body><div id="app"></div></body></html>';

    // Act
    const { result } = parseTimed(html);

    // Assess
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.rejection.code).toBe('not-an-article');
  });

  it('never throws and never leaks markup on broken tag soup', () => {
    // Prepare
    const token = fc.constantFrom(
      '<div>',
      '</div>',
      '<p>',
      '</p>',
      '<b>',
      '</i>',
      '<table><tr><td>',
      '</td>',
      '<ul><li>',
      '<script>var x = "<b>";',
      '</script>',
      '<style>p{}',
      '<!--',
      '-->',
      '<![CDATA[',
      ']]>',
      '<img src="a.jpg" alt="x"',
      '&amp;',
      '&#xD800;',
      '<svg><text>',
      'Words of ordinary prose, with commas, go here. ',
      '"quoted" text ',
      '\u0000',
      '<'
    );

    // Act / Assess
    fc.assert(
      fc.property(fc.array(token, { maxLength: 300 }), (tokens) => {
        const result = parseFile(encoder.encode(tokens.join('')), {
          key: 'soup.html',
          contentType: 'text/html',
        });
        if (!result.ok) {
          return result.rejection.code !== 'parser-error';
        }
        return result.articles.every(
          (a) =>
            !/<\/?(?:div|p|b|script|style|svg)\b/u.test(a.text) &&
            !a.text.includes('\uE000')
        );
      }),
      { numRuns: 300 }
    );
  });
});
