import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  comparisonKey,
  countWords,
  endsLikeSentence,
  words,
} from '../../../functions/core/text.ts';

describe('Function: countWords', () => {
  it.each([
    ['', 0],
    ['Kim Jong-un don’t 3.5% £4bn', 5],
    ['“Quoted,” he said — twice…', 4],
    ['नमस्ते दुनिया', 2],
    ['emoji 🎉 between', 2],
  ])('counts "%s" as %i words', (text, n) => {
    // Assess
    expect(countWords(text)).toBe(n);
  });

  it('agrees with the regex definition on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        // Assess
        expect(countWords(text)).toBe(words(text).length);
      }),
      { numRuns: 500 }
    );
  });
});

describe('Function: comparisonKey', () => {
  it('folds case, punctuation and quote styles', () => {
    // Assess
    expect(comparisonKey('“It’s OVER,” he said.')).toBe(
      comparisonKey('"it\'s over" he said')
    );
    expect(comparisonKey('Café – Zürich')).toBe('café zürich');
  });
});

describe('Function: endsLikeSentence', () => {
  it.each([
    ['It ended.', true],
    ['“It ended.”', true],
    ['Really?', true],
    ['No full stop', false],
    ['A colon:', false],
  ])('"%s" → %s', (text, expected) => {
    // Assess
    expect(endsLikeSentence(text)).toBe(expected);
  });
});
