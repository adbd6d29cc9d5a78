import { describe, expect, it } from 'vitest';
import {
  normaliseString,
  normaliseText,
} from '../../../../functions/core/clean/normalise-text.ts';
import { list } from '../../../../functions/core/draft.ts';
import { draftOf, texts } from './helpers.ts';

describe('Function: normaliseText', () => {
  it('collapses every kind of space and trims', () => {
    // Act
    const out = normaliseString(
      '  Kim\u00a0Jong-un \u2009 met\t\tPutin\u3000 '
    );

    // Assess
    expect(out).toBe('Kim Jong-un met Putin');
  });

  it('removes invisible characters and control codes', () => {
    // Act
    const out = normaliseString(
      'cos\u00admo\u200bnaut\u200d’s\ufeff glove\u0007\u0085'
    );

    // Assess
    expect(out).toBe('cosmonaut’s glove');
  });

  it('keeps curly quotes, dashes and ellipses', () => {
    // Act
    const out = normaliseString('“It’s simply incredible” – she said…');

    // Assess
    expect(out).toBe('“It’s simply incredible” – she said…');
  });

  it('composes decomposed accents (NFC)', () => {
    // Act
    const out = normaliseString('Cafe\u0301 Zu\u0308rich');

    // Assess
    expect(out).toBe('Café Zürich');
  });

  it('drops blocks that are empty after normalisation, and empty list items', () => {
    // Prepare
    const draft = {
      ...draftOf(['First.', ' \u200b ', 'Second.']),
      title: '  Title\u00a0here ',
    };
    const withList = { ...draft, body: [...draft.body, list(['a', ' ', 'b'])] };

    // Act
    const out = normaliseText(withList);

    // Assess
    expect(out.title).toBe('Title here');
    expect(texts(out)).toEqual(['First.', 'Second.', '- a\n- b']);
  });
});
