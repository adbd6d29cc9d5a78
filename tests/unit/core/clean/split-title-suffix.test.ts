import { describe, expect, it } from 'vitest';
import {
  splitSuffix,
  splitTitleSuffix,
} from '../../../../functions/core/clean/split-title-suffix.ts';
import { draftOf } from './helpers.ts';

describe('Function: splitTitleSuffix', () => {
  it('splits a site name after a bar and makes it the publisher', () => {
    // Prepare
    const draft = draftOf([], {
      title: 'Councils warn of a wave of bankruptcies | The Guardian',
    });

    // Act
    const out = splitTitleSuffix(draft);

    // Assess
    expect(out.title).toBe('Councils warn of a wave of bankruptcies');
    expect(out.publisher).toBe('The Guardian');
  });

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
