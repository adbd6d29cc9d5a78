import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../../../../functions/core/parsers/html/index.ts';
import {
  classifyPage,
  type PageClaims,
  type PageLayout,
  typeByLayout,
} from '../../../../../functions/core/parsers/html/page-type.ts';

/** A layout of plain prose: one container holds the story. */
const STORY: PageLayout = {
  chars: 4000,
  linkChars: 300,
  storyChars: 3200,
  storyParagraphs: 12,
  storyHeadings: 2,
  teaserChars: 0,
  postChars: 0,
  articleElements: 1,
  dateStamps: 1,
  prices: 0,
  codeChars: 0,
};

const NOTHING_CLAIMED: PageClaims = {
  declaredTypes: [],
  hasByline: false,
  hasDate: false,
};

const SENTENCE =
  'The harbour board met on Tuesday evening to hear the engineers, who said the old sea wall would need work before the winter storms came in.';

/** A page with `main` as its main column and `side` beside it. */
function page(main: string, side = '', head = ''): string {
  return `<!doctype html><html lang="en"><head><title>Harbour news</title>${head}</head><body><div class="wrap"><div class="main">${main}</div><div class="rail">${side}</div></div></body></html>`;
}

/** `n` teaser cards: a linked title and a line of excerpt each. */
function teasers(n: number, word = 'Story'): string {
  return Array.from(
    { length: n },
    (_, i) =>
      `<div class="card"><h3><a href="/s/${i}">${word} number ${i} about the coast</a></h3><p>A short excerpt of the ${word.toLowerCase()}, a line or two long.</p></div>`
  ).join('');
}

describe('Function: classifyPage', () => {
  it('calls a story with a byline and a date under a headline URL an article', () => {
    // Prepare
    const claims: PageClaims = {
      declaredTypes: ['NewsArticle'],
      ogType: 'article',
      hasByline: true,
      hasDate: true,
      url: 'https://news.example/2024/05/harbour-wall-needs-work-before-winter',
    };

    // Act
    const type = classifyPage(claims, STORY);

    // Assess
    expect(type).toBe('article');
  });

  it('takes the product type a page declares', () => {
    // Prepare
    const claims = { ...NOTHING_CLAIMED, declaredTypes: ['Product'] };

    // Act
    const type = classifyPage(claims, STORY);

    // Assess
    expect(type).toBe('product');
  });

  it('reads og:type product as a product page', () => {
    // Prepare
    const claims = { ...NOTHING_CLAIMED, ogType: 'product' };

    // Act
    const type = classifyPage(claims, STORY);

    // Assess
    expect(type).toBe('product');
  });

  it('lets a review of a product be an article', () => {
    // Prepare
    const claims = {
      ...NOTHING_CLAIMED,
      declaredTypes: ['Review', 'Product'],
      hasByline: true,
      hasDate: true,
    };

    // Act
    const type = classifyPage(claims, STORY);

    // Assess
    expect(type).toBe('article');
  });

  it('calls a thread of dated posts a forum, byline and date or not', () => {
    // Prepare
    const claims = { ...NOTHING_CLAIMED, hasByline: true, hasDate: true };
    const thread = { ...STORY, postChars: 3000, dateStamps: 12 };

    // Act
    const type = classifyPage(claims, thread);

    // Assess
    expect(type).toBe('forum');
  });

  it('calls a page of teasers under a one-word URL a listing', () => {
    // Prepare
    const claims = { ...NOTHING_CLAIMED, url: 'https://news.example/sport' };
    const front = {
      ...STORY,
      storyChars: 150,
      storyParagraphs: 1,
      teaserChars: 3000,
      articleElements: 20,
    };

    // Act
    const type = classifyPage(claims, front);

    // Assess
    expect(type).toBe('listing');
  });

  it('counts a date in the URL for an article', () => {
    // Prepare
    const withDate = {
      ...NOTHING_CLAIMED,
      url: 'https://blog.example/2019/03/notes/',
    };
    const withoutDate = {
      ...NOTHING_CLAIMED,
      url: 'https://blog.example/notes/',
    };
    const thin = { ...STORY, articleElements: 0, storyParagraphs: 2 };

    // Act
    const dated = classifyPage(withDate, thin);
    const undated = classifyPage(withoutDate, thin);

    // Assess
    expect(dated).toBe('article');
    expect(undated).not.toBe('article');
  });

  it('counts a docs folder in the URL against an article', () => {
    // Prepare
    const inDocs = {
      ...NOTHING_CLAIMED,
      url: 'https://tool.example/docs/getting-started-with-the-cli',
    };
    const inBlog = {
      ...NOTHING_CLAIMED,
      url: 'https://tool.example/blog/getting-started-with-the-cli',
    };

    const guide = { ...STORY, articleElements: 0 };

    // Act
    const docs = classifyPage(inDocs, guide);
    const blog = classifyPage(inBlog, guide);

    // Assess
    expect(docs).toBe('documentation');
    expect(blog).toBe('article');
  });
});

describe('Function: typeByLayout', () => {
  it('tells collections, listings, products, code and posts apart', () => {
    // Prepare
    const cards = { ...STORY, teaserChars: 2000 };

    // Act
    const types = [
      typeByLayout({ ...cards, prices: 12 }),
      typeByLayout(cards),
      typeByLayout({ ...STORY, prices: 1 }),
      typeByLayout({ ...STORY, codeChars: 900 }),
      typeByLayout({ ...STORY, postChars: 2000 }),
      typeByLayout(STORY),
      typeByLayout({ ...STORY, chars: 40 }),
    ];

    // Assess
    expect(types).toEqual([
      'collection',
      'listing',
      'product',
      'documentation',
      'forum',
      'service',
      'other',
    ]);
  });
});

describe('Function: surveyPage (through parseHtml)', () => {
  it('calls a story beside a rail of teasers an article', () => {
    // Prepare
    const story = `<article><h1>Sea wall needs work</h1>${`<p>${SENTENCE}</p>`.repeat(6)}</article>`;
    const html = page(
      story,
      teasers(8),
      '<link rel="canonical" href="https://news.example/2024/05/sea-wall-needs-work">'
    );

    // Act
    const { pageType } = parseHtml(html);

    // Assess
    expect(pageType).toBe('article');
  });

  it('counts like cards with a link and an excerpt as teasers', () => {
    // Prepare
    const html = page(
      `<h1>Coast</h1><p>${SENTENCE}</p>${teasers(12)}`,
      '',
      '<link rel="canonical" href="https://news.example/coast">'
    );

    // Act
    const { pageType } = parseHtml(html);

    // Assess
    expect(pageType).toBe('listing');
  });

  it('does not count paragraphs with a link each as teasers', () => {
    // Prepare
    const linked = `<p>${SENTENCE} <a href="/report">The report</a> says more.</p>`;
    const html = page(
      `<article><h1>Sea wall needs work</h1>${linked.repeat(8)}</article>`,
      '',
      '<link rel="canonical" href="https://news.example/sea-wall-needs-work-now">'
    );

    // Act
    const { pageType } = parseHtml(html);

    // Assess
    expect(pageType).toBe('article');
  });

  it('counts replies that each hold prose and a date as a thread', () => {
    // Prepare
    const replies = Array.from(
      { length: 5 },
      (_, i) =>
        `<div class="post"><a href="/u/${i}">user${i}</a> <time datetime="2024-05-0${i + 1}">May ${i + 1}</time><p>${SENTENCE}</p></div>`
    ).join('');
    const html = page(`<h1>Is the sea wall safe?</h1>${replies}`);

    // Act
    const { pageType } = parseHtml(html);

    // Assess
    expect(pageType).toBe('forum');
  });

  it('counts prices on cards for a collection', () => {
    // Prepare
    const cards = Array.from(
      { length: 8 },
      (_, i) =>
        `<li class="tile"><a href="/p/${i}">Storm lantern model ${i}</a><span class="price">£${20 + i}.00</span> <span>In stock</span></li>`
    ).join('');
    const html = page(`<h1>Lanterns</h1><ul class="grid">${cards}</ul>`);

    // Act
    const { pageType } = parseHtml(html);

    // Assess
    expect(pageType).toBe('collection');
  });
});
