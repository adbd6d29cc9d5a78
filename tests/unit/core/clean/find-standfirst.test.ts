import { describe, expect, it } from 'vitest';
import { findStandfirst } from '../../../../functions/core/clean/find-standfirst.ts';
import { draftOf, prose, texts } from './helpers.ts';

const DEK =
  'Vladimir Putin gifted a cosmonaut’s glove and a rifle to Kim Jong-un during his visit.';

describe('Function: findStandfirst', () => {
  it('moves the first paragraph to the standfirst when more story follows', () => {
    // Prepare
    const draft = draftOf([DEK, prose(), prose(20, 'kremlin')]);

    // Act
    const out = findStandfirst(draft);

    // Assess
    expect(out.standfirst).toBe(DEK);
    expect(texts(out)).toEqual([prose(), prose(20, 'kremlin')]);
  });

  it('accepts a long standfirst without a full stop', () => {
    // Prepare
    const dek =
      'Local authorities in England face a combined shortfall of £4bn over the next two years, according to analysis';
    const draft = draftOf([dek, prose(), prose()]);

    // Act
    const out = findStandfirst(draft);

    // Assess
    expect(out.standfirst).toBe(dek);
  });

  it.each([
    [
      'a wire dateline lede',
      'LONDON, Sept 21 (Reuters) - The Bank of England kept interest rates on hold on Thursday.',
    ],
    [
      'an AP dateline lede',
      'WASHINGTON (AP) — Congress approved a temporary spending bill late Saturday.',
    ],
    ['a short fragment', 'It was over.'],
  ])('leaves %s in the body', (_kind, first) => {
    // Prepare
    const draft = draftOf([first, prose(), prose()]);

    // Act
    const out = findStandfirst(draft);

    // Assess
    expect(out.standfirst).toBeUndefined();
    expect(out.body).toHaveLength(3);
  });

  it('needs two more paragraphs after it', () => {
    // Prepare
    const draft = draftOf([DEK, prose()]);

    // Act
    const out = findStandfirst(draft);

    // Assess
    expect(out.standfirst).toBeUndefined();
  });
});
