/**
 * The sinks after sniffing: a streamed format decoded as its bytes
 * arrive, and a whole file that turns out, once decoded, to be one.
 */
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../../functions/core/index.ts';
import { jsonLine, jsonLines } from '../../../support/formats.ts';
import { articles, parseInChunks, utf8 } from '../helpers.ts';

describe('Class: DecodingSink', () => {
  it('decodes characters split across chunks', () => {
    // Prepare: two-, three- and four-byte UTF-8 in the title.
    const title = 'Café owners’ 🎉 night on the harbour';
    const bytes = utf8(`${jsonLine(1, { title })}\n${jsonLine(2)}\n`);

    // Act: one byte at a time splits every multi-byte character.
    const result = parseInChunks(bytes, 1, 0, 'day.jsonl');

    // Assess
    expect(result.end.ok && result.end.format).toBe('jsonl');
    expect(result.articles.map((a) => a.title)[0]).toBe(title);
    expect(result.articles).toHaveLength(2);
  });
});

describe('Class: WholeSink', () => {
  it('reads a streamed format the first bytes did not show once decoded whole', () => {
    // Prepare: UTF-16 without a BOM looks like no format byte by byte.
    const bytes = new Uint8Array(Buffer.from(jsonLines(0, 3), 'utf16le'));

    // Act
    const result = parseFile(bytes, { key: 'export' });

    // Assess
    expect(result.ok && result.format).toBe('jsonl');
    expect(articles(result).map((a) => a.origin.format)).toEqual([
      'jsonl',
      'jsonl',
      'jsonl',
    ]);
  });
});
