/**
 * The Markdown parser: front matter read with the JSON entry mapping, the
 * body rendered and read as HTML, the title heading not repeated.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  MAX_FRONT_MATTER_CHARS,
} from '../../../../functions/core/limits.ts';
import { parseMarkdown } from '../../../../functions/core/parsers/markdown.ts';
import { thrownRejection } from '../helpers.ts';

const BODY = 'The council met on Tuesday.\n\n- one\n- two\n\n> A quote.\n';

describe('Function: parseMarkdown', () => {
  it('maps front matter as JSON fields and drops the heading that repeats the title', () => {
    // Prepare
    const text = `---
title: Library stays open
author: [Ann Lee, Bo Chan]
date: 2024-03-05
lastmod: 2024-03-06T10:00:00Z
tags: [council, libraries]
description: The vote was close.
---
# Library stays open

${BODY}`;

    // Act
    const { draft, steps } = parseMarkdown(text, DEFAULT_LIMITS);

    // Assess
    expect(steps).toBe('html');
    expect(draft).toMatchObject({
      title: 'Library stays open',
      authors: ['Ann Lee', 'Bo Chan'],
      publishedAt: '2024-03-05',
      modifiedAt: '2024-03-06T10:00:00Z',
      tags: ['council', 'libraries'],
      standfirst: 'The vote was close.',
    });
    expect(draft.body.map((b) => [b.type, b.text])).toEqual([
      ['paragraph', 'The council met on Tuesday.'],
      ['list', '- one\n- two'],
      ['quote', 'A quote.'],
    ]);
  });

  it('takes the first heading as the title when the front matter has none', () => {
    // Act
    const { draft } = parseMarkdown(
      `# A heading title\n\n${BODY}`,
      DEFAULT_LIMITS
    );

    // Assess
    expect(draft.title).toBe('A heading title');
    expect(draft.body[0]?.text).toBe('The council met on Tuesday.');
  });

  it.each([
    [
      'front matter that is not YAML',
      '---\ntitle: [unclosed\n---\nText',
      /^front matter is not valid YAML: /u,
    ],
    [
      'front matter that is not a mapping',
      '---\n- a\n- b\n---\nText',
      /^front matter is YAML but not a mapping of field names to values$/u,
    ],
    [
      'a field of the wrong type',
      '---\ntitle: {a: 1}\n---\nText',
      /^field "title" is an object; expected a string$/u,
    ],
    [
      'front matter over the size limit',
      `---\ntitle: x\nnotes: ${'a'.repeat(MAX_FRONT_MATTER_CHARS)}\n---\nText`,
      /^front matter is \d+ characters; the limit is 65536$/u,
    ],
  ])('rejects %s as malformed', (_name, text, message) => {
    // Act
    const rejection = thrownRejection(() =>
      parseMarkdown(text, DEFAULT_LIMITS)
    );

    // Assess
    expect(rejection.code).toBe('malformed');
    expect(rejection.message).toMatch(message);
  });

  it('keeps YAML aliases as references and refuses an alias bomb', () => {
    // Prepare: each level refers to the one before ten times.
    const levels = Array.from(
      { length: 8 },
      (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`
    );
    const text = `---\nl0: &l0 x\n${levels.join('\n')}\ntitle: T\n---\nText`;

    // Act
    const rejection = thrownRejection(() =>
      parseMarkdown(text, DEFAULT_LIMITS)
    );

    // Assess
    expect(rejection.code).toBe('malformed');
    expect(rejection.message).toMatch(/^front matter is not valid YAML: /u);
  });
});
