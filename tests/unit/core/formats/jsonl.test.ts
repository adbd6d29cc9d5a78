/** The JSON Lines reader: one entry per line, located by line number. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../../functions/core/index.ts';
import { jsonLine } from '../../../support/formats.ts';
import { articles, parseInChunks, utf8 } from '../helpers.ts';

describe('Reader: JSON Lines', () => {
  it('counts every non-blank JSON Lines line as an article or a problem', () => {
    // Prepare
    const line = fc.oneof(
      fc.integer({ min: 0, max: 50 }).map((n) => jsonLine(n)),
      // Any text but markup (a first line of `<` makes a file XML).
      fc
        .string({ maxLength: 40 })
        .map((s) => s.replaceAll('\n', ' ').replaceAll('<', '(')),
      fc.constant('')
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), (lines) => {
        const text = lines.join('\n');
        const entries = lines.filter((l) => l.trim()).length;

        // Act
        const result = parseInChunks(utf8(text), 97, 0, 'day.jsonl');

        // Assess
        expect(result.articles.length + result.problems.length).toBe(entries);
        for (const location of result.problems) {
          const n = Number(location.replace('line ', ''));
          expect(lines[n - 1]?.trim()).toBeTruthy();
        }
      }),
      { numRuns: 60 }
    );
  });

  it('skips a JSON Lines line over the entry limit without holding it', () => {
    // Prepare
    const long = JSON.stringify({ title: 'Long', body: 'x'.repeat(5000) });
    const text = `${jsonLine(1)}\n${long}\n${jsonLine(2)}\n`;

    // Act
    const result = parseFile(
      utf8(text),
      {},
      { limits: { maxEntryChars: 2000 } }
    );

    // Assess
    expect(articles(result)).toHaveLength(2);
    expect(result.ok && result.problems).toEqual([
      {
        location: 'line 2',
        code: 'too-large',
        message: 'line is longer than 2000 characters, the limit for one entry',
      },
    ]);
  });
});
