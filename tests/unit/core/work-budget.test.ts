/**
 * The work budget of one file (`limits.ts`, enforced by the entry emitter,
 * the zip reader, the JSON reader and the Markdown parser): each hostile
 * input of issue 18, generated here, ends as a rejection or a bounded
 * result, with its limit's code and a message naming the limit.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  type ParseResult,
  parseFile,
} from '../../../functions/core/index.ts';
import { cutJsonListing } from '../../../functions/core/parsers/json.ts';
import { jsonLines, zipOf } from '../../support/formats.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const MAX_ENTRIES = DEFAULT_LIMITS.maxFileEntries;

/** The last problem of a result: where and why reading stopped. */
function stopOf(result: ParseResult) {
  return result.problems?.at(-1);
}

describe('Work budget: entries per file (maxFileEntries)', () => {
  it('stops a million lines of {} at the limit, listing 100 problems and counting the rest', () => {
    // Prepare
    const bytes = utf8('{}\n'.repeat(1_000_000));

    // Act
    const result = parseFile(bytes, { key: 'a.jsonl' });

    // Assess
    expect(result.ok).toBe(false);
    expect(stopOf(result)).toEqual({
      location: `line ${MAX_ENTRIES + 1}`,
      code: 'too-large',
      message: `file holds more than ${MAX_ENTRIES} entries, the limit for one file (maxFileEntries); the rest is not read`,
    });
    expect(result.problems).toHaveLength(DEFAULT_LIMITS.maxProblems + 1);
    expect(result.unlistedProblems).toBe(
      MAX_ENTRIES - DEFAULT_LIMITS.maxProblems
    );
  });

  it('stops a gzip of millions of {} lines at the limit', () => {
    // Prepare
    const bytes = gzipSync('{}\n'.repeat(3_000_000));

    // Act
    const result = parseFile(bytes, { key: 'a.jsonl.gz' });

    // Assess
    expect(bytes.length).toBeLessThan(100_000);
    expect(stopOf(result)?.location).toBe(`line ${MAX_ENTRIES + 1}`);
    expect(stopOf(result)?.code).toBe('too-large');
  });

  it('cuts a JSON list of a million {} before parsing it, and says so', () => {
    // Prepare
    const bytes = utf8(`[${Array(1_000_000).fill('{}').join(',')}]`);

    // Act
    const result = parseFile(bytes, { key: 'a.json' });

    // Assess
    expect(result.ok).toBe(false);
    expect(stopOf(result)).toMatchObject({
      location: `item ${MAX_ENTRIES + 1}`,
      code: 'too-large',
    });
    expect(stopOf(result)?.message).toContain('maxFileEntries');
  });

  it('keeps the articles before the limit', () => {
    // Act
    const result = parseFile(
      utf8(jsonLines(0, 5)),
      { key: 'a.jsonl' },
      {
        limits: { maxFileEntries: 3 },
      }
    );

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.articles).toHaveLength(3);
    expect(result.problems).toEqual([
      expect.objectContaining({ location: 'line 4', code: 'too-large' }),
    ]);
  });
});

describe('Function: cutJsonListing', () => {
  it('cuts a top-level list and a wrapped one, and leaves short texts', () => {
    // Act / Assess
    expect(cutJsonListing('[{},{"a":[1,2,3]},"x,y",{}]', 2)).toEqual({
      text: '[{},{"a":[1,2,3]}]',
      cut: true,
    });
    expect(cutJsonListing('{"items":[1,2,3,4,5,6]}', 2)).toEqual({
      text: '{"items":[1,2]}',
      cut: true,
    });
    expect(cutJsonListing('[1,2]', 2)).toEqual({ text: '[1,2]', cut: false });
    expect(cutJsonListing('[{"a":[1,2,3,4,5,6,7]}]', 2).cut).toBe(false);
  });
});

describe('Work budget: zip inflation (maxZipEntryBytes, maxZipRatio)', () => {
  it('stops an archive of many text entries each just under the ratio exemption', () => {
    // Prepare: 60 entries of 1,048,000 bytes (the had 1,100).
    const text = `Title line\n\n${'word '.repeat(209_600)}`;
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++) files[`e${i}.txt`] = text;
    const zip = zipOf(files);

    // Act
    const started = performance.now();
    const result = parseFile(zip, { key: 'a.zip' });

    // Assess
    expect(zip.length).toBeLessThan(1_000_000);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.articles.length).toBeLessThan(5);
    expect(stopOf(result)?.code).toBe('too-large');
    expect(stopOf(result)?.message).toMatch(/archive's compressed size/u);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('stops an entry past maxZipEntryBytes whatever its ratio', () => {
    // Prepare
    const zip = zipOf({ 'a.jsonl': jsonLines(0, 50) });

    // Act
    const result = parseFile(
      zip,
      { key: 'a.zip' },
      {
        limits: { maxZipEntryBytes: 10_000 },
      }
    );

    // Assess: stopped before its first entry, the archive is rejected.
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.code).toBe('too-large');
    expect(result.rejection.message).toContain(
      'more than 10000 bytes, the limit for one entry (maxZipEntryBytes)'
    );
  });
});

describe('Work budget: output (maxOutputChars)', () => {
  it('stops a file once its articles hold more text than the limit', () => {
    // Act
    const result = parseFile(
      utf8(jsonLines(0, 20)),
      { key: 'a.jsonl' },
      {
        limits: { maxOutputChars: 1500 },
      }
    );

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.articles.length).toBeLessThan(20);
    expect(stopOf(result)).toMatchObject({ code: 'too-large' });
    expect(stopOf(result)?.message).toContain('maxOutputChars');
  });
});

describe('Work budget: step time (maxStepMs)', () => {
  it('stops with too-complex when a step runs past its time', () => {
    // Act: every entry after the first finds the budget spent.
    const result = parseFile(
      utf8(jsonLines(0, 10)),
      { key: 'a.jsonl' },
      {
        limits: { maxStepMs: -1 },
      }
    );

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.rejection.code).toBe('too-complex');
    expect(result.rejection.message).toContain('maxStepMs');
  });
});

describe('Work budget: Markdown nesting (maxMarkdownNesting)', () => {
  const prose =
    'The council voted on Tuesday to close the branch library on Harbour Street, citing a budget gap that officers put at two million pounds over three years.';

  it.each([
    ['50,000 >', `${'>'.repeat(50_000)} ${prose}`],
    ['50,000 "> "', `${'> '.repeat(50_000)}${prose}`],
    ['50,000 "- "', `${'- '.repeat(50_000)}${prose}`],
    [
      '2,000 indented list levels',
      Array.from(
        { length: 2000 },
        (_, i) => `${' '.repeat(i * 2)}- ${prose}`
      ).join('\n'),
    ],
    [
      '5,000 * around a word',
      `${'*'.repeat(5000)}x${'*'.repeat(5000)} ${prose}`,
    ],
    [
      '5,000 _ around a word',
      `${'_'.repeat(5000)}x${'_'.repeat(5000)} ${prose}`,
    ],
  ])('reads %s without overflowing marked', (_name, body) => {
    // Prepare
    const markdown = `# Library to close\n\n${body}\n`;

    // Act
    const started = performance.now();
    const result = parseFile(utf8(markdown), { key: 'a.md' });

    // Assess
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.ok, JSON.stringify(result).slice(0, 300)).toBe(true);
    if (!result.ok) return;
    expect(result.articles[0]?.text).toContain('Harbour Street');
  });

  it('keeps quotes and lists within the limit as they are', () => {
    // Prepare
    const markdown = `# Library to close\n\n> ${prose}\n\n- one item of the list here\n  - a nested item of the list\n`;

    // Act
    const result = parseFile(utf8(markdown), { key: 'a.md' });

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.articles[0]?.body.map((b) => b.type)).toEqual([
      'quote',
      'list',
    ]);
  });
});
