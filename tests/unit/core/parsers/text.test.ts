import { describe, expect, it } from 'vitest';
import { parseText } from '../../../../functions/core/parsers/text.ts';

describe('Function: parseText', () => {
  it('takes the first short line as the title and each line as a block', () => {
    // Act
    const draft = parseText(
      'Headline here\n\nFirst paragraph.\nSecond paragraph.\n'
    );

    // Assess
    expect(draft.title).toBe('Headline here');
    expect(draft.body.map((b) => b.text)).toEqual([
      'First paragraph.',
      'Second paragraph.',
    ]);
  });

  it('joins hard-wrapped lines into paragraphs', () => {
    // Prepare
    const wrapped = [
      'Cycle lanes approved',
      '',
      'The city council voted 31 to 12 on Tuesday night to approve a network',
      'of protected cycle lanes, ending a consultation that began in 2021.',
      '',
      'The first phase will connect the railway station to the university',
      'campus along Mill Road. Work is expected to start next spring.',
    ].join('\n');

    // Act
    const draft = parseText(wrapped);

    // Assess
    expect(draft.body.map((b) => b.text)).toEqual([
      'The city council voted 31 to 12 on Tuesday night to approve a network of protected cycle lanes, ending a consultation that began in 2021.',
      'The first phase will connect the railway station to the university campus along Mill Road. Work is expected to start next spring.',
    ]);
  });

  it('reads bullet, numbered, quote, heading and fenced code blocks', () => {
    // Prepare
    const text = [
      'Title',
      '',
      '- one',
      '- two',
      '',
      '1. first',
      '2) second',
      '',
      '> quoted line one',
      '> quoted line two',
      '',
      '## A subheading',
      '',
      '```',
      'const x = 1;',
      '',
      'const y = 2;',
      '```',
    ].join('\n');

    // Act
    const draft = parseText(text);

    // Assess
    expect(draft.body).toEqual([
      { type: 'list', text: '- one\n- two', items: ['one', 'two'] },
      {
        type: 'list',
        text: '1. first\n2. second',
        items: ['first', 'second'],
        ordered: true,
      },
      { type: 'quote', text: 'quoted line one quoted line two' },
      { type: 'heading', text: 'A subheading', level: 2 },
      { type: 'code', text: 'const x = 1;\n\nconst y = 2;' },
    ]);
  });

  it('drops an e-mail signature at the end', () => {
    // Act
    const draft = parseText(
      'Title\n\nStory one.\n\nStory two.\n\n-- \nUnsubscribe here'
    );

    // Assess
    expect(draft.body.map((b) => b.text)).toEqual(['Story one.', 'Story two.']);
  });

  it('uses the first sentence as the title when the text starts with prose', () => {
    // Prepare
    const prose =
      'The central bank kept interest rates on hold on Thursday for the first time in nearly two years. A day after data showed inflation slowed.';

    // Act
    const draft = parseText(`${prose}\n\nSecond paragraph.`);

    // Assess
    expect(draft.title).toBe(
      'The central bank kept interest rates on hold on Thursday for the first time in nearly two years'
    );
    expect(draft.body[0]?.text).toBe(prose);
  });

  it('treats NBSP-only and zero-width lines as blank', () => {
    // Act
    const draft = parseText('Title\n\u00a0\u200b\nBody line.');

    // Assess
    expect(draft.body.map((b) => b.text)).toEqual(['Body line.']);
  });
});
