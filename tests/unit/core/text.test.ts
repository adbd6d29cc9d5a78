import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  comparisonKey,
  countWords,
  endsLikeSentence,
  words,
} from '../../../functions/core/text.ts';

/**
 * Any string, weighted towards what the fast paths branch on: letters,
 * white space (also U+3000 and U+FEFF, which `trim` drops), punctuation,
 * closing quotes, accented and non-Latin letters, lone surrogates.
 */
const textLike = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({
    unit: fc.constantFrom(
      ...'aZ9 \t\n.,!?…"\'”’»)]–-—©×éÉİßЖ\u3000\uFEFF\u1680\uD83C\uDF89\uD800'
    ),
    maxLength: 60,
  })
);

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

  it('agrees with the regex definition on any string', () => {
    const regexKey = (text: string) =>
      text
        .toLowerCase()
        .replace(/[^a-z0-9\u00C0-\u1FFF\u2C00-\uFFFF]+/g, ' ')
        .trim();
    fc.assert(
      fc.property(textLike, (text) => {
        // Assess
        expect(comparisonKey(text)).toBe(regexKey(text));
      }),
      { numRuns: 1000 }
    );
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

  it('agrees with the regex definition on any string', () => {
    fc.assert(
      fc.property(textLike, (text) => {
        // Assess
        expect(endsLikeSentence(text)).toBe(/[.!?…]["'”’»)\]]*$/u.test(text));
      }),
      { numRuns: 1000 }
    );
  });
});
