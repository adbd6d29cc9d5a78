import { describe, expect, it } from 'vitest';
import {
  inferPublisher,
  publisherIn,
} from '../../../../functions/core/clean/infer-publisher.ts';
import { draftOf, prose } from './helpers.ts';

describe('Function: inferPublisher', () => {
  it.each([
    [
      'Try The Telegraph free for 1 month, then enjoy 1 year for just $9.',
      'The Telegraph',
    ],
    [
      'Subscribe to The Policy Digest for free to get new posts.',
      'The Policy Digest',
    ],
    ['Copyright © 2023 PA Media. All rights reserved.', 'PA Media'],
    [
      '© 2023 The Associated Press. All rights reserved.',
      'The Associated Press',
    ],
    ['© 2019–2023 Riverside Civic News Ltd', 'Riverside Civic News'],
    [
      'This article was originally published in The Conversation.',
      'The Conversation',
    ],
    ['Le Monde avec AFP', 'Le Monde'],
  ])('finds the outlet in "%s"', (line, expected) => {
    // Assess
    expect(publisherIn(line)).toBe(expected);
  });

  it.each([
    'Try it free for 30 days.',
    'All rights reserved.',
    'The minister said he would try to subscribe to the plan.',
  ])('finds no outlet in "%s"', (line) => {
    // Assess
    expect(publisherIn(line)).toBeUndefined();
  });

  it('takes the last mention, where outlets put promos and footers', () => {
    // Prepare
    const draft = draftOf([
      'Originally published in The Old Gazette.',
      prose(),
      '© 2023 The New Herald',
    ]);

    // Act
    const out = inferPublisher(draft);

    // Assess
    expect(out.publisher).toBe('The New Herald');
  });

  it('never overrides a publisher that metadata set', () => {
    // Prepare
    const draft = draftOf(['© 2023 The New Herald'], {
      publisher: 'Wire Desk',
    });

    // Act
    const out = inferPublisher(draft);

    // Assess
    expect(out.publisher).toBe('Wire Desk');
  });
});
