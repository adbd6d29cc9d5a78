/**
 * CursorCodec: cursors round-trip within their scope and fail, as
 * InvalidCursorError, when altered, foreign or signed with another secret.
 */
import { describe, expect, it } from 'vitest';
import { CursorCodec } from '../../../functions/api/cursor.ts';
import { InvalidCursorError } from '../../../functions/api/errors.ts';

const SECRET = 's'.repeat(32);
const POSITION = `2023-09-14T09:17:00Z#${'a'.repeat(32)}`;
const SCOPE = {
  listing: 'articles',
  publisher: 'reuters',
  from: '2023-01-01',
  to: undefined,
};

describe('Class: CursorCodec', () => {
  it('decodes what it encoded, within the same scope', () => {
    // Prepare
    const codec = new CursorCodec(SECRET);

    // Act
    const cursor = codec.encode(POSITION, SCOPE);

    // Assess
    expect(cursor).toMatch(/^[\w-]+\.[\w-]{22}$/u);
    expect(codec.decode(cursor, { ...SCOPE })).toBe(POSITION);
  });

  it('reads a scope the same whatever its order, and undefined as absent', () => {
    // Prepare
    const codec = new CursorCodec(SECRET);
    const cursor = codec.encode(POSITION, SCOPE);

    // Act
    const decoded = codec.decode(cursor, {
      to: undefined,
      from: '2023-01-01',
      publisher: 'reuters',
      listing: 'articles',
      status: undefined,
    });

    // Assess
    expect(decoded).toBe(POSITION);
  });

  it.each([
    ['another publisher', { ...SCOPE, publisher: 'bbc news' }],
    ['no publisher', { ...SCOPE, publisher: undefined }],
    ['another from', { ...SCOPE, from: '2023-01-02' }],
    ['a to', { ...SCOPE, to: '2023-12-31' }],
    ['another listing', { ...SCOPE, listing: 'files' }],
    [
      'a filter of another name',
      { ...SCOPE, publisher: undefined, status: 'reuters' },
    ],
  ])('throws InvalidCursorError for a cursor of %s', (_, scope) => {
    // Prepare
    const codec = new CursorCodec(SECRET);
    const cursor = codec.encode(POSITION, SCOPE);

    // Act
    const decode = () => codec.decode(cursor, scope);

    // Assess
    expect(decode).toThrow(InvalidCursorError);
  });

  it('throws InvalidCursorError for an altered payload or tag, or another secret', () => {
    // Prepare
    const codec = new CursorCodec(SECRET);
    const cursor = codec.encode(POSITION, SCOPE);
    const [payload, tag] = cursor.split('.') as [string, string];
    const forged = Buffer.from(`1999${POSITION.slice(4)}`).toString(
      'base64url'
    );
    const candidates = [
      `${forged}.${tag}`,
      `${payload}.${tag.replace(/^./u, (c) => (c === 'A' ? 'B' : 'A'))}`,
      `${payload}.${tag}.x`,
      payload,
      '',
      new CursorCodec('t'.repeat(32)).encode(POSITION, SCOPE),
    ];

    // Act
    const failures = candidates.filter((candidate) => {
      try {
        codec.decode(candidate, SCOPE);
        return false;
      } catch (error) {
        return error instanceof InvalidCursorError && error.statusCode === 400;
      }
    });

    // Assess
    expect(failures).toEqual(candidates);
  });
});
