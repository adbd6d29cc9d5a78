/**
 * `dropwire parse` as a user runs it: a real child process on Node 24,
 * reading files and stdin, with the exit codes the README documents.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadArticleFixture } from '../../support/fixtures.ts';
import { jsonLines } from '../../support/formats.ts';
import { REPO_ROOT, SEED_PATH } from '../../support/paths.ts';
import { testTempDir } from '../../support/temp-dir.ts';

const CLI = join(REPO_ROOT, 'bin', 'cli.ts');
const SEED = SEED_PATH;

function dropwire(args: string[], input?: string | Uint8Array) {
  const run = spawnSync(process.execPath, [CLI, ...args], {
    input,
    encoding: 'utf8',
    cwd: REPO_ROOT,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('CLI: dropwire parse', () => {
  it('prints the seed as {"articles": [...]} and exits 0', () => {
    // Act
    const run = dropwire(['parse', SEED]);

    // Assess
    expect(run.code).toBe(0);
    const output = JSON.parse(run.stdout);
    expect(Object.keys(output)).toEqual(['articles']);
    expect(output.articles).toHaveLength(1);
    expect(output.articles[0]).toMatchObject({
      title: 'Putin gives Kim Jong-un parting gifts as tour ends early',
      publisher: 'The Telegraph',
      language: 'en',
      images: [{ credit: 'STR/KCNA VIA KNS/AFP via Getty Images' }],
      origin: { key: SEED, format: 'text' },
    });
    expect(output.articles[0].body).toHaveLength(13);
  });

  it('reads stdin with "-" and records --key as the origin', () => {
    // Prepare
    const source = loadArticleFixture('reuters-wire-rates').source;

    // Act
    const run = dropwire(['parse', '-', '--key', 'wire/rates.txt'], source);

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).articles[0].origin).toEqual({
      key: 'wire/rates.txt',
      format: 'text',
    });
  });

  it('prints a rejection and exits 2 for a file that is not an article', () => {
    // Act
    const run = dropwire(['parse', '-'], 'Just one line');

    // Assess
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({
      rejected: {
        code: 'not-an-article',
        message:
          'only 0 words of article text remain after cleaning; an article needs at least 20',
      },
    });
  });

  it('indents the output with --pretty', () => {
    // Act
    const run = dropwire(['parse', SEED, '--pretty']);

    // Assess
    expect(run.stdout.startsWith('{\n  "articles": [\n')).toBe(true);
  });

  it('prints help with --help and exits 0', () => {
    // Act
    const run = dropwire(['--help']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('dropwire parse <file | ->');
  });

  it.each([
    [['parse'], 'parse takes exactly one file'],
    [['parse', 'a', 'b'], 'parse takes exactly one file'],
    [['frobnicate'], 'unknown command "frobnicate"'],
    [['parse', SEED, '--nope'], "Unknown option '--nope'"],
  ])('exits 64 with a usage error for %j', (args, message) => {
    // Act
    const run = dropwire(args);

    // Assess
    expect(run.code).toBe(64);
    expect(run.stderr).toContain(message);
  });

  it('exits 1 with a clear message for a missing file', () => {
    // Prepare
    const missing = join(REPO_ROOT, 'tests', 'no-such-file.txt');

    // Act
    const run = dropwire(['parse', missing]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`dropwire: cannot read ${missing}: no such file\n`);
    expect(run.stdout).toBe('');
  });

  it('exits 1 with one line for a folder given as the file', () => {
    // Prepare
    const folder = testTempDir('cli');

    // Act
    const run = dropwire(['parse', folder]);

    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `dropwire: cannot read ${folder}: it is a folder, not a file (upload takes folders)\n`
    );
  });

  it('exits 2 when no line of a long JSON Lines file is an article, whatever the batches', () => {
    // Act: 30,000 lines span many chunks; the last one alone has problems.
    const run = dropwire(['parse', '-'], '{}\n'.repeat(30_000));

    // Assess
    expect(run.code).toBe(2);
    const output = JSON.parse(run.stdout);
    expect(output.rejected.code).toBe('not-an-article');
    expect(output.problems).toHaveLength(100);
    expect(output.unlistedProblems).toBe(29_900);
  });

  it('prints a JSON list of 150,000 items without overflowing the stack', () => {
    // Prepare
    const path = join(testTempDir('cli'), 'many.json');
    writeFileSync(path, `[${Array(150_000).fill('{}').join(',')}]`);

    // Act
    const run = dropwire(['parse', path]);

    // Assess
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).unlistedProblems).toBe(149_900);
  });

  it('ends quietly when its output pipe is closed early', () => {
    // Prepare: enough articles to fill the pipe many times over.
    const path = join(testTempDir('cli'), 'big.jsonl');
    writeFileSync(path, jsonLines(0, 3000));

    // Act: the shell closes the pipe after the first kilobyte.
    const run = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${CLI}" parse "${path}" | head -c 1000 >/dev/null; echo "status \${PIPESTATUS[0]}" >&2`,
      ],
      { encoding: 'utf8' }
    );

    // Assess
    expect(run.stderr).toBe('status 141\n');
  });

  it('parses a gzipped file', () => {
    // Prepare
    const path = join(testTempDir('cli'), 'ap.txt.gz');
    writeFileSync(path, gzipSync(loadArticleFixture('ap-senate-vote').source));

    // Act
    const run = dropwire(['parse', path]);

    // Assess
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).articles[0].authors).toEqual([
      'Lisa Mascaro',
      'Mary Clare Jalonick',
    ]);
  });

  it.each([
    ['json-wordpress-export', 'source.json', 'json', 1, undefined],
    ['json-scraper-array', 'source.json', 'json', 3, 2],
    ['jsonl-scrapy-export', 'source.jsonl', 'jsonl', 3, 2],
    ['jsonl-gzipped-export', 'source.jsonl.gz', 'jsonl', 3, 2],
    ['markdown-hugo-post', 'source.md', 'markdown', 1, undefined],
    ['rss-news-feed', 'source.xml', 'rss', 2, 2],
    ['atom-blog-feed', 'source.xml', 'atom', 3, 0],
    ['zip-mixed-export', 'source.zip', 'jsonl', 7, 4],
  ])(
    'parses %s (%s), listing the skipped entries of multi-article files',
    (slug, name, format, count, problems) => {
      // Prepare
      const path = join(REPO_ROOT, 'tests/fixtures/articles', slug, name);

      // Act
      const run = dropwire(['parse', path]);

      // Assess
      expect(run.code).toBe(0);
      const output = JSON.parse(run.stdout);
      expect(output.articles).toHaveLength(count);
      expect(output.problems?.length).toBe(problems);
      expect(
        output.articles.map(
          (a: { origin: { format: string } }) => a.origin.format
        )
      ).toContain(format);
    }
  );

  it('prints the rejection with every problem when no entry becomes an article', () => {
    // Prepare
    const path = join(
      REPO_ROOT,
      'tests/fixtures/articles/jsonl-all-broken/source.jsonl'
    );

    // Act
    const run = dropwire(['parse', path, '--pretty']);

    // Assess
    expect(run.code).toBe(2);
    const output = JSON.parse(run.stdout);
    expect(output.rejected.code).toBe('malformed');
    expect(
      output.problems.map((p: { location: string }) => p.location)
    ).toEqual(['line 1', 'line 2', 'line 3']);
  });

  it('streams a JSON Lines file from stdin with --pretty', () => {
    // Prepare
    const lines = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({
        title: `Story ${i}`,
        url: `https://example.org/${i}`,
        body: `Story ${i} has enough words to count as an article, because the minimum is twenty words of text in all.`,
      })
    ).join('\n');

    // Act
    const run = dropwire(
      ['parse', '-', '--pretty', '--key', 'day.jsonl'],
      lines
    );

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\n  "problems": []\n');
    expect(JSON.parse(run.stdout).articles).toHaveLength(30);
  });
});
