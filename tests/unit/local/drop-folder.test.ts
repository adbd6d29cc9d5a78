/**
 * What the drop folder never uploads, and that the README says so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isIgnored,
  TEMPORARY_SUFFIXES,
} from '../../../bin/local/drop-folder.ts';
import { REPO_ROOT } from '../../support/paths.ts';

describe('Function: isIgnored', () => {
  it.each([
    '.DS_Store',
    'feeds/.hidden.xml',
    '.git/config',
    'story.txt~',
    'export.jsonl.part',
    'big.JSONL.CRDOWNLOAD',
    'notes/.story.txt.swp',
    'upload.tmp',
  ])('skips %s', (path) => {
    // Act
    const ignored = isIgnored(path);

    // Assess
    expect(ignored).toBe(true);
  });

  it.each(['story.txt', 'feeds/news.xml', 'a.b/c.jsonl', 'tmp/story.txt', ''])(
    'uploads %j',
    (path) => {
      // Act
      const ignored = isIgnored(path);

      // Assess
      expect(ignored).toBe(false);
    }
  );

  it('is what the README says the drop folder skips', () => {
    // Prepare
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const sentence = /temporary files \(names ending in ([^)]+)\)/u.exec(
      readme.replaceAll(/\s+/gu, ' ')
    )?.[1];

    // Act
    const listed = [...(sentence ?? '').matchAll(/`([^`]+)`/gu)].map(
      (m) => m[1]
    );

    // Assess
    expect(listed).toEqual([...TEMPORARY_SUFFIXES]);
    expect(readme).toContain(
      'Hidden files and folders (names starting with `.`)'
    );
  });
});
