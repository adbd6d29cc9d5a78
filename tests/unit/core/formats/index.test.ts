import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../../../functions/core/article.ts';
import {
  READERS,
  STREAMED_FORMATS,
} from '../../../../functions/core/formats/index.ts';

describe('Table: READERS', () => {
  it.each(FORMATS)(
    'has a reader for %s, filed under its own format',
    (format) => {
      // Act
      const reader = READERS[format];

      // Assess
      expect(reader.format).toBe(format);
      expect(typeof (reader.streamed ? reader.stream : reader.readWhole)).toBe(
        'function'
      );
    }
  );

  it('streams the formats that list many entries, and only those', () => {
    // Assess
    expect([...STREAMED_FORMATS].sort()).toEqual(['atom', 'jsonl', 'rss']);
  });
});
