/**
 * extractionView: a source's visible blocks, each marked with what the
 * cleaner did with it, against the article parseFile made from it.
 */
import { describe, expect, it } from 'vitest';
import {
  extractionView,
  type SourceSegment,
} from '../../../functions/console/extraction-view.ts';
import { type Article, parseFile } from '../../../functions/core/index.ts';
import { loadArticleFixture } from '../../support/fixtures.ts';

function parsed(slug: string): { source: string; article: Article } {
  const fixture = loadArticleFixture(slug);
  const result = parseFile(fixture.source, fixture.meta);
  if (!result.ok) throw new Error(result.rejection.message);
  return {
    source: new TextDecoder().decode(fixture.source),
    article: result.articles[0] as Article,
  };
}

const fatesOf = (segments: readonly SourceSegment[], fate: string) =>
  segments.filter((s) => s.fate === fate).map((s) => s.text);

describe('Function: extractionView', () => {
  it('marks the seed’s lines: title, standfirst, 13 kept, the caption, the boilerplate removed', () => {
    // Prepare
    const { source, article } = parsed('telegraph-putin-kim-gifts');

    // Act
    const view = extractionView(source, 'lines', article);

    // Assess
    expect(view.counts).toEqual({
      title: 1,
      standfirst: 1,
      kept: 13,
      caption: 2,
      byline: 0,
      removed: 6,
    });
    expect(fatesOf(view.segments, 'removed')).toEqual([
      'Best quotes from Kim Jong-un and Putin',
      'Best quotes from Kim Jong-un and Putin',
      expect.stringMatching(/^Broaden your horizons/u),
      'Source link',
      'About The Author',
      'Scroll to Top',
    ]);
    expect(fatesOf(view.segments, 'caption')[1]).toContain('Getty Images');
    expect(view.truncated).toBe(false);
  });

  it('marks an HTML page’s navigation, share bar, promos and footer removed, and its figure caption lifted', () => {
    // Prepare
    const { source, article } = parsed('html-news-article');

    // Act
    const view = extractionView(source, 'html', article);
    const fate = (text: string) =>
      view.segments.find((s) => s.text.startsWith(text));

    // Assess
    expect(fate('Harbour town votes')).toMatchObject({
      fate: 'title',
      element: 'h1',
    });
    expect(fate('Residents backed')?.fate).toBe('standfirst');
    expect(fate('By Morwenna Hale')?.fate).toBe('byline');
    expect(fate('The mill at low tide')).toMatchObject({
      fate: 'caption',
      element: 'figcaption',
    });
    expect(fate('A mill powered by the sea')).toMatchObject({
      fate: 'kept',
      element: 'h2',
    });
    expect(fate('a new oak wheel')).toMatchObject({
      fate: 'kept',
      element: 'li',
    });
    for (const removed of [
      'We use cookies',
      'Share on Facebook',
      'Related stories',
      'Sign up to our newsletter',
    ]) {
      expect(fate(removed)?.fate).toBe('removed');
    }
    expect(fate('Sport')).toMatchObject({ fate: 'removed', region: 'nav' });
    expect(fate('© 2024')).toMatchObject({ fate: 'removed', region: 'footer' });
    expect(view.counts.kept).toBe(
      article.body.reduce((n, b) => n + 1 + (b.items?.length ?? 0), 0) -
        article.body.filter((b) => b.type === 'list').length
    );
  });

  it('shows no invisible text, marks a repeat removed and a short look-alike removed', () => {
    // Prepare
    const article = {
      title: 'A headline of some words',
      body: [
        {
          type: 'paragraph' as const,
          text: 'The only paragraph of this story, which is long enough to count.',
        },
        { type: 'paragraph' as const, text: 'Share' },
      ],
      images: [],
      authors: [],
    };
    const html = `<html><head><title>Ignored</title><style>p{}</style></head>
      <body><script>var x = "The only paragraph";</script>
      <h1>A headline of some words</h1>
      <p>The only paragraph of this <b>story</b>,&nbsp;which is long enough to count.</p>
      <p hidden>Hidden words here</p><div style="display: none">Nor these</div>
      <p>The only paragraph of this story, which is long enough to count.</p>
      <p>Share</p><p>Share</p><p>story</p><p>|</p></body></html>`;

    // Act
    const view = extractionView(html, 'html', article);

    // Assess
    expect(view.segments.map((s) => [s.fate, s.text])).toEqual([
      ['title', 'A headline of some words'],
      [
        'kept',
        'The only paragraph of this story, which is long enough to count.',
      ],
      [
        'removed',
        'The only paragraph of this story, which is long enough to count.',
      ],
      ['kept', 'Share'],
      ['removed', 'Share'],
      ['removed', 'story'],
    ]);
  });

  it('stops at maxSegments and says the view is truncated', () => {
    // Prepare
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    const article = { title: 'x', body: [], images: [], authors: [] };

    // Act
    const view = extractionView(lines, 'lines', article, { maxSegments: 10 });

    // Assess
    expect(view.segments).toHaveLength(10);
    expect(view.truncated).toBe(true);
  });
});
