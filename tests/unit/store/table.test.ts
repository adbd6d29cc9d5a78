/**
 * The listing sort keys and their date-range bounds: DynamoDB compares the
 * keys as strings, so the bounds must pick exactly the articles whose date
 * lies in the range, compared as instants. A property test holds the string
 * comparison to the instant comparison. Keys built from input stay within
 * DynamoDB's key limits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  boundedKey,
  listingSortKey,
  parseListingSortKey,
  sortKeyBounds,
} from '../../../functions/store/table.ts';

const ID = 'a'.repeat(32);

/**
 * A UTC date or date-time, as articles and normalised filters hold them:
 * a few days and edge times, so that equal and adjacent values are common.
 */
const utcDate = fc
  .tuple(
    fc.constantFrom('2023-08-31', '2023-09-01', '2023-09-02', '2024-02-29'),
    fc.constantFrom(undefined, '00:00:00', '00:00:01', '09:17:00', '23:59:59')
  )
  .map(([day, time]) => (time === undefined ? day : `${day}T${time}Z`));

/** The span of instants a date stands for: a whole day, or one second. */
function span(date: string): [number, number] {
  const start = Date.parse(date.length === 10 ? `${date}T00:00:00Z` : date);
  return [start, start + (date.length === 10 ? 86_400_000 : 1_000) - 1];
}

function inBounds(key: string, bounds: ReturnType<typeof sortKeyBounds>) {
  return (
    (bounds.lower === undefined || key >= bounds.lower) &&
    (bounds.upper === undefined || key <= bounds.upper)
  );
}

describe('Function: sortKeyBounds', () => {
  it('selects exactly the dates from `from` to the end of `to`', () => {
    fc.assert(
      fc.property(utcDate, utcDate, utcDate, (date, from, to) => {
        // Prepare: an article dated by day only sorts at that midnight.
        const key = listingSortKey({ id: ID, ingestedAt: date });
        const instant = span(date)[0];

        // Act
        const selected = inBounds(key, sortKeyBounds({ from, to }));

        // Assess
        const expected = instant >= span(from)[0] && instant <= span(to)[1];
        expect(selected).toBe(expected);
      }),
      { numRuns: 2000 }
    );
  });

  it('never gives a bound equal to a sort key', () => {
    // Prepare
    const date = '2023-09-14';

    // Act
    const bounds = sortKeyBounds({ from: date, to: date });

    // Assess
    expect(parseListingSortKey(bounds.upper as string)).toBeUndefined();
    expect(parseListingSortKey(bounds.lower as string)).toBeUndefined();
  });
});

describe('Function: parseListingSortKey', () => {
  it('reads back the date and id of a sort key', () => {
    // Prepare
    const key = listingSortKey({
      id: ID,
      publishedAt: '2023-09-14T09:17:00Z',
      ingestedAt: '2026-01-01T00:00:00Z',
    });

    // Act
    const parsed = parseListingSortKey(key);

    // Assess
    expect(parsed).toEqual({ date: '2023-09-14T09:17:00Z', id: ID });
  });

  it.each([['nonsense'], [`2023-09-14#${'a'.repeat(31)}`], [`#${ID}`]])(
    'gives undefined for %s',
    (key) => {
      // Act
      const parsed = parseListingSortKey(key);

      // Assess
      expect(parsed).toBeUndefined();
    }
  );
});

describe('Function: boundedKey', () => {
  const bytes = (text: string) => Buffer.byteLength(text);

  it('keeps a value that fits as it is', () => {
    // Act / Assess
    expect(boundedKey('PUB#the telegraph', 2048)).toBe('PUB#the telegraph');
    expect(boundedKey('x'.repeat(1024), 1024)).toBe('x'.repeat(1024));
  });

  it('cuts a long value to the limit, between characters, with a hash', () => {
    // Prepare: 3-byte and 4-byte (surrogate pair) characters.
    const value = `PUB#${'€'.repeat(700)}${'😀'.repeat(300)}`;

    // Act
    const key = boundedKey(value, 2048);

    // Assess
    expect(bytes(key)).toBeLessThanOrEqual(2048);
    expect(bytes(key)).toBeGreaterThan(2048 - 4);
    expect(key).toMatch(/^PUB#€+😀*~[0-9a-f]{16}$/u);
    expect(key.isWellFormed()).toBe(true);
    expect(boundedKey(value, 2048)).toBe(key);
  });

  it('keeps distinct long values distinct', () => {
    // Prepare
    const values = fc.sample(
      fc
        .string({ minLength: 1, maxLength: 8 })
        .map((tail) => 'a'.repeat(1100) + tail),
      50
    );

    // Act
    const keys = values.map((v) => boundedKey(v, 1024));

    // Assess
    expect(new Set(keys).size).toBe(new Set(values).size);
    for (const key of keys) expect(bytes(key)).toBeLessThanOrEqual(1024);
  });
});
