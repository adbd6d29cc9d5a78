import { describe, expect, it } from 'vitest';
import { bylineAuthors } from '../../../functions/core/bylines.ts';

describe('Function: bylineAuthors', () => {
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
});
