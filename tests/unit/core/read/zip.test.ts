/**
 * Zip archives: members read as files of their own, zip bombs and path
 * tricks stopped, nesting bounded.
 */
import { Unzip, UnzipInflate, Zip, ZipPassThrough, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../../functions/core/index.ts';
import { jsonLine, jsonLines, zipOf } from '../../../support/formats.ts';
import { articles, rejection, utf8 } from '../helpers.ts';

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

describe('Function: parseFile on a zip with nothing to read', () => {
  it('says every entry has an unsafe path, naming them, when none was read', () => {
    // Prepare
    const archive = zipOf({
      '../up.jsonl': jsonLine(1),
      '/abs.jsonl': jsonLine(2),
      'back\\slash.jsonl': jsonLine(3),
      'a/../../far.jsonl': jsonLine(4),
    });

    // Act
    const result = parseFile(archive, { key: 'tricks.zip' });

    // Assess
    expect(rejection(result).code).toBe('malformed');
    expect(result.ok ? [] : result.problems?.at(-1)).toEqual({
      location: 'archive',
      code: 'malformed',
      message:
        'every entry has an unsafe path (../up.jsonl, /abs.jsonl, back\\slash.jsonl and 1 more); none was read',
    });
  });

  it.each([
    [
      'only folders',
      { 'a/': new Uint8Array(0), 'a/b/': new Uint8Array(0) },
      'zip archive holds no file to read, only 2 folders',
    ],
    [
      'only system files',
      { '__MACOSX/._a.txt': 'x', '.DS_Store': 'y', 'Thumbs.db': 'z' },
      'zip archive holds no file to read, only 3 system files (__MACOSX/, hidden files, Thumbs.db)',
    ],
    [
      'a folder and a system file',
      { 'a/': new Uint8Array(0), 'a/.hidden': 'x' },
      'zip archive holds no file to read, only 1 folder and 1 system file (__MACOSX/, hidden files, Thumbs.db)',
    ],
    ['no entry at all', {}, 'zip archive holds no entries'],
  ])('says what an archive of %s holds', (_name, files, message) => {
    // Act
    const result = parseFile(zipOf(files), { key: 'empty.zip' });

    // Assess
    expect(rejection(result)).toEqual({ code: 'empty', message });
  });
});

describe('Function: parseFile on a zip entry with a wrong CRC-32', () => {
  const BAD = jsonLine(1);
  const GOOD = jsonLine(2);

  /** The offset of the first byte of `needle` in `haystack`. */
  const indexOf = (haystack: Uint8Array, needle: Uint8Array): number =>
    Buffer.from(haystack).indexOf(Buffer.from(needle));

  /** A zip written as a stream: sizes and CRCs in data descriptors. */
  const streamedZip = (files: Record<string, string>): Uint8Array => {
    const chunks: Uint8Array[] = [];
    const zip = new Zip((error, chunk) => {
      if (error) throw error;
      chunks.push(chunk);
    });
    for (const [name, text] of Object.entries(files)) {
      // Stored, so that one byte of the text can be changed in place.
      const member = new ZipPassThrough(name);
      zip.add(member);
      member.push(utf8(text), true);
    }
    zip.end();
    return Buffer.concat(chunks);
  };

  /** What `name` inflates to when `archive` is read as a stream. */
  const streamedMember = (archive: Uint8Array, name: string): string => {
    const parts: Uint8Array[] = [];
    let ended = false;
    const unzip = new Unzip((file) => {
      if (file.name !== name) return;
      file.ondata = (error, data, final) => {
        if (error) throw error;
        parts.push(data);
        ended ||= final;
      };
      file.start();
    });
    unzip.register(UnzipInflate);
    unzip.push(archive, true);
    if (!ended) throw new Error(`${name} did not end`);
    return new TextDecoder('utf-8', { fatal: true }).decode(
      Buffer.concat(parts)
    );
  };

  /**
   * A copy of `archive` with one byte of `name`'s deflated data flipped so
   * that it still inflates, as a stream, but to other text: the first such.
   */
  const flipInflatable = (archive: Uint8Array, name: string): Uint8Array => {
    const original = streamedMember(archive, name);
    const header = indexOf(archive, utf8(name));
    for (let at = header + name.length; at < archive.length; at++) {
      const copy = archive.slice();
      copy[at] = (copy[at] as number) ^ 0x04;
      try {
        if (streamedMember(copy, name) !== original) return copy;
      } catch {
        // This flip breaks the deflate stream; try the next byte.
      }
    }
    throw new Error(`no inflatable flip found in ${name}`);
  };

  const expectCrcProblemAt = (archive: Uint8Array): void => {
    // Act
    const result = parseFile(archive, { key: 'flipped.zip' });

    // Assess: the corrupt entry is a problem, the other entry is kept.
    expect(articles(result).map((a) => a.origin.entry)).toEqual(['good.json']);
    expect(result.ok && result.problems).toEqual([
      {
        location: 'entry bad.json',
        code: 'corrupt-archive',
        message: expect.stringMatching(
          /^entry data is corrupt: its CRC-32 is [0-9a-f]{8}, but its data has [0-9a-f]{8}$/u
        ),
      },
    ]);
  };

  it('keeps both entries of the archive before a byte is flipped', () => {
    // Act
    const stored = parseFile(
      zipSync({ 'bad.json': utf8(BAD), 'good.json': utf8(GOOD) }, { level: 0 })
    );
    const streamed = parseFile(
      streamedZip({ 'bad.json': BAD, 'good.json': GOOD })
    );

    // Assess
    expect(articles(stored)).toHaveLength(2);
    expect(articles(streamed)).toHaveLength(2);
    expect(stored.ok && stored.problems).toEqual([]);
    expect(streamed.ok && streamed.problems).toEqual([]);
  });

  it('finds a flipped byte in a stored entry (CRC in the local header)', () => {
    // Prepare: "Council" becomes "Kouncil", one letter of the title.
    const archive = zipSync(
      { 'bad.json': utf8(BAD), 'good.json': utf8(GOOD) },
      { level: 0 }
    );
    const at = indexOf(archive, utf8('Council report number 1'));
    archive[at] = 'K'.charCodeAt(0);

    // Act / Assess
    expectCrcProblemAt(archive);
  });

  it('finds a flipped byte in a deflated entry (CRC in the local header)', () => {
    // Prepare
    const archive = zipSync({ 'bad.json': utf8(BAD), 'good.json': utf8(GOOD) });

    // Act / Assess
    expectCrcProblemAt(flipInflatable(archive, 'bad.json'));
  });

  it('finds a flipped byte in a streamed entry (CRC in the data descriptor)', () => {
    // Prepare
    const archive = streamedZip({ 'bad.json': BAD, 'good.json': GOOD });
    expect((archive[6] as number) & 0x08).toBe(0x08);
    const at = indexOf(archive, utf8('Council report number 1'));
    archive[at] = 'K'.charCodeAt(0);

    // Act / Assess
    expectCrcProblemAt(archive);
  });
});
