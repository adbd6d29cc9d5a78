/** Gzip: undone as a stream, whatever format it holds. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../../functions/core/index.ts';
import { jsonLine, jsonLines, rssFeed } from '../../../support/formats.ts';
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
