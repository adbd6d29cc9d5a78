import { describe, expect, it } from 'vitest';
import { splitSuffix } from '../../../functions/core/title-suffix.ts';

describe('Function: splitSuffix', () => {
  it('splits after a dash only when it repeats the known publisher', () => {
    // Assess
    expect(
      splitSuffix('Storm Agnes brings floods - BBC News', 'BBC News')
    ).toEqual({
      title: 'Storm Agnes brings floods',
      site: 'BBC News',
    });
    expect(splitSuffix('Ukraine war - live updates', undefined)).toEqual({
      title: 'Ukraine war - live updates',
    });
  });

  it('keeps a bar that joins two halves of a short headline', () => {
    // Assess
    expect(
      splitSuffix('Brexit | what next for the economy and jobs', undefined)
    ).toEqual({
      title: 'Brexit | what next for the economy and jobs',
    });
  });
});
