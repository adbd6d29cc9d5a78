import { describe, expect, it } from 'vitest';
import { splitTitleSuffix } from '../../../../functions/core/clean/split-title-suffix.ts';
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

  it('keeps the publisher the draft already names', () => {
    // Prepare
    const draft = draftOf([], {
      title: 'Councils warn of a wave of bankruptcies | Politics',
      publisher: 'The Guardian',
    });

    // Act
    const out = splitTitleSuffix(draft);

    // Assess
    expect(out.title).toBe('Councils warn of a wave of bankruptcies');
    expect(out.publisher).toBe('The Guardian');
  });
});
