import { describe, expect, it } from 'vitest';
import {
  bylineAuthors,
  extractByline,
} from '../../../../functions/core/clean/extract-byline.ts';
import { draftOf, prose, texts } from './helpers.ts';

describe('Function: extractByline', () => {
  it.each([
    ['By Jane Smith', ['Jane Smith']],
    ['By Andy Bruce and David Milliken', ['Andy Bruce', 'David Milliken']],
    ['By Ella Pickover, PA Health Correspondent', ['Ella Pickover']],
    [
      'By Sophia Yan in Taipei and Nataliya Vasilyeva',
      ['Sophia Yan', 'Nataliya Vasilyeva'],
    ],
    [
      'By LISA MASCARO and MARY CLARE JALONICK',
      ['Lisa Mascaro', 'Mary Clare Jalonick'],
    ],
    ['By Laura Gozzi, BBC News', ['Laura Gozzi']],
    ['Written by Priya Natarajan', ['Priya Natarajan']],
    ['Par Jean Dupont', ['Jean Dupont']],
    ['Richard Adams Education editor', ['Richard Adams']],
    ['Reporting by Andy Bruce; Editing by William Schomberg', ['Andy Bruce']],
    ['By Reuters', ['Reuters']],
  ])('reads "%s"', (line, authors) => {
    // Assess
    expect(bylineAuthors(line)).toEqual(authors);
  });

  it.each([
    'By the end of the year, prices had doubled',
    'by 2030',
    'The council said it would act',
  ])('does not read "%s" as a byline', (line) => {
    // Assess
    expect(bylineAuthors(line)).toBeUndefined();
  });

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
