/**
 * The read API's HTTP helpers: dates as listings compare them, and
 * If-None-Match matching.
 */
import { describe, expect, it } from 'vitest';
import {
  dateSpan,
  etagOf,
  ifNoneMatchHits,
  toUtcDate,
} from '../../../functions/api/http.ts';

describe('Function: toUtcDate', () => {
  it.each([
    ['2023-09-14', '2023-09-14'],
    ['2023-09-14T10:32:00Z', '2023-09-14T10:32:00Z'],
    ['2023-09-14T10:32:00.999+01:00', '2023-09-14T09:32:00Z'],
    ['2023-09-14T00:30:00+02:00', '2023-09-13T22:30:00Z'],
    ['0000-01-01T00:30:00+01:00', '0000-01-01T00:00:00Z'],
    ['9999-12-31T23:30:00-01:00', '9999-12-31T23:59:59Z'],
  ])('turns %s into %s', (input, expected) => {
    // Act
    const utc = toUtcDate(input);

    // Assess
    expect(utc).toBe(expected);
  });
});

describe('Function: dateSpan', () => {
  it('spans a whole day for a date, and one instant for a date-time', () => {
    // Act
    const day = dateSpan('2023-09-14');
    const instant = dateSpan('2023-09-14T10:00:00Z');

    // Assess
    expect(day.endMs - day.startMs).toBe(86_400_000 - 1);
    expect(instant.startMs).toBe(instant.endMs);
  });
});

describe('Function: ifNoneMatchHits', () => {
  const etag = etagOf('body');

  it.each([
    [etag, true],
    [`W/${etag}`, true],
    [`"a", ${etag}`, true],
    ['*', true],
    ['"a", "b"', false],
    [undefined, false],
    ['', false],
  ])('matches %s: %s', (header, expected) => {
    // Act
    const hit = ifNoneMatchHits(header, etag);

    // Assess
    expect(hit).toBe(expected);
  });
});
