import { describe, expect, it } from 'vitest';
import { classifyHeadings } from '../../../../functions/core/clean/classify-headings.ts';
import { draftOf, prose } from './helpers.ts';

describe('Function: classifyHeadings', () => {
  it('turns a short unpunctuated line before prose into a heading', () => {
    // Prepare
    const draft = draftOf([
      prose(),
      'What the councils say',
      prose(20, 'leader'),
    ]);

    // Act
    const out = classifyHeadings(draft);

    // Assess
    expect(out.body[1]).toEqual({
      type: 'heading',
      text: 'What the councils say',
      level: 2,
    });
  });

  it.each([
    ['a sentence', 'The council said no.'],
    ['a lead-in ending in a colon', 'The bill includes:'],
    ['a question', 'What happens next?'],
    ['a lower-case fragment', 'and then there were none'],
  ])('keeps %s as a paragraph', (_kind, line) => {
    // Prepare
    const draft = draftOf([prose(), line, prose(20, 'leader')]);

    // Act
    const out = classifyHeadings(draft);

    // Assess
    expect(out.body[1]?.type).toBe('paragraph');
  });

  it('does not take a run of short lines, or a last line, as headings', () => {
    // Prepare
    const draft = draftOf([
      prose(),
      'Local government',
      'Storm Agnes',
      prose(),
      'Closing line',
    ]);

    // Act
    const out = classifyHeadings(draft);

    // Assess
    expect(out.body.map((b) => b.type)).toEqual([
      'paragraph',
      'paragraph',
      'paragraph',
      'paragraph',
      'paragraph',
    ]);
  });
});
