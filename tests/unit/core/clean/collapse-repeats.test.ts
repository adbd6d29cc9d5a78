import { describe, expect, it } from 'vitest';
import { collapseRepeats } from '../../../../functions/core/clean/collapse-repeats.ts';
import { draftOf, prose, texts } from './helpers.ts';

describe('Function: collapseRepeats', () => {
  it('removes every copy of a repeated module heading', () => {
    // Prepare
    const draft = draftOf([
      prose(),
      'Best quotes from Kim Jong-un and Putin',
      'Best quotes from Kim Jong-un and Putin',
      prose(20, 'agency'),
    ]);

    // Act
    const out = collapseRepeats(draft);

    // Assess
    expect(texts(out)).toEqual([prose(), prose(20, 'agency')]);
  });

  it('keeps the first copy of a repeated paragraph', () => {
    // Prepare
    const draft = draftOf([prose(), prose(20, 'agency'), prose()]);

    // Act
    const out = collapseRepeats(draft);

    // Assess
    expect(texts(out)).toEqual([prose(), prose(20, 'agency')]);
  });

  it('drops body copies of the title and the standfirst', () => {
    // Prepare
    const draft = draftOf(['Headline here', 'The dek, repeated.', prose()], {
      title: 'Headline here',
      standfirst: 'The dek, repeated.',
    });

    // Act
    const out = collapseRepeats(draft);

    // Assess
    expect(texts(out)).toEqual([prose()]);
  });

  it('treats case, punctuation and quote style as the same text', () => {
    // Prepare
    const draft = draftOf([
      '“It’s over,” he said.',
      '"it\'s over," he said',
      prose(),
    ]);

    // Act
    const out = collapseRepeats(draft);

    // Assess
    expect(texts(out)).toEqual(['“It’s over,” he said.', prose()]);
  });

  it('keeps a short heading that appears twice far apart', () => {
    // Prepare
    const draft = draftOf([
      'Analysis',
      prose(20, 'a'),
      prose(20, 'b'),
      prose(20, 'c'),
      prose(20, 'd'),
      'Analysis',
      prose(20, 'e'),
    ]);

    // Act
    const out = collapseRepeats(draft);

    // Assess
    expect(texts(out)[0]).toBe('Analysis');
    expect(out.body).toHaveLength(6);
  });
});
