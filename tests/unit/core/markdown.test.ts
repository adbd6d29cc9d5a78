/**
 * renderMarkdown: layout, and escaping that keeps plain article text from
 * being read as Markdown syntax.
 */
import { describe, expect, it } from 'vitest';
import {
  type Article,
  parseFile,
  renderMarkdown,
} from '../../../functions/core/index.ts';
import { loadArticleFixture } from '../../support/fixtures.ts';

function seedArticle(): Article {
  const fixture = loadArticleFixture('telegraph-putin-kim-gifts');
  const result = parseFile(fixture.source, fixture.meta);
  if (!result.ok) throw new Error(result.rejection.message);
  return result.articles[0] as Article;
}

function article(body: Article['body'], extra: Partial<Article> = {}): Article {
  return {
    ...seedArticle(),
    standfirst: undefined,
    authors: [],
    publisher: undefined,
    publishedAt: undefined,
    url: undefined,
    images: [],
    body,
    ...extra,
  } as Article;
}

describe('Function: renderMarkdown', () => {
  it('renders the seed: title, standfirst, byline, body, then the image', () => {
    // Prepare
    const seed = seedArticle();

    // Act
    const markdown = renderMarkdown(seed);

    // Assess
    const blocks = markdown.trimEnd().split('\n\n');
    expect(blocks[0]).toBe(
      '# Putin gives Kim Jong-un parting gifts as tour ends early'
    );
    expect(blocks[1]).toMatch(/^\*Vladimir Putin gifted a cosmonaut’s glove/u);
    expect(blocks[2]).toContain('The Telegraph');
    expect(markdown).toContain('Dmitry Peskov, the Kremlin spokesman');
    expect(blocks.at(-1)).toBe(
      '*Vladimir Putin gifted the North Korean dictator a used cosmonaut glove and rifle at a visit to the Vostochny Cosmodrome — STR/KCNA VIA KNS/AFP via Getty Images*'
    );
    expect(markdown.endsWith('\n')).toBe(true);
  });

  it('escapes inline syntax and line starts that would open a block', () => {
    // Prepare
    const body: Article['body'] = [
      { type: 'paragraph', text: '# not a heading' },
      { type: 'paragraph', text: '- not a list' },
      { type: 'paragraph', text: '2. not numbered' },
      { type: 'paragraph', text: '> not a quote' },
      { type: 'paragraph', text: '---' },
      { type: 'paragraph', text: 'a *b* _c_ [d](e) `f` <g> &amp; ~h~' },
      { type: 'paragraph', text: '    not code' },
    ];

    // Act
    const markdown = renderMarkdown(article(body));

    // Assess
    const blocks = markdown.trimEnd().split('\n\n').slice(1);
    expect(blocks).toEqual([
      '\\# not a heading',
      '\\- not a list',
      '2\\. not numbered',
      '\\> not a quote',
      '\\---',
      'a \\*b\\* \\_c\\_ \\[d\\](e) \\`f\\` \\<g\\> &amp;amp; \\~h\\~',
      'not code',
    ]);
  });

  it('renders headings below the title, quotes, lists and fenced code', () => {
    // Prepare
    const body: Article['body'] = [
      { type: 'heading', text: 'Top', level: 1 },
      { type: 'heading', text: 'Deep', level: 4 },
      { type: 'quote', text: 'line one\nline two' },
      { type: 'list', text: '- a\n- b', items: ['a', 'b'] },
      { type: 'list', text: '1. x\n2. y', items: ['x', 'y'], ordered: true },
      { type: 'code', text: 'has ``` inside' },
    ];

    // Act
    const markdown = renderMarkdown(article(body));

    // Assess
    const blocks = markdown.trimEnd().split('\n\n').slice(1);
    expect(blocks).toEqual([
      '## Top',
      '#### Deep',
      '> line one\n> line two',
      '- a\n- b',
      '1. x\n2. y',
      '````\nhas ``` inside\n````',
    ]);
  });

  it('links the original and images, with URLs that may hold spaces', () => {
    // Prepare
    const markdown = renderMarkdown(
      article([{ type: 'paragraph', text: 'Body.' }], {
        url: 'https://news.example/a_(b)',
        authors: ['Ann', 'Bo', 'Cy'],
        images: [{ url: 'https://img.example/a b.jpg', alt: 'A [b]' }],
      })
    );

    // Assess
    expect(markdown).toContain('By Ann, Bo and Cy');
    expect(markdown).toContain(
      '[Original article](<https://news.example/a_(b)>)'
    );
    expect(markdown).toContain('![A \\[b\\]](<https://img.example/a%20b.jpg>)');
  });
});
