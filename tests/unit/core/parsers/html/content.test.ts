import { describe, expect, it } from 'vitest';
import { toBlocks } from '../../../../../functions/core/parsers/html/blocks.ts';
import { findMainContent } from '../../../../../functions/core/parsers/html/content.ts';
import {
  findFirst,
  type HtmlElement,
  parseDom,
} from '../../../../../functions/core/parsers/html/dom.ts';
import type { PageClaims } from '../../../../../functions/core/parsers/html/page-type.ts';

const SENTENCE =
  'The survey team walked the whole coast path in April, counting every nesting pair of terns, gulls and oystercatchers they could see.';

describe('Function: findMainContent', () => {
  it('takes the article over a sidebar of links', () => {
    // Prepare
    const html = `<body><div class="layout"><div class="sidebar-links">${'<a href="/x">Another story</a> '.repeat(20)}</div><div class="story"><p>${SENTENCE}</p><p>${SENTENCE}</p><p>${SENTENCE}</p></div></div></body>`;

    // Act
    const text = mainText(html);

    // Assess
    expect(text).toContain('survey team');
    expect(text).not.toContain('Another story');
  });

  it('widens to the whole list on a listing page of short items', () => {
    // Prepare
    const items = Array.from(
      { length: 12 },
      (_, i) =>
        `<li><a href="/p/${i}">Walk number ${i}</a> <span>${i + 3} km, moderate</span></li>`
    ).join('');
    const html = `<body><nav><a href="/">Home</a></nav><main><h1>Walks</h1><p>Twelve circular walks, from an easy loop to a long ridge day, chosen by our readers.</p><ul class="results">${items}</ul></main></body>`;

    // Act
    const text = mainText(html);

    // Assess
    expect(text).toContain('Walk number 0');
    expect(text).toContain('Walk number 11');
    expect(text).not.toContain('Home');
  });

  it('keeps a wrapper whose class says sidebar when it holds the page', () => {
    // Prepare
    const html = `<body><div class="has-sidebar"><p>${SENTENCE}</p><p>${SENTENCE}</p></div><footer>Footer links</footer></body>`;

    // Act
    const text = mainText(html);

    // Assess
    expect(text).toContain('survey team');
  });

  it('reads content that a streaming page parks in a hidden element', () => {
    // Prepare
    const html = `<body><div id="app">Loading…</div><div hidden id="S:0"><p>${SENTENCE}</p><p>${SENTENCE}</p></div></body>`;

    // Act
    const text = mainText(html);

    // Assess
    expect(text).toContain('survey team');
  });

  it('drops a module that a "You may also like" heading opens', () => {
    // Prepare
    const html = `<body><article><p>${SENTENCE}</p><p>${SENTENCE}</p><div class="x1"><h3>You may also like</h3><p>Ten best beaches for a winter walk, ranked by our editors.</p></div></article></body>`;

    // Act
    const text = mainText(html);

    // Assess
    expect(text).not.toMatch(/also like|beaches/);
  });

  it('drops a sign-up form inside the article', () => {
    // Prepare
    const html = `<body><article><p>${SENTENCE}</p><p>${SENTENCE}</p><form><p>Get our weekly birding news in your inbox, every Friday morning.</p><input type="email"></form></article></body>`;

    // Act
    const text = mainText(html);

    // Assess
    expect(text).not.toContain('birding news');
  });

  it('leaves out a mega menu even when it holds most of the page', () => {
    // Prepare
    const menu = '<a href="/c">Category name</a> '.repeat(200);
    const html = `<body><header><nav>${menu}</nav></header><main><p>${SENTENCE}</p><p>${SENTENCE}</p></main></body>`;

    // Act
    const text = mainText(html);

    // Assess
    expect(text).toContain('survey team');
    expect(text).not.toContain('Category name');
  });

  it('keeps a page that a script hides until it runs', () => {
    // Prepare
    const html = `<body><div class="root hide"><main><p>${SENTENCE}</p><p>${SENTENCE}</p></main></div></body>`;

    // Act
    const text = mainText(html);

    // Assess
    expect(text).toContain('survey team');
  });

  it('leaves out a hidden block that does not wrap the page', () => {
    // Prepare
    const html = `<body><main><p>${SENTENCE}</p><p>${SENTENCE}</p><div class="hidden"><p>Compare with the previous model, which had a smaller battery.</p></div></main></body>`;

    // Act
    const text = mainText(html);

    // Assess
    expect(text).not.toContain('previous model');
  });

  it('keeps an old page framed in a fieldset', () => {
    // Prepare
    const html = `<body><table><tr><td><fieldset><p>${SENTENCE}</p><p>${SENTENCE}</p></fieldset></td><td><a href="/a">Archive</a></td></tr></table></body>`;

    // Act
    const text = mainText(html);

    // Assess
    expect(text).toContain('survey team');
  });

  it('searches again without class signals when they leave no content', () => {
    // Prepare
    const cards = Array.from(
      { length: 4 },
      (_, i) =>
        `<div class="card"><a href="/m/${i}"><h3>Mower model ${i}</h3></a><p>Quiet, autonomous, up to ${i + 1} acres per charge.</p></div>`
    ).join('');
    const catalogue = `<body><nav><a href="/">Home</a><a href="/shop">Shop</a></nav><section class="related-products">${cards}</section><footer>Footer links</footer></body>`;
    const locked = `<body><div class="lock-screen" style="display:none"><p>${SENTENCE}</p><p>${SENTENCE}</p></div><p>Enter the password to see this page. Ask at the shop if you have not got one yet.</p></body>`;

    // Act
    const fromCatalogue = mainText(catalogue);
    const fromLocked = mainText(locked);

    // Assess
    expect(fromCatalogue).toContain('Mower model 3');
    expect(fromCatalogue).not.toContain('Footer links');
    expect(fromLocked).toContain('survey team');
  });

  it('keeps short content found on the first search', () => {
    // Prepare
    const html =
      '<body><main><p>Opening hours: Monday to Friday, nine to five, and Saturday mornings from nine until one.</p><p>Closed on public holidays and on the first Monday of every month.</p></main><div class="related-posts"><a href="/a">Older news from the harbour office archive</a></div></body>';

    // Act
    const text = mainText(html);

    // Assess
    expect(text).toContain('Opening hours');
    expect(text).not.toContain('Older news');
  });

  it('keeps the collapsed panels of an accordion', () => {
    // Prepare
    const html = `<body><main><p>${SENTENCE}</p><div class="faq"><button>When do counts start?</button><div class="accordion-panel" style="display:none"><p>Counts start at dawn on the first Saturday of April, weather permitting, and run for six weeks.</p></div></div><p>${SENTENCE}</p></main></body>`;

    // Act
    const text = mainText(html);

    // Assess
    expect(text).toContain('Counts start at dawn');
  });

  it('leaves out a filter menu of links however long it is', () => {
    // Prepare
    const languages = Array.from(
      { length: 200 },
      (_, i) => `<a href="/l/${i}">Language ${i}</a>`
    ).join('');
    const html = `<body><main><div class="results"><details class="select-menu"><summary>Language</summary><div class="select-menu-list">${languages}</div></details><p>${SENTENCE}</p><p>${SENTENCE}</p></div></main></body>`;

    // Act
    const text = mainText(html);

    // Assess
    expect(text).toContain('survey team');
    expect(text).not.toContain('Language 150');
  });

  it('drops an "About the reviewer" box after the article', () => {
    // Prepare
    const html = `<body><article><p>${SENTENCE}</p><p>${SENTENCE}</p><p>${SENTENCE}</p><section><h3>About the Reviewer</h3><p>Dr. Ana Silva is a physician in Boston, and edits the health letter.</p></section></article></body>`;

    // Act
    const text = mainText(html);

    // Assess
    expect(text).toContain('survey team');
    expect(text).not.toContain('Ana Silva');
  });

  it('leaves out a cookie preference centre larger than the page', () => {
    // Prepare
    const purposes = Array.from(
      { length: 12 },
      (_, i) =>
        `<h4>Purpose ${i}</h4><p>These cookies, set by us and our partners, help us measure audiences, remember your choices, and show content that suits you.</p>`
    ).join('');
    const html = `<body><div id="onetrust-consent-sdk"><div class="ot-pc-content">${purposes}</div></div><main><p>${SENTENCE}</p><p>${SENTENCE}</p></main></body>`;

    // Act
    const text = mainText(html);

    // Assess
    expect(text).toContain('survey team');
    expect(text).not.toContain('Purpose 3');
  });

  it('keeps the prose of a thread titled "Recommended Posts"', () => {
    // Prepare
    const posts = Array.from(
      { length: 3 },
      (_, i) =>
        `<article class="post"><a href="/u/${i}">member${i}</a><p>${SENTENCE}</p><p>I counted ${i + 4} pairs more than last year at the north end of the bay.</p></article>`
    ).join('');
    const teasers = Array.from(
      { length: 4 },
      (_, i) => `<li><a href="/t/${i}">Another thread about terns ${i}</a></li>`
    ).join('');
    const menu = Array.from(
      { length: 150 },
      (_, i) => `<a href="/f/${i}">Forum section number ${i}</a>`
    ).join('');
    const html = `<body><nav>${menu}</nav><p>Welcome to the forum. Please read the rules before posting, be kind to other members, and search for an answer before you ask.</p><div class="topic"><h2>Recommended Posts</h2>${posts}</div><section><h2>Related threads</h2><ul>${teasers}</ul></section></body>`;

    // Act
    const text = mainText(html);

    // Assess
    expect(text).toContain('north end of the bay');
    expect(text).not.toContain('Another thread');
  });

  it('keeps a sentence of prose that carries two links', () => {
    // Prepare
    const linked =
      '<div>Read the <a href="/r/2023">full survey report for the year 2023</a> and the <a href="/m">method notes</a> before you compare this spring\'s counts with earlier ones.</div>';
    const html = `<body><article><p>${SENTENCE}</p><p>${SENTENCE}</p>${linked}<p>${SENTENCE}</p></article></body>`;

    // Act
    const text = mainText(html);

    // Assess
    expect(text).toContain('method notes');
  });

  it('keeps a paragraph that is mostly one linked sentence, not a linked line', () => {
    // Prepare: most of the first paragraph is its link, yet it is a
    // sentence with words of its own; the second is a cross-link.
    const question =
      '<p>The question readers ask us most often this spring is this one: <a href="/faq/terns">why are there so many more terns on the coast path than there were last year?</a></p>';
    const crossLink =
      '<p>Read also: <a href="/s/gulls">Gulls are nesting on the roofs of the old town again this year.</a></p>';
    const html = `<body><article><p>${SENTENCE}</p><p>${SENTENCE}</p>${question}${crossLink}<p>${SENTENCE}</p></article></body>`;

    // Act
    const text = mainText(html);

    // Assess
    expect(text).toContain('so many more terns');
    expect(text).not.toContain('Gulls are nesting');
  });
});

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

describe('Function: findMainContent, by page type', () => {
  it('keeps a sentence around a link off a story, but not a line of links', () => {
    // Prepare: a documentation page (declared so); its pointer to another
    // page is a sentence of its own, its pager is links alone.
    const docs: PageClaims = {
      declaredTypes: ['TechArticle'],
      hasByline: false,
      hasDate: false,
    };
    const prose = SENTENCES.map((s) => `<p>${s}</p>`).join('');
    const html = `<body><main><div class="doc">${prose}<p>For more information, see <a href="/storage">the storage pricing and quotas overview</a>.</p>${prose}<p><a href="/prev">Previous page of the guide</a> <a href="/next">Next page</a></p></div></main></body>`;

    // Act
    const text = mainText(html, docs);

    // Assess
    expect(text).toContain('For more information, see');
    expect(text).not.toContain('Previous page of the guide');
  });

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

  it('leaves out a furniture block inside a story whose class also says content', () => {
    // Prepare: `content-box` names the template's box, `author-box` what it is.
    const story = SENTENCES.map((s) => `<p>${s}</p>`).join('');
    const bio = `<section class="content-box author-box"><p>${'Mara Quint has covered the coast for the paper since 2009, and before that wrote about farming, shipping and the fishing fleet. '.repeat(2)}</p></section>`;
    const html = `<body><article><h1>Harbour wall work starts</h1><div class="story">${story}${story}${bio}</div></article></body>`;

    // Act
    const text = mainText(html, STORY_CLAIMS);

    // Assess
    expect(text).toContain('fish quay');
    expect(text).not.toContain('Mara Quint');
  });

  it('leaves out a disclaimer in a story, and keeps one on a service page', () => {
    // Prepare: the story's notice on its affiliate links, and the legal
    // notes that are part of an insurer's offer.
    const story = SENTENCES.map((s) => `<p>${s}</p>`).join('');
    const notice = `<div class="post-disclaimer"><p>${'Links marked with a star earn the paper a small commission, which pays for the work of its reporters. '.repeat(3)}</p></div>`;
    const storyPage = `<body><article><h1>Harbour wall work starts</h1><div class="story">${story}${story}${notice}</div></article></body>`;
    const offerPage = `<body><main><h1>Boat insurance</h1><div class="offer"><p>${SENTENCE}</p><ul>${'<li>Cover for the hull, the engine and the moorings</li>'.repeat(4)}</ul><div class="disclaimer"><p>${'Cover is underwritten by Harbour Mutual, a company owned by its members, and may vary by port. '.repeat(2)}</p></div></div></main></body>`;

    // Act
    const storyText = mainText(storyPage, STORY_CLAIMS);
    const doc = parseDom(offerPage);
    const body = findFirst(doc.root, (e) => e.tag === 'body') as HtmlElement;
    const offer = findMainContent(body);
    const offerText = toBlocks(offer.roots, { excluded: offer.excluded })
      .body.map((b) => b.text)
      .join('\n');

    // Assess
    expect(storyText).toContain('fish quay');
    expect(storyText).not.toContain('small commission');
    expect(offer.pageType).not.toBe('article');
    expect(offerText).toContain('Harbour Mutual');
  });

  it('leaves out a furniture block that is most of a second root of a story', () => {
    // Prepare: the box after the story scores enough to join it as a root
    // of its own, of which the author box is nearly all.
    const story = SENTENCES.map((s) => `<p>${s}</p>`).join('');
    const bio = `<div class="post-extra"><section class="content-box author-box"><p>${'Mara Quint has covered the coast for the paper since 2009, and before that wrote about farming, shipping and the fishing fleet. '.repeat(2)}</p><p>${'She lives in the harbour town, sails, rows, swims and walks, and writes a weekly column on tides. '.repeat(2)}</p></section></div>`;
    const html = `<body><article><h1>Harbour wall work starts</h1><div class="story">${story}${story}</div>${bio}</article></body>`;

    // Act
    const text = mainText(html, STORY_CLAIMS);

    // Assess
    expect(text).toContain('fish quay');
    expect(text).not.toContain('Mara Quint');
  });

  it("takes the lead printed between a story's headline and its body", () => {
    // Prepare: the lead sits in a box of its own, beside the body that wins
    // the scoring, after the headline and a byline line.
    const lead =
      'The town council has agreed to pay for the repairs, after a year of arguing with the port authority over who owns the wall. The first stones were lifted into place by a floating crane on Monday morning.';
    const bio =
      'Mara Quint has covered the coast for the paper since 2009, and before that wrote about farming and shipping. She lives in the harbour town, sails and rows, and writes a weekly column on tides.';
    const story = SENTENCES.map((s) => `<p>${s}</p>`).join('');
    const html = `<body><article><div class="top"><h1>Harbour wall work starts</h1><p>By Mara Quint</p><div class="byline-bio"><p>${bio}</p></div><div class="hero-text"><p>${lead}</p></div></div><div class="story">${story}${story}</div></article></body>`;

    // Act
    const text = mainText(html, STORY_CLAIMS);

    // Assess
    expect(text).toContain('port authority');
    expect(text.indexOf('port authority')).toBeLessThan(
      text.indexOf('fish quay')
    );
    expect(text).not.toContain('weekly column');
  });

  it('takes no prose before a story that no headline stands above', () => {
    // Prepare
    const teaser =
      'A new ferry timetable starts next week, with two more crossings a day to the islands and a later last boat. Season tickets bought before the change stay valid, and the island bus will wait for the late boat.';
    const story = SENTENCES.map((s) => `<p>${s}</p>`).join('');
    const html = `<body><div class="top"><div class="box"><p>${teaser}</p></div></div><main><article><div class="story">${story}${story}</div></article></main></body>`;

    // Act
    const text = mainText(html, STORY_CLAIMS);

    // Assess
    expect(text).toContain('fish quay');
    expect(text).not.toContain('ferry timetable');
  });

  it('takes the intro under the <h1> of a page that is not an article', () => {
    // Prepare: a product page, whose details outscore its intro box.
    const intro =
      'The Tern kettle boils a full litre in under three minutes, and switches itself off when the water is ready. Its steel body stays cool to the touch, so it is safe on a crowded worktop, even with children around.';
    const specs = Array.from(
      { length: 8 },
      (_, i) =>
        `<li>Feature ${i}: a detail of the kettle, measured and described in full, with the care of a long sentence.</li>`
    ).join('');
    const html = `<body><main><h1>Tern kettle</h1><div class="hero"><p>${intro}</p></div><section class="details"><ul>${specs}</ul><p>${SENTENCES[0]}</p><p>${SENTENCES[1]}</p></section></main></body>`;
    const claims: PageClaims = {
      declaredTypes: ['Product'],
      ogType: 'product',
      hasByline: false,
      hasDate: false,
      url: 'https://shop.example/p/tern-kettle',
    };

    // Act
    const doc = parseDom(html);
    const body = findFirst(doc.root, (e) => e.tag === 'body') as HtmlElement;
    const content = findMainContent(body, claims);
    const text = toBlocks(content.roots, { excluded: content.excluded })
      .body.map((b) => b.text)
      .join('\n');

    // Assess
    expect(content.pageType).toBe('product');
    expect(text).toContain('cool to the touch');
    expect(text).toContain('Feature 7');
  });

  it('takes no lead that the story prints again', () => {
    // Prepare: the page shows the story's opening above it, and the story
    // opens with the same paragraph.
    const lead =
      'The town council has agreed to pay for the repairs, after a year of arguing with the port authority over who owns the wall. The first stones were lifted into place by a floating crane on Monday morning.';
    const story = SENTENCES.map((s) => `<p>${s}</p>`).join('');
    const html = `<body><article><h1>Harbour wall work starts</h1><div class="teaser"><p>${lead}</p></div><div class="story"><p>${lead}</p>${story}${story}</div></article></body>`;

    // Act
    const text = mainText(html, STORY_CLAIMS);

    // Assess
    expect(text.split('port authority').length - 1).toBe(1);
  });

  it('joins a story split into blocks styled alike, each beside an empty slot', () => {
    // Prepare: each part of the story sits alone beside an empty embed
    // slot and an empty overlay, and a pull quote stands between the parts.
    const part = (paragraphs: string) =>
      `<div class="block text"><div class="embed"></div><div class="text"><section class="web-html"><div class="html">${paragraphs}</div><div class="preview-overlay"></div></section></div></div>`;
    const opening =
      'The ferry to the outer islands will run twice a day from June, the operator said, after a winter of single sailings.';
    const rest = SENTENCES.map((s) => `<p>${s}</p>`).join('');
    const html = `<body><div class="page"><h1>Harbour wall work starts</h1><div class="blocks">${part(`<p>${opening}</p>`)}<div class="block quote"><blockquote><p>We waited long enough.</p></blockquote></div>${part(rest.repeat(4))}</div></div></body>`;

    // Act
    const text = mainText(html, STORY_CLAIMS);

    // Assess
    expect(text).toContain('outer islands');
    expect(text).toContain('fish quay');
  });

  it('leaves out a comment thread that holds more prose than the story', () => {
    // Prepare: a short post, then a reader's comment longer than it.
    const story = SENTENCES.map((s) => `<p>${s}</p>`).join('');
    const comment =
      'I grew up in the lower town, and I remember the water coming up the steps of the chapel, so this work matters a great deal to all of us who stayed.';
    const comments = `<li class="comment"><p>${comment.repeat(8)}</p></li>`;
    const html = `<body><div class="post"><h1>Harbour wall work starts</h1><div class="entry">${story}${story}</div><div class="comments"><ol>${comments}</ol></div></div></body>`;

    // Act
    const text = mainText(html, STORY_CLAIMS);

    // Assess
    expect(text).toContain('fish quay');
    expect(text).not.toContain('chapel');
  });
});
