/**
 * The multi-article formats and their limits: hostile XML, zip bombs and
 * path tricks, gzip of every format, chunked reading and resuming.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  type Article,
  FileParser,
  type ParseResult,
  parseFile,
} from '../../../functions/core/index.ts';
import { jsonLine, jsonLines, rssFeed, zipOf } from '../../support/formats.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

function articles(result: ParseResult): readonly Article[] {
  if (!result.ok) throw new Error(`rejected: ${result.rejection.message}`);
  return result.articles;
}

function rejection(result: ParseResult) {
  if (result.ok) throw new Error('expected a rejection, got articles');
  return result.rejection;
}

/** Reads `bytes` in chunks of `size` through a FileParser. */
function parseInChunks(
  bytes: Uint8Array,
  size: number,
  skipEntries = 0,
  key = 'chunked'
) {
  const parser = new FileParser({ key }, { skipEntries });
  const out: Article[] = [];
  const problems: string[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    const step = parser.push(bytes.subarray(at, at + size));
    out.push(...step.articles);
    problems.push(...step.problems.map((p) => p.location));
  }
  const end = parser.end();
  out.push(...end.articles);
  problems.push(...end.problems.map((p) => p.location));
  return { articles: out, problems, end, entries: parser.entries };
}

const withoutTime = (a: Article) => ({ ...a, ingestedAt: '' });

describe('Function: parseFile on hostile XML', () => {
  it('does not expand a billion-laughs entity bomb', () => {
    // Prepare: ten levels of ten references, a billion "lol"s if expanded.
    const levels = Array.from({ length: 9 }, (_, i) => {
      const refs = `&lol${i};`.repeat(10);
      return `<!ENTITY lol${i + 1} "${refs}">`;
    }).join('\n');
    const feed = `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol0 "lol">
${levels}]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>&lol9;</title><link>https://x.example/a</link>
<description>The title of this item is a reference to an entity that would expand to a billion words if the parser read the document type definition.</description></item>
</channel></rss>`;
    const started = performance.now();

    // Act
    const [article] = articles(parseFile(utf8(feed), { key: 'lol.xml' }));

    // Assess
    expect(performance.now() - started).toBeLessThan(2000);
    expect(article?.title).toBe('&lol9;');
    expect(article?.text.length).toBeLessThan(500);
  });

  it('never reads an external entity (XXE)', () => {
    // Prepare
    const feed = `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/hostname"><!ENTITY net SYSTEM "http://127.0.0.1:9/x">]>
<rss version="2.0"><channel><title>XXE</title>
<item><title>Secret: &xxe; &net;</title><link>https://x.example/b</link>
<description>An external entity in the title would read a file or fetch a URL if the parser resolved it; it must stay as written.</description></item>
</channel></rss>`;

    // Act
    const [article] = articles(parseFile(utf8(feed), { key: 'xxe.xml' }));

    // Assess
    expect(article?.title).toBe('Secret: &xxe; &net;');
  });

  it('stops reading XML nested 10,000 deep, keeping the items before it', () => {
    // Prepare
    const deep = `${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}`;
    const feed = rssFeed(0, 2).replace(
      '</channel>',
      `<item><title>Deep</title><description>${deep}</description></item></channel>`
    );
    const started = performance.now();

    // Act
    const result = parseFile(utf8(feed), { key: 'deep.xml' });

    // Assess
    expect(performance.now() - started).toBeLessThan(2000);
    expect(articles(result)).toHaveLength(2);
    expect(result.ok && result.problems).toEqual([
      {
        location: 'item 3',
        code: 'malformed',
        message: expect.stringContaining('XML nests deeper than 64 elements'),
      },
    ]);
  });

  it('rejects a deeply nested document that has no item at all', () => {
    // Prepare
    const xml = `<?xml version="1.0"?><rss>${'<x>'.repeat(10_000)}`;

    // Act
    const result = parseFile(utf8(xml), { key: 'deep.xml' });

    // Assess
    expect(rejection(result).code).toBe('malformed');
  });
});

describe('Function: parseFile on zip archives', () => {
  it('stops at an entry that inflates past the ratio limit (a zip bomb)', () => {
    // Prepare: 64 MiB of spaces deflates to ~64 KiB, a ratio of ~1,000.
    const bomb = zipSync({
      'a.jsonl': utf8(jsonLines(0, 2)),
      'bomb.txt': new Uint8Array(64 * 1024 * 1024).fill(0x20),
      'after.jsonl': utf8(jsonLines(2, 4)),
    });

    // Act
    const result = parseFile(bomb, { key: 'bomb.zip' });

    // Assess
    expect(articles(result)).toHaveLength(2);
    expect(result.ok && result.problems).toEqual([
      {
        location: 'entry bomb.txt',
        code: 'too-large',
        message: expect.stringContaining('a zip bomb'),
      },
    ]);
  });

  it('rejects an archive of a bomb alone without inflating it all', () => {
    // Prepare
    const bomb = zipSync({ 'zeros.bin': new Uint8Array(256 * 1024 * 1024) });
    const started = performance.now();

    // Act
    const result = parseFile(bomb, { key: 'bomb.zip' });

    // Assess
    expect(rejection(result).code).toBe('too-large');
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('stops at the entry-count and total-size limits', () => {
    // Prepare
    const many = zipOf(
      Object.fromEntries(
        Array.from({ length: 5 }, (_, i) => [`s${i}.jsonl`, jsonLine(i)])
      )
    );

    // Act
    const byCount = parseFile(many, {}, { limits: { maxZipEntries: 3 } });
    const bySize = parseFile(many, {}, { limits: { maxZipTotalBytes: 2500 } });

    // Assess
    expect(articles(byCount)).toHaveLength(3);
    expect(byCount.ok && byCount.problems[0]?.message).toContain(
      'more than 3 entries'
    );
    expect(articles(bySize).length).toBeLessThan(5);
    expect(bySize.ok && bySize.problems.at(-1)?.code).toBe('too-large');
  });

  it.each([
    ['../outside.jsonl'],
    ['a/../../outside.jsonl'],
    ['/etc/absolute.jsonl'],
    ['C:/windows/drive.jsonl'],
    ['back\\slash.jsonl'],
  ])('never reads the entry %s', (name) => {
    // Prepare
    const archive = zipOf({ [name]: jsonLine(1), 'ok.jsonl': jsonLine(2) });

    // Act
    const result = parseFile(archive, { key: 'tricks.zip' });

    // Assess
    expect(articles(result).map((a) => a.origin.entry)).toEqual(['ok.jsonl']);
    expect(result.ok && result.problems).toEqual([
      {
        location: `entry ${name}`,
        code: 'malformed',
        message: expect.stringContaining('climbs out of the archive'),
      },
    ]);
  });

  it('reads a zip inside a zip, and refuses a third level', () => {
    // Prepare
    const inner = zipOf({ 'story.jsonl': jsonLine(7) });
    const middle = zipOf({ 'inner.zip': inner });
    const outer = zipOf({ 'middle.zip': middle, 'top.jsonl': jsonLine(8) });

    // Act
    const two = parseFile(zipOf({ 'inner.zip': inner }), { key: 'two.zip' });
    const three = parseFile(outer, { key: 'three.zip' });

    // Assess
    expect(articles(two)[0]?.origin.entry).toBe('inner.zip!/story.jsonl');
    expect(articles(three).map((a) => a.origin.entry)).toEqual(['top.jsonl']);
    expect(three.ok && three.problems).toEqual([
      {
        location: 'entry middle.zip, entry inner.zip',
        code: 'too-large',
        message: 'archive nested 3 deep; archives may nest 2 deep at most',
      },
    ]);
  });

  it('gives articles of entries their own stable ids', () => {
    // Prepare: no URLs, so ids come from the key, entry and position.
    const line = JSON.stringify({
      title: 'No link',
      body: 'word '.repeat(30),
    });
    const archive = zipOf({ 'a.jsonl': line, 'b.jsonl': line });

    // Act
    const first = articles(parseFile(archive, { key: 'k.zip' }));
    const again = articles(parseFile(archive, { key: 'k.zip' }));

    // Assess
    expect(first.map((a) => a.id)).toEqual(again.map((a) => a.id));
    expect(new Set(first.map((a) => a.id)).size).toBe(2);
  });

  it('rejects a truncated archive as corrupt', () => {
    // Prepare
    const archive = zipOf({ 'a.jsonl': jsonLines(0, 30) });

    // Act
    const result = parseFile(archive.subarray(0, 400), { key: 'cut.zip' });

    // Assess
    expect(rejection(result).code).toBe('corrupt-archive');
  });
});

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
