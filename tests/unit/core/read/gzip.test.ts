/** Gzip: undone as a stream, whatever format it holds. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../../functions/core/index.ts';
import {
  jsonLine,
  jsonLines,
  rssFeed,
  zipOf,
} from '../../../support/formats.ts';
import { articles, utf8 } from '../helpers.ts';

describe('Function: parseFile on gzip', () => {
  const markdown = `---\ntitle: Gzipped notes\n---\n\n${'Plain words in a Markdown body. '.repeat(10)}`;
  const json = jsonLine(3);

  it.each([
    ['JSON Lines', 'f.jsonl.gz', jsonLines(0, 3), 'jsonl', 3],
    ['RSS', 'f.xml.gz', rssFeed(0, 2), 'rss', 2],
    ['Markdown', 'f.md.gz', markdown, 'markdown', 1],
    ['JSON', 'f.json.gz', json, 'json', 1],
  ])('reads gzipped %s', (_name, key, text, format, count) => {
    // Act
    const result = parseFile(gzipSync(utf8(text)), { key });

    // Assess
    expect(result.ok && result.format).toBe(format);
    expect(articles(result)).toHaveLength(count);
  });
});

describe('Function: parseFile on gzip trailers (CRC-32, ISIZE)', () => {
  const text = `Library to close\n\n${'The council voted on Tuesday to close the branch library. '.repeat(10)}`;

  /** A gzip of `text` with the trailer's byte `fromEnd` (1 = last) flipped. */
  function flipped(fromEnd: number): Uint8Array {
    const bytes = new Uint8Array(gzipSync(utf8(text)));
    const at = bytes.length - fromEnd;
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    return bytes;
  }

  it('rejects a gzip whose CRC-32 does not match as corrupt-archive', () => {
    // Act: byte 8 from the end is the CRC's first.
    const result = parseFile(flipped(8), { key: 'a.txt.gz' });

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.code).toBe('corrupt-archive');
    expect(result.rejection.message).toContain('CRC-32');
  });

  it('rejects a gzip whose ISIZE does not match as corrupt-archive', () => {
    // Act: the last byte is ISIZE's highest.
    const result = parseFile(flipped(1), { key: 'a.txt.gz' });

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.code).toBe('corrupt-archive');
    expect(result.rejection.message).toContain('ISIZE');
  });

  it('checks gzip files inside a zip archive too', () => {
    // Prepare
    const zip = zipOf({
      'good.txt.gz': gzipSync(utf8(text)),
      'bad.txt.gz': flipped(8),
    });

    // Act
    const result = parseFile(zip, { key: 'a.zip' });

    // Assess
    expect(articles(result)).toHaveLength(1);
    expect(result.problems).toEqual([
      expect.objectContaining({
        location: 'entry bad.txt.gz',
        code: 'corrupt-archive',
      }),
    ]);
  });

  it('reads a concatenated gzip of two members with their own trailers', () => {
    // Prepare
    const half = text.length / 2;
    const bytes = new Uint8Array([
      ...gzipSync(utf8(text.slice(0, half))),
      ...gzipSync(utf8(text.slice(half))),
    ]);

    // Act
    const result = parseFile(bytes, { key: 'a.txt.gz' });

    // Assess
    expect(articles(result)).toHaveLength(1);
  });
});
