import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  type Article,
  DEFAULT_LIMITS,
  type FileMeta,
  type ParseResult,
  parseFile,
  REJECTION_CODES,
} from '../../../functions/core/index.ts';
import { loadArticleFixture } from '../../support/fixtures.ts';
import { rejection, utf8 } from './helpers.ts';

const seed = loadArticleFixture('telegraph-putin-kim-gifts');
function only(result: ParseResult): Article {
  if (!result.ok) throw new Error(`rejected: ${result.rejection.message}`);
  expect(result.articles).toHaveLength(1);
  return result.articles[0] as Article;
}

describe('Function: parseFile', () => {
  describe('rejections', () => {
    it.each([
      ['an empty file', new Uint8Array(), 'empty'],
      ['white space only', utf8(' \n\t\u00a0\n\u200b '), 'empty'],
      ['a gzip of nothing', gzipSync(new Uint8Array()), 'empty'],
      [
        'NUL bytes',
        utf8('Title\n\nSome\u0000 text\u0000 here\u0000'),
        'binary',
      ],
      [
        'a PNG image',
        Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0),
        'binary',
      ],
      ['a PDF', utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'binary'],
      [
        'control-character noise',
        Uint8Array.from({ length: 400 }, (_, i) => (i % 7) + 1),
        'binary',
      ],
      [
        'one line of text',
        utf8('Just a headline with nothing under it'),
        'not-an-article',
      ],
      [
        'a headline and a short line',
        utf8('Headline\n\nToo short to be a story.'),
        'not-an-article',
      ],
      [
        'truncated gzip',
        gzipSync(seed.source).subarray(0, 200),
        'corrupt-archive',
      ],
      [
        'invalid UTF-8 in no detectable charset',
        Uint8Array.from({ length: 400 }, (_, i) => (i % 2 ? 0x28 : 0xc3)),
        'undecodable',
      ],
      [
        'XML that is no feed',
        utf8(
          '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>'
        ),
        'unsupported-format',
      ],
      [
        'a JSON entry too short to be an article',
        utf8('{"title": "x", "body": "y"}'),
        'not-an-article',
      ],
    ])('rejects %s as %s', (_name, bytes, code) => {
      // Act
      const result = parseFile(bytes, { key: 'in.txt' });

      // Assess
      expect(rejection(result).code).toBe(code);
      expect(rejection(result).message.length).toBeGreaterThan(10);
    });

    it('rejects a file over the size limit, naming both sizes', () => {
      // Prepare
      const limits = { maxInputBytes: 1000 };

      // Act
      const result = parseFile(seed.source, {}, { limits });

      // Assess
      expect(rejection(result)).toEqual({
        code: 'too-large',
        message: `file is ${seed.source.length} bytes; the limit is 1000 bytes`,
      });
    });

    it('rejects a gzip bomb without inflating it past the limit', () => {
      // Prepare: 64 MiB of zeros compresses to ~64 KiB.
      const bomb = gzipSync(new Uint8Array(64 * 1024 * 1024));
      const limits = { maxDecompressedBytes: 1024 * 1024 };

      // Act
      const result = parseFile(bomb, {}, { limits });

      // Assess
      expect(rejection(result).code).toBe('too-large');
      expect(rejection(result).message).toContain('1048576');
    });

    it('rejects metadata that is not what it claims to be', () => {
      // Act
      const badUrl = parseFile(seed.source, { metadata: { url: 'not a url' } });
      const badDate = parseFile(seed.source, {
        metadata: { 'published-at': 'yesterday' },
      });

      // Assess
      expect(rejection(badUrl)).toEqual({
        code: 'malformed',
        message:
          'metadata x-amz-meta-url is "not a url"; expected an absolute http(s) URL',
      });
      expect(rejection(badDate).code).toBe('malformed');
    });

    it('uses only stable, documented codes', () => {
      // Prepare
      const inputs = [new Uint8Array(), utf8('x'), Uint8Array.of(0, 1, 2)];

      // Act
      const codes = inputs.map((bytes) => rejection(parseFile(bytes)).code);

      // Assess
      for (const code of codes) expect(REJECTION_CODES).toContain(code);
    });
  });

  describe('decoding', () => {
    const plain = seed.source;
    const text = new TextDecoder().decode(plain);

    it.each([
      ['UTF-8 with a BOM', Uint8Array.from([0xef, 0xbb, 0xbf, ...plain])],
      [
        'UTF-16 LE with a BOM',
        Uint8Array.from([0xff, 0xfe, ...utf16(text, true)]),
      ],
      [
        'UTF-16 BE with a BOM',
        Uint8Array.from([0xfe, 0xff, ...utf16(text, false)]),
      ],
      ['gzip', gzipSync(plain)],
    ])('reads %s as the same article', (_name, bytes) => {
      // Act
      const article = only(parseFile(bytes, seed.meta));

      // Assess
      expect(article.contentHash).toBe(
        only(parseFile(plain, seed.meta)).contentHash
      );
      expect(article.text).toContain('cosmonaut’s glove');
    });

    it('detects Windows-1252 text instead of producing mojibake', () => {
      // Prepare
      const fixture = loadArticleFixture('pa-nhs-strike-cp1252');

      // Act
      const article = only(parseFile(fixture.source, fixture.meta));

      // Assess
      expect(article.standfirst).toContain('“uncharted territory”');
      expect(article.text).not.toMatch(/â€|Ã|\uFFFD/u);
    });

    it('prefers valid UTF-8 over a declared Latin-1 charset', () => {
      // Act
      const article = only(
        parseFile(plain, { contentType: 'text/plain; charset=ISO-8859-1' })
      );

      // Assess
      expect(article.standfirst).toContain('cosmonaut’s');
    });

    it('uses a declared single-byte charset when the bytes are not UTF-8', () => {
      // Prepare: ISO-8859-15 has € at 0xA4, where Windows-1252 has ¤.
      const latin9 = Uint8Array.from(
        [
          ...`Prices rise\n\n${'The ticket now costs 5 \u20ac more than last year, the operator said on Monday. '.repeat(3)}`,
        ].map((c) => (c === '\u20ac' ? 0xa4 : c.charCodeAt(0)))
      );

      // Act
      const article = only(
        parseFile(latin9, { contentType: 'text/plain; charset=iso-8859-15' })
      );

      // Assess
      expect(article.text).toContain('5 € more');
    });
  });

  describe('metadata', () => {
    it('lets user metadata override what the text says', () => {
      // Prepare
      const meta: FileMeta = {
        ...seed.meta,
        metadata: {
          title: 'Kim leaves Russia with a rifle',
          publisher: 'The Daily Telegraph',
          author: 'Nataliya Vasilyeva, Sophia Yan',
          url: 'https://www.telegraph.co.uk/world-news/2023/09/15/putin-kim/?utm_source=x',
          'published-at': '2023-09-15T08:00:00+01:00',
          language: 'en-GB',
        },
      };

      // Act
      const article = only(parseFile(seed.source, meta));

      // Assess
      expect(article).toMatchObject({
        title: 'Kim leaves Russia with a rifle',
        publisher: 'The Daily Telegraph',
        authors: ['Nataliya Vasilyeva', 'Sophia Yan'],
        url: 'https://www.telegraph.co.uk/world-news/2023/09/15/putin-kim/',
        publishedAt: '2023-09-15T07:00:00Z',
        language: 'en',
      });
    });
  });

  describe('identity', () => {
    it('gives the same file the same id and hash every time', () => {
      // Act
      const first = only(parseFile(seed.source, seed.meta));
      const second = only(parseFile(seed.source, seed.meta));

      // Assess
      expect(second.id).toBe(first.id);
      expect(second.contentHash).toBe(first.contentHash);
      expect(first.id).toMatch(/^[0-9a-f]{32}$/u);
    });

    it('gives the same text under two keys the same hash but two ids', () => {
      // Act
      const a = only(parseFile(seed.source, { bucket: 'drop', key: 'a.txt' }));
      const b = only(parseFile(seed.source, { bucket: 'drop', key: 'b.txt' }));

      // Assess
      expect(a.contentHash).toBe(b.contentHash);
      expect(a.id).not.toBe(b.id);
    });

    it('keeps the id of an edited file re-uploaded under the same key', () => {
      // Prepare
      const edited = utf8(
        new TextDecoder()
          .decode(seed.source)
          .replace('seven months after', 'some months after')
      );

      // Act
      const before = only(
        parseFile(seed.source, { bucket: 'drop', key: 'k.txt' })
      );
      const after = only(parseFile(edited, { bucket: 'drop', key: 'k.txt' }));

      // Assess
      expect(after.id).toBe(before.id);
      expect(after.contentHash).not.toBe(before.contentHash);
    });

    it('derives the id from the canonical URL when there is one', () => {
      // Prepare
      const url = 'https://example.com/story';

      // Act
      const a = only(
        parseFile(seed.source, { key: 'a.txt', metadata: { url } })
      );
      const b = only(
        parseFile(seed.source, {
          key: 'b.txt',
          metadata: { url: `${url}#comments` },
        })
      );

      // Assess
      expect(a.id).toBe(b.id);
    });
  });

  it('records the origin and the time of ingestion it is given', () => {
    // Prepare
    const ingestedAt = new Date('2026-11-27T12:00:00Z');

    // Act
    const article = only(
      parseFile(seed.source, {
        bucket: 'drop-bucket',
        key: 'world/kim.txt',
        etag: '"abc"',
        versionId: 'v1',
        ingestedAt,
      })
    );

    // Assess
    expect(article.origin).toEqual({
      bucket: 'drop-bucket',
      key: 'world/kim.txt',
      etag: '"abc"',
      versionId: 'v1',
      format: 'text',
    });
    expect(article.ingestedAt).toBe('2026-11-27T12:00:00.000Z');
  });

  it('exposes its default limits', () => {
    // Assess
    expect(DEFAULT_LIMITS.maxInputBytes).toBe(50 * 1024 * 1024);
    expect(DEFAULT_LIMITS.minArticleWords).toBe(20);
  });
});

function utf16(text: string, littleEndian: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const [lo, hi] = [unit & 0xff, unit >> 8];
    out.push(...(littleEndian ? [lo, hi] : [hi, lo]));
  }
  return out;
}
