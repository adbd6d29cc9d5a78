import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../../functions/core/detect.ts';

describe('Function: detectFormat', () => {
  it.each([
    ['plain text', 'Headline\n\nBody.', {}, 'text'],
    ['an HTML page', '<!DOCTYPE html><html><body>x</body></html>', {}, 'html'],
    ['an HTML fragment', '<p>Hello</p>', {}, 'html'],
    [
      'an HTML page saved as .txt',
      '  <html lang="en"><body>x',
      { key: 'a.txt' },
      'html',
    ],
    ['RSS', '<?xml version="1.0"?><rss version="2.0"><channel>', {}, 'rss'],
    [
      'Atom',
      '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">',
      {},
      'atom',
    ],
    ['a JSON object', '{"title": "x"}', {}, 'json'],
    ['a JSON array', '[{"title": "x"}]', {}, 'json'],
    ['JSON Lines', '{"a": 1}\n{"a": 2}\n', {}, 'jsonl'],
    ['Markdown front matter', '---\ntitle: x\n---\n# x', {}, 'markdown'],
    [
      'Markdown by extension',
      '# Title\n\nBody',
      { key: 'notes/a.md' },
      'markdown',
    ],
    [
      'text declared as HTML',
      'Hello',
      { contentType: 'text/html; charset=utf-8' },
      'html',
    ],
  ] as const)('detects %s', (_name, text, hints, format) => {
    // Assess
    expect(detectFormat(text, hints)).toBe(format);
  });
});
