import { describe, expect, it } from 'vitest';
import { extractDates } from '../../../../functions/core/clean/extract-dates.ts';
import { draftOf, prose, texts } from './helpers.ts';

describe('Function: extractDates', () => {
  it('reads published and updated lines at the top', () => {
    // Prepare
    const draft = draftOf([
      'Published: 13 September 2023',
      'Updated 4:17 PM EDT, September 14, 2023',
      prose(),
      prose(20, 'minister'),
    ]);

    // Act
    const out = extractDates(draft);

    // Assess
    expect(out.publishedAt).toBe('2023-09-13');
    expect(out.modifiedAt).toBe('2023-09-14T20:17:00Z');
    expect(texts(out)).toEqual([prose(), prose(20, 'minister')]);
  });

  it('reads a bare date line with a time split off by a bullet', () => {
    // Prepare
    const draft = draftOf([
      '14 September 2023 • 4:17pm',
      prose(),
      prose(20, 'x'),
    ]);

    // Act
    const out = extractDates(draft);

    // Assess
    expect(out.publishedAt).toBe('2023-09-14T16:17:00Z');
    expect(out.body).toHaveLength(2);
  });

  it('reads dates in other languages', () => {
    // Prepare
    const draft = draftOf([
      'Publié le 15 septembre 2023 à 10h32',
      prose(),
      prose(),
    ]);

    // Act
    const out = extractDates(draft);

    // Assess
    expect(out.publishedAt).toBe('2023-09-15T10:32:00Z');
  });

  it('keeps dates that metadata already set', () => {
    // Prepare
    const draft = draftOf(['Published 1 January 2020', prose(), prose()], {
      publishedAt: '2023-09-13',
    });

    // Act
    const out = extractDates(draft);

    // Assess
    expect(out.publishedAt).toBe('2023-09-13');
    expect(out.body).toHaveLength(2);
  });

  it('leaves sentences that contain dates in the body', () => {
    // Prepare
    const draft = draftOf([
      'Putin last visited North Korea in July 2000.',
      prose(),
      prose(),
    ]);

    // Act
    const out = extractDates(draft);

    // Assess
    expect(out.publishedAt).toBeUndefined();
    expect(out.body).toHaveLength(3);
  });
});
