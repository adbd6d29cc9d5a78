import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../functions/core/decode.ts';
import { InputRejectedError } from '../../../functions/core/errors.ts';

const latin1 = (text: string) =>
  Uint8Array.from([...text].map((c) => c.charCodeAt(0)));

describe('Function: decodeText', () => {
  it.each([
    [
      'a BOM',
      Uint8Array.of(0xef, 0xbb, 0xbf, 0x68, 0x69),
      'utf-8',
      'bom',
      'hi',
    ],
    [
      'UTF-16 LE',
      Uint8Array.of(0xff, 0xfe, 0x68, 0x00, 0x69, 0x00),
      'utf-16le',
      'bom',
      'hi',
    ],
    [
      'plain UTF-8',
      new TextEncoder().encode('naïve café'),
      'utf-8',
      'utf-8',
      'naïve café',
    ],
  ])('decodes %s', (_name, bytes, charset, source, text) => {
    // Act
    const out = decodeText(bytes);

    // Assess
    expect(out).toEqual({ text, charset, charsetSource: source });
  });

  it('detects Windows-1252 curly quotes in undeclared text', () => {
    // Prepare
    const bytes = latin1(
      '\x93It\x92s simply incredible,\x94 said Olga Skabeyeva, one of the Kremlin\x92s favourite propagandists. '.repeat(
        4
      )
    );

    // Act
    const out = decodeText(bytes);

    // Assess
    expect(out.charset).toBe('windows-1252');
    expect(out.charsetSource).toBe('detected');
    expect(out.text).toContain('“It’s simply incredible,”');
  });

  it('uses a charset declared in the document', () => {
    // Prepare
    const bytes = latin1(
      '<html><head><meta charset="iso-8859-15"></head><body>5 \xa4</body></html>'
    );

    // Act
    const out = decodeText(bytes);

    // Assess
    expect(out.charsetSource).toBe('document');
    expect(out.text).toContain('5 €');
  });

  it('uses a charset declared late in a long head, not one in the body', () => {
    // Prepare
    const links = '<link rel="preload" href="/static/app.css">'.repeat(40);
    const page = (where: 'head' | 'body') =>
      latin1(
        `<html><head>${links}${where === 'head' ? '<meta charset="windows-1250">' : ''}</head><body>${links}${where === 'body' ? '<meta charset="windows-1250">' : ''}<p>Sejm zag\xb3osowa\xb3 za, a opozycja straci\xb3a szans\xea na sprawczo\x9c\xe6 w tej sprawie.</p></body></html>`
      );

    // Act
    const inHead = decodeText(page('head'));
    const inBody = decodeText(page('body'));

    // Assess
    expect(inHead.charsetSource).toBe('document');
    expect(inHead.text).toContain('zagłosował');
    expect(inHead.text).toContain('sprawczość');
    expect(inBody.charsetSource).not.toBe('document');
  });

  it('reads UTF-16 without a BOM instead of calling it binary', () => {
    // Prepare
    const text =
      'The council approved the cycle lanes on Tuesday night. '.repeat(5);
    const bytes = Uint8Array.from(
      [...text].flatMap((c) => [c.charCodeAt(0), 0])
    );

    // Act
    const out = decodeText(bytes);

    // Assess
    expect(out.text).toBe(text);
  });

  it('throws a typed rejection for an invalid UTF-8 BOM file', () => {
    // Act
    const act = () => decodeText(Uint8Array.of(0xef, 0xbb, 0xbf, 0xc3, 0x28));

    // Assess
    expect(act).toThrow(InputRejectedError);
    expect(act).toThrow(/byte order mark but is not valid utf-8/u);
  });
});
