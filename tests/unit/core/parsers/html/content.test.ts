import { describe, expect, it } from 'vitest';
import { toBlocks } from '../../../../../functions/core/parsers/html/blocks.ts';
import { findMainContent } from '../../../../../functions/core/parsers/html/content.ts';
import {
  findFirst,
  type HtmlElement,
  parseDom,
} from '../../../../../functions/core/parsers/html/dom.ts';
import type { PageClaims } from '../../../../../functions/core/parsers/html/page-type.ts';

const STORY_CLAIMS: PageClaims = {
  declaredTypes: ['NewsArticle'],
  ogType: 'article',
  hasByline: true,
  hasDate: true,
  url: 'https://news.example/2024/05/02/harbour-wall-work-starts',
};

const SENTENCES = [
  'Work on the harbour wall began on Monday, two years after the winter storms broke through it and flooded the lower town.',
  'The contractor expects the first section, along the fish quay, to be finished by the end of the summer, weather permitting.',
  'Residents of the lower town, who were moved out for six months after the flood, said they would sleep better once it was done.',
];

/** A module of `n` teasers under `heading`: a linked title and an excerpt. */
function module(heading: string, n: number): string {
  const items = Array.from(
    { length: n },
    (_, i) =>
      `<div class="item"><a href="/story/${heading.length}-${i}">${heading} story ${i}: the council votes on the parking plan</a><span>An excerpt of the teaser, a line about it.</span></div>`
  ).join('');
  return `<div class="module"><div class="module-title">${heading}</div>${items}</div>`;
}

/** The text `findMainContent` keeps for `html`. */
function mainText(html: string, claims?: PageClaims): string {
  const doc = parseDom(html);
  const body = findFirst(doc.root, (e) => e.tag === 'body') as HtmlElement;
  const { roots, excluded } = findMainContent(body, claims);
  return toBlocks(roots, { excluded })
    .body.map((b) => b.text)
    .join('\n');
}

describe('Function: findMainContent', () => {
  it('keeps only the story on an article page beside large teaser modules', () => {
    // Prepare
    const story = SENTENCES.map((s) => `<p>${s}</p>`).join('');
    const modules = ['Trending', 'More news', 'Most popular', 'Top videos']
      .map((heading) => module(heading, 8))
      .join('');
    const html = `<body><div class="page"><div class="col"><h1>Harbour wall work starts</h1><div class="story">${story}</div></div><div class="col">${modules}</div></div></body>`;

    // Act
    const text = mainText(html, STORY_CLAIMS);

    // Assess
    expect(text).toContain('fish quay');
    expect(text).not.toContain('parking plan');
  });

  it('keeps the story when its list of references outscores it', () => {
    // Prepare
    const story = SENTENCES.map((s) => `<p>${s}</p>`).join('');
    const references = Array.from(
      { length: 30 },
      (_, i) =>
        `<li>Smith J, Jones K, Brown L, et al. Coastal defences, storms, and towns, part ${i}. J Coast Eng. 2020;12(${i}):1-9.</li>`
    ).join('');
    const html = `<body><article><h1>Harbour wall work starts</h1><div class="text"><div class="b">${story}</div></div><div class="more"><p>Sources</p><div class="references"><ol>${references}</ol></div></div></article></body>`;

    // Act
    const text = mainText(html, STORY_CLAIMS);

    // Assess
    expect(text).toContain('fish quay');
  });

  it('reads a page of link lists as a listing when no story is found', () => {
    // Prepare
    const lists = Array.from(
      { length: 6 },
      (_, i) =>
        `<h2>Section ${i}</h2><ul>${Array.from({ length: 8 }, (_, j) => `<li><a href="/l/${i}/${j}">Language ${i}-${j}</a></li>`).join('')}</ul>`
    ).join('');
    const html = `<body><main><h1>List of languages</h1><p>An index of languages.</p>${lists}</main></body>`;
    const claims = {
      ...STORY_CLAIMS,
      url: 'https://wiki.example/wiki/list-of-programming-languages',
    };

    // Act
    const doc = parseDom(html);
    const body = findFirst(doc.root, (e) => e.tag === 'body') as HtmlElement;
    const content = findMainContent(body, claims);
    const text = toBlocks(content.roots, { excluded: content.excluded })
      .body.map((b) => b.text)
      .join('\n');

    // Assess
    expect(content.pageType).not.toBe('article');
    expect(text).toContain('Language 5-7');
  });

  it('leaves out a large furniture block inside a story', () => {
    // Prepare
    const story = SENTENCES.map((s) => `<p>${s}</p>`).join('');
    const bio = `<div class="author-bio"><p>${'Mara Quint has covered the coast for the paper since 2009, and before that wrote about farming, shipping and the fishing fleet. '.repeat(4)}</p></div>`;
    const html = `<body><article><h1>Harbour wall work starts</h1><div class="story">${story}${story}${bio}</div></article></body>`;

    // Act
    const text = mainText(html, STORY_CLAIMS);

    // Assess
    expect(text).toContain('fish quay');
    expect(text).not.toContain('Mara Quint');
  });
});
