import { describe, expect, it } from 'vitest';
import { extractByline } from '../../../../functions/core/clean/extract-byline.ts';
import { draftOf, prose, texts } from './helpers.ts';

describe('Function: extractByline', () => {
  it('takes bylines from the top, under the standfirst, and from a combined line', () => {
    // Prepare
    const draft = draftOf([
      'The dek of the story, which is a whole sentence of prose for readers.',
      'By Jane Smith | 14 September 2023',
      prose(),
      prose(20, 'minister'),
    ]);

    // Act
    const out = extractByline(draft);

    // Assess
    expect(out.authors).toEqual(['Jane Smith']);
    expect(texts(out)[1]).toBe('14 September 2023');
  });

  it('leaves "By …" lines in the middle of the story alone', () => {
    // Prepare
    const draft = draftOf([
      prose(),
      prose(20, 'minister'),
      'By Jane Smith',
      prose(20, 'a'),
      prose(20, 'b'),
      prose(20, 'c'),
      prose(20, 'd'),
    ]);

    // Act
    const out = extractByline(draft);

    // Assess
    expect(out.authors).toEqual([]);
    expect(out.body).toHaveLength(7);
  });
});
