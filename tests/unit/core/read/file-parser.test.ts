/**
 * FileParser: the same articles whatever the chunks, resuming after the
 * entries an earlier run handled, and the stream limit.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Article, FileParser } from '../../../../functions/core/index.ts';
import { jsonLines, rssFeed, zipOf } from '../../../support/formats.ts';
import { parseInChunks, utf8 } from '../helpers.ts';

const withoutTime = (a: Article) => ({ ...a, ingestedAt: '' });

describe('Class: FileParser', () => {
  it('gives the same articles whatever the chunk size', () => {
    // Prepare
    const files = [
      utf8(jsonLines(0, 5)),
      utf8(rssFeed(0, 4)),
      gzipSync(utf8(jsonLines(5, 9))),
      zipOf({ 'a.jsonl': jsonLines(0, 3), 'b.xml': rssFeed(3, 5) }),
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: files.length - 1 }),
        fc.integer({ min: 1, max: 700 }),
        (which, size) => {
          const bytes = files[which] as Uint8Array;

          // Act
          const whole = parseInChunks(bytes, bytes.length);
          const chunked = parseInChunks(bytes, size);

          // Assess
          expect(chunked.articles.map(withoutTime)).toEqual(
            whole.articles.map(withoutTime)
          );
          expect(chunked.problems).toEqual(whole.problems);
        }
      ),
      { numRuns: 40 }
    );
  });

  it('resumes after the entries an earlier run handled', () => {
    // Prepare
    const bytes = utf8(`${jsonLines(0, 3)}{"broken\n${jsonLines(3, 6)}`);
    const first = parseInChunks(bytes, 64);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: first.entries }), (skip) => {
        // Act
        const rest = parseInChunks(bytes, 64, skip);

        // Assess
        // Entries 0–2 and 4–6 are articles; entry 3 is the broken line.
        const entryOf = [0, 1, 2, 4, 5, 6];
        const expected = first.articles
          .map((a) => a.id)
          .filter((_, i) => (entryOf[i] as number) >= skip);
        expect(rest.articles.map((a) => a.id)).toEqual(expected);
        expect(rest.entries).toBe(first.entries);
      }),
      { numRuns: 20 }
    );
  });

  it('rejects a streamed file over the stream limit', () => {
    // Prepare
    // More than the bytes sniffed before a format is chosen.
    const first = utf8(jsonLines(0, 8));
    const parser = new FileParser(
      {},
      { limits: { maxStreamBytes: first.length + 10 } }
    );

    // Act
    const stored = parser.push(first).articles.length;
    const second = parser.push(utf8(jsonLines(8, 10)));
    const end = parser.end();

    // Assess
    expect(stored).toBe(8);
    expect(end.ok).toBe(true);
    expect([...second.problems, ...end.problems]).toEqual([
      {
        location: 'line 9',
        code: 'too-large',
        message: expect.stringContaining('the limit for a streamed file'),
      },
    ]);
  });
});

describe('Class: FileParser limits', () => {
  it('names the stream limit once when a file passes it', () => {
    // Prepare
    const parser = new FileParser({}, { limits: { maxStreamBytes: 100 } });

    // Act
    parser.push(utf8(jsonLines(0, 1)));
    const end = parser.end();

    // Assess
    expect(end.ok ? undefined : end.rejection).toEqual({
      code: 'too-large',
      message: 'file is more than 100 bytes, the limit for a streamed file',
    });
  });
});
