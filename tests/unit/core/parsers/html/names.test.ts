import { describe, expect, it } from 'vitest';
import { parseDom } from '../../../../../functions/core/parsers/html/dom.ts';
import { bylineName } from '../../../../../functions/core/parsers/html/names.ts';

const PARAGRAPH =
  '<p>The ferry timetable changes on Monday, when the winter service starts and the last boat leaves the island at six in the evening.</p>';

describe('Function: bylineName', () => {
  it('reads the name in a byline box', () => {
    // Prepare
    const box = parseDom(
      '<div class="author-box"><a href="/authors/ana">Ana Silva</a> Reporter, 14 May 2024</div>'
    ).root.children[0];

    // Act
    const name = bylineName(box as never);

    // Assess
    expect(name).toBe('Ana Silva');
  });

  it('never takes a whole story with an author class for a byline', () => {
    // Prepare
    const story = parseDom(
      `<article class="post displayed_author-ana-silva"><a href="/authors/ana">Ana Silva</a>${PARAGRAPH.repeat(6)}</article>`
    ).root.children[0];

    // Act
    const name = bylineName(story as never);

    // Assess
    expect(name).toBeUndefined();
  });
});
