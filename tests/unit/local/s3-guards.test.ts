import { describe, expect, it } from 'vitest';
import {
  CONTINUED,
  decodeKeyPath,
  encodeKeyPath,
  MAX_SEGMENT_BYTES,
} from '../../../bin/local/s3-guards.ts';

describe('Function: encodeKeyPath', () => {
  it('leaves keys whose segments fit unchanged', () => {
    // Act & Assess
    expect(encodeKeyPath('a/b c/d.txt')).toBe('a/b c/d.txt');
  });

  it('cuts a long segment into pieces that fit, between characters', () => {
    // Prepare: 3-byte characters do not divide 200
    const key = `dir/${'€'.repeat(250)}`;

    // Act
    const path = encodeKeyPath(key);
    const names = path.split('/');

    // Assess
    expect(names).toHaveLength(5);
    for (const name of names) {
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(
        MAX_SEGMENT_BYTES + CONTINUED.length
      );
      expect(name).not.toContain('\uFFFD');
    }
    expect(decodeKeyPath(path)).toBe(key);
  });

  it('round-trips keys of many shapes', () => {
    // Prepare
    const keys = [
      'x'.repeat(1024),
      `${'a'.repeat(199)}é/${'b'.repeat(401)}/c`,
      'trailing/',
      '',
    ];

    // Act & Assess
    for (const key of keys) expect(decodeKeyPath(encodeKeyPath(key))).toBe(key);
  });
});
