import { describe, expect, it } from 'vitest';
import {
  htmlFragmentToBlocks,
  parseHtml,
} from '../../../../../functions/core/parsers/html/index.ts';
import { repairField } from '../../../../../functions/core/parsers/html/mojibake.ts';

/** Prose long enough for the content search to score it. */
const PROSE = [
  'The council approved the new harbour plan on Tuesday, after a debate that lasted well into the evening and drew a full public gallery.',
  'Engineers say the work, which starts in May, will protect three hundred homes from winter storms, and that the old wall will stay in place.',
  'Residents who objected to the height of the new barrier, which blocks the view from the promenade, have been offered a second consultation.',
];

/** A page around `article`, with the usual chrome. */
function page(article: string, head = ''): string {
  return `<!doctype html><html lang="en"><head><title>Harbour plan approved | The Gazette</title>${head}</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li></ul></nav></header>
<main><article><h1>Harbour plan approved</h1>${article}</article></main>
<footer><p>© 2024 The Gazette</p><a href="/privacy">Privacy</a></footer></body></html>`;
}

const paragraphs = PROSE.map((p) => `<p>${p}</p>`).join('');
const bodyText = (html: string) =>
  parseHtml(html)
    .body.map((b) => b.text)
    .join('\n');

describe('Function: parseHtml', () => {
  it('keeps the article paragraphs in reading order', () => {
    // Prepare
    const html = page(paragraphs);

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.body.map((b) => b.text)).toEqual(PROSE);
  });

  it('removes navigation, footer and cookie banners', () => {
    // Prepare
    const html = page(
      `<div class="cookie-consent">We use cookies. Accept all</div>${paragraphs}`
    );

    // Act
    const text = bodyText(html);

    // Assess
    expect(text).not.toMatch(/Home|News|Privacy|cookies/);
  });

  it('removes a flyout menu that a button opens', () => {
    // Prepare: the flyout sits in the story's wrapper, not in a <nav>, and
    // its offers are text, not links.
    const flyout = `<div class="cats" id="cat-flyout"><h3>Garden</h3><ul>${['Seeds', 'Tools', 'Pots', 'Sheds'].map((c) => `<li>${c} and more, from ten pounds</li>`).join('')}</ul></div>`;
    const html = `<!doctype html><html><head><title>Harbour plan approved</title></head><body><div><button aria-haspopup="true" aria-controls="cat-flyout">Shop by category</button>${flyout}<h1>Harbour plan approved</h1>${paragraphs}</div></body></html>`;

    // Act
    const text = bodyText(html);

    // Assess
    expect(text).toContain(PROSE[0]);
    expect(text).not.toContain('Seeds and more');
  });

  it('removes share widgets', () => {
    // Prepare
    const html = page(
      `<div class="share-bar"><a href="#">Facebook</a><a href="#">Email</a></div>${paragraphs}`
    );

    // Act
    const text = bodyText(html);

    // Assess
    expect(text).not.toMatch(/Facebook|Email/);
  });

  it('removes comment threads and related-content modules', () => {
    // Prepare
    const html = page(
      `${paragraphs}<section><h2>Related stories</h2><ul><li><a href="/1">Storm closes pier</a></li></ul></section><div id="comments"><p>I think this is a terrible idea, frankly.</p></div>`
    );

    // Act
    const text = bodyText(html);

    // Assess
    expect(text).not.toMatch(/Related stories|Storm closes pier|terrible idea/);
  });

  it('removes a newsletter box inside the article', () => {
    // Prepare
    const html = page(
      `${paragraphs}<div class="newsletter"><p>Sign up to our newsletter for the best stories in your inbox.</p></div>`
    );

    // Act
    const text = bodyText(html);

    // Assess
    expect(text).not.toMatch(/newsletter/);
  });

  it('turns headings, lists, quotes and code into their block types', () => {
    // Prepare
    const html = page(
      `${paragraphs}<h2>What happens next</h2><ol><li>Survey</li><li>Build</li></ol><blockquote><p>It is a good day.</p></blockquote><pre>  step 1\n  step 2</pre>`
    );

    // Act
    const { body } = parseHtml(html);

    // Assess
    expect(body.slice(3)).toEqual([
      { type: 'heading', text: 'What happens next', level: 2 },
      {
        type: 'list',
        text: '1. Survey\n2. Build',
        items: ['Survey', 'Build'],
        ordered: true,
      },
      { type: 'quote', text: 'It is a good day.' },
      { type: 'code', text: '  step 1\n  step 2' },
    ]);
  });

  it('takes the title from the h1, not from a logo h1', () => {
    // Prepare
    const html = page(paragraphs).replace(
      '<header>',
      '<header><a href="/"><h1>The Gazette</h1></a>'
    );

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.title).toBe('Harbour plan approved');
    expect(draft.body[0]?.text).toBe(PROSE[0]);
  });

  it('reads authors, dates and publisher from JSON-LD', () => {
    // Prepare
    const ld = JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: 'Harbour plan approved',
      author: [{ '@type': 'Person', name: 'Ana Silva' }, 'Ben Okafor'],
      datePublished: '2024-05-02T09:00:00+01:00',
      dateModified: '2024-05-03',
      publisher: { '@type': 'Organization', name: 'The Gazette' },
    });
    const html = page(
      paragraphs,
      `<script type="application/ld+json">${ld}</script>`
    );

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.authors).toEqual(['Ana Silva', 'Ben Okafor']);
    expect(draft.publishedAt).toBe('2024-05-02T08:00:00Z');
    expect(draft.modifiedAt).toBe('2024-05-03');
    expect(draft.publisher).toBe('The Gazette');
  });

  it('reads meta tags when there is no JSON-LD', () => {
    // Prepare
    const head = `<meta name="author" content="Cora Lind"><meta property="article:published_time" content="2023-11-20T10:15:00Z"><meta property="og:site_name" content="The Gazette"><link rel="canonical" href="https://gazette.example/harbour?utm_source=x">`;

    // Act
    const draft = parseHtml(page(paragraphs, head));

    // Assess
    expect(draft.authors).toEqual(['Cora Lind']);
    expect(draft.publishedAt).toBe('2023-11-20T10:15:00Z');
    expect(draft.publisher).toBe('The Gazette');
    expect(draft.url).toBe('https://gazette.example/harbour');
    expect(draft.language).toBe('en');
  });

  it('drops a byline and dateline printed in the body', () => {
    // Prepare
    const html = page(
      `<p class="byline">By Dana Reyes</p><p><time datetime="2024-02-01">1 February 2024</time></p>${paragraphs}`
    );

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.authors).toEqual(['Dana Reyes']);
    expect(draft.publishedAt).toBe('2024-02-01');
    expect(draft.body.map((b) => b.text)).toEqual(PROSE);
  });

  it('lifts figure captions and credits out of the body', () => {
    // Prepare
    const html = page(
      `<figure><img src="https://img.example/wall.jpg" alt="Sea wall"><figcaption>The old sea wall at dusk <span class="credit">Photo: Kim Park</span></figcaption></figure>${paragraphs}`
    );

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.images).toEqual([
      {
        url: 'https://img.example/wall.jpg',
        caption: 'The old sea wall at dusk',
        credit: 'Photo: Kim Park',
        alt: 'Sea wall',
      },
    ]);
    expect(bodyText(html)).not.toMatch(/sea wall at dusk/);
  });

  it('never puts script, style or markup into the text', () => {
    // Prepare
    const html = page(
      `<script>var hidden = "<p>never</p>";</script><style>p { color: red }</style>${paragraphs}<p>Tags like <b>bold</b> vanish.</p>`
    );

    // Act
    const text = bodyText(html);

    // Assess
    expect(text).not.toMatch(/never|color|<|>/);
    expect(text).toContain('Tags like bold vanish.');
  });

  it('reads the real body when a page was pasted into the head', () => {
    // Prepare
    const html = `<html><head><title>Harbour plan approved</title><!DOCTYPE html><html><head></head><body><p>Pasted template.</p></body></html></head><body><article><h1>Harbour plan approved</h1>${paragraphs}</article></body></html>`;

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.body.map((b) => b.text)).toEqual(PROSE);
  });

  it('repairs text that was UTF-8 read as Windows-1252', () => {
    // Prepare
    const garbled = PROSE.map((p) => p.replace('the ', 'theâ€™s ')).join(
      '</p><p>'
    );
    const html = page(`<p>${garbled}</p>`).replace(
      'Harbour plan approved</h1>',
      'Harbour planâ€™s approval Â®</h1>'
    );

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.title).toBe('Harbour plan’s approval ®');
    expect(bodyText(html)).toContain('the’s ');
    expect(bodyText(html)).not.toContain('â€');
  });

  it('leaves alone a page with one accidental look-alike', () => {
    // Prepare
    const html = page(`<p>CAFÉ’s menu. ${PROSE[0]}</p>${paragraphs}`);

    // Act
    const text = bodyText(html);

    // Assess
    expect(text).toContain('CAFÉ’s menu');
  });

  it('returns an empty body for a page without content', () => {
    // Prepare
    const html =
      '<html><head><title>App</title><script src="app.js"></script></head><body><div id="root"></div></body></html>';

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.body).toEqual([]);
  });
});

describe('Function: htmlFragmentToBlocks', () => {
  it('converts every part of a fragment, without a content search', () => {
    // Prepare
    const html =
      '<p>Short intro.</p><h3>Details</h3><ul><li>One</li><li>Two <a href="/x">link</a></li></ul>';

    // Act
    const { body } = htmlFragmentToBlocks(html);

    // Assess
    expect(body).toEqual([
      { type: 'paragraph', text: 'Short intro.' },
      { type: 'heading', text: 'Details', level: 3 },
      { type: 'list', text: '- One\n- Two link', items: ['One', 'Two link'] },
    ]);
  });

  it('splits paragraphs at double line breaks', () => {
    // Prepare
    const html = 'First line<br>same paragraph<br><br>Second paragraph';

    // Act
    const { body } = htmlFragmentToBlocks(html);

    // Assess
    expect(body.map((b) => b.text)).toEqual([
      'First line same paragraph',
      'Second paragraph',
    ]);
  });

  it('separates inline elements laid out as lines, not split words', () => {
    // Prepare
    const html =
      '<ul><li><span>The North Face</span><span>Wawona Tent</span></li></ul><p><b>W</b>ord and <pre><span>a</span><span>B</span></pre>';

    // Act
    const { body } = htmlFragmentToBlocks(html);

    // Assess
    expect(body.map((b) => b.text)).toEqual([
      '- The North Face Wawona Tent',
      'Word and',
      'aB',
    ]);
  });

  it('reads data tables row by row', () => {
    // Prepare
    const html =
      '<table><tr><th>Size</th><td>40 l</td></tr><tr><th>Weight</th><td>1 kg</td></tr></table>';

    // Act
    const { body } = htmlFragmentToBlocks(html);

    // Assess
    expect(body.map((b) => b.text)).toEqual(['Size | 40 l', 'Weight | 1 kg']);
  });

  it('reads a table inside a figure as text, with its caption', () => {
    // Prepare
    const html =
      '<figure><table><tr><td>1</td><td>State Farm</td></tr></table><figcaption>Source: AM Best</figcaption></figure>';

    // Act
    const { body, images } = htmlFragmentToBlocks(html);

    // Assess
    expect(body.map((b) => b.text)).toEqual([
      '1 | State Farm',
      'Source: AM Best',
    ]);
    expect(images).toEqual([]);
  });

  it('returns images with their captions', () => {
    // Prepare
    const html =
      '<figure><img src="a.jpg"><figcaption>A harbour</figcaption></figure>';

    // Act
    const { body, images } = htmlFragmentToBlocks(html);

    // Assess
    expect(body).toEqual([]);
    expect(images).toEqual([{ url: 'a.jpg', caption: 'A harbour' }]);
  });
});

describe('Function: repairField', () => {
  it('restores garbled punctuation in a short field', () => {
    // Prepare
    const title = 'A DIY Investorâ\u0080\u0099s Guide â€“ 2025 Â®';

    // Act
    const repaired = repairField(title);

    // Assess
    expect(repaired).toBe('A DIY Investor’s Guide – 2025 ®');
  });

  it('leaves an accented capital before a curly quote alone', () => {
    // Prepare / Act / Assess
    expect(repairField('CAFÉ’s menu')).toBe('CAFÉ’s menu');
  });
});

const STORY = [
  'The council approved the new harbour plan on Tuesday, after a debate that lasted well into the evening and drew a full public gallery.',
  'Engineers say the work, which starts in May, will protect three hundred homes from winter storms, and that the old wall will stay in place.',
  'Residents who objected to the height of the new barrier have been offered a second consultation, the council said after the vote.',
]
  .map((p) => `<p>${p}</p>`)
  .join('');

/** A blog page: the site's header above the story in `<main>`. */
function blogPage(header: string, beforeStory = ''): string {
  return `<!doctype html><html lang="en"><head><title>Harbour plan approved</title></head><body>${header}<main><article><header><h1>Harbour plan approved</h1>${beforeStory}</header><div class="article-body">${STORY}</div></article></main></body></html>`;
}

/** A story page whose article body is `body`. */
function storyPage(body: string): string {
  return `<!doctype html><html lang="en"><head><title>Harbour plan approved</title></head><body><main><article><header><h1>Harbour plan approved</h1></header><div class="article-body">${body}</div></article></main></body></html>`;
}

describe('Function: parseHtml, stories', () => {
  it("does not take the site's tagline for the standfirst", () => {
    // Prepare
    const html = blogPage(
      '<header class="site-header"><div class="site-branding"><p class="site-title"><a href="/">Harbour Notes</a></p><p class="site-description">Thoughts on tides and towns</p></div></header>'
    );

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.standfirst).toBeUndefined();
  });

  it('does not take a figure caption for the standfirst', () => {
    // Prepare
    const html = blogPage(
      '',
      '<figure><img src="/wall.jpg" alt=""><figcaption><p class="lead">The old wall at low tide</p></figcaption></figure>'
    );

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.standfirst).toBeUndefined();
  });

  it('does not take a dek from the breadcrumb trail', () => {
    // Prepare
    const html = blogPage(
      '<nav class="breadcrumbs"><div class="summary">Home › News › Harbour</div></nav>'
    );

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.standfirst).toBeUndefined();
  });

  it('takes the dek from a page header that holds the headline', () => {
    // Prepare: a page-wide <header role="banner"> (chrome) with the story's
    // <h1> and its dek, the story itself in a plain block after it.
    const html = `<!doctype html><html lang="en"><head><title>Harbour plan approved</title></head><body><header role="banner"><nav><a href="/">Home</a> <a href="/news">News</a></nav><h1>Harbour plan approved</h1><p class="standfirst">The vote ends two years of argument over the sea wall.</p></header><div class="content">${STORY}</div><footer><p>© Harbour Post</p></footer></body></html>`;

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.standfirst).toBe(
      'The vote ends two years of argument over the sea wall.'
    );
  });

  it('still takes the dek under the headline', () => {
    // Prepare
    const html = blogPage(
      '',
      '<p class="standfirst">The vote ends two years of argument over the sea wall.</p>'
    );

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.standfirst).toBe(
      'The vote ends two years of argument over the sea wall.'
    );
  });

  it.each([
    'chapo',
    'article-chapo',
    'vorspann',
    'texto-bajada',
    'entradilla',
    'sommario',
    'field-perex',
    'article__abstract',
    'article--sub-headline',
    'epigraph',
  ])('takes a dek classed %s, in the newsroom word of its language', (name) => {
    // Prepare
    const html = blogPage(
      '',
      `<div class="${name}"><p>The vote ends two years of argument over the sea wall.</p></div>`
    );

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.standfirst).toBe(
      'The vote ends two years of argument over the sea wall.'
    );
  });

  it('takes the dek after a dek-classed box that holds only the byline', () => {
    // Prepare: the template's `teaser` class marks its metadata box too.
    const html = blogPage(
      '',
      '<div class="teaser__metadata"><p class="byline">By Jo Penrose</p></div><p class="lead">The vote ends two years of argument over the sea wall.</p>'
    );

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.authors).toEqual(['Jo Penrose']);
    expect(draft.standfirst).toBe(
      'The vote ends two years of argument over the sea wall.'
    );
  });

  it("takes the dek on a page whose <body> carries the site's logo class", () => {
    // Prepare: WordPress classes the <body> of a site with a custom logo
    // `wp-custom-logo`; that says nothing of the dek inside it.
    const html = blogPage(
      '',
      '<p class="standfirst">The vote ends two years of argument over the sea wall.</p>'
    ).replace('<body>', '<body class="single-post wp-custom-logo">');

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.standfirst).toBe(
      'The vote ends two years of argument over the sea wall.'
    );
  });

  it('takes no dek-classed block that holds the headline', () => {
    // Prepare: the template's `intro` box holds the headline and the
    // section trail; the dek is the paragraph after it.
    const html = `<!doctype html><html lang="en"><head><title>Harbour plan approved</title></head><body><main><article><header><div class="article-intro"><p>News › Harbour</p><h1>Harbour plan approved</h1></div><p class="standfirst">The vote ends two years of argument over the sea wall.</p></header><div class="article-body">${STORY}</div></article></main></body></html>`;

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.standfirst).toBe(
      'The vote ends two years of argument over the sea wall.'
    );
  });

  it('takes the dek after a standfirst-classed wrapper of the whole story', () => {
    // Prepare: the layout's "summary" class marks the wrapper, which holds
    // the story itself and so is no dek; the dek is the one inside it.
    const html = `<!doctype html><html lang="en"><head><title>Harbour plan approved</title></head><body><main><div class="summary-layout"><article><header><h1>Harbour plan approved</h1><p class="standfirst">The vote ends two years of argument over the sea wall.</p></header><div class="article-body">${STORY}</div></article></div></main></body></html>`;

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.standfirst).toBe(
      'The vote ends two years of argument over the sea wall.'
    );
  });

  it('takes the subtitle of an hgroup for the standfirst', () => {
    // Prepare
    const html = `<!doctype html><html lang="en"><head><title>Harbour plan approved</title></head><body><main><article><header><hgroup><h1>Harbour plan approved</h1><h2>The vote ends two years of argument over the sea wall</h2></hgroup></header><div class="article-body">${STORY}</div></article></main></body></html>`;

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.standfirst).toBe(
      'The vote ends two years of argument over the sea wall'
    );
  });

  it('drops the headings a story ends on, and keeps those inside it', () => {
    // Prepare: the links under the last heading are left out as a menu,
    // which leaves the heading with nothing under it.
    const html = storyPage(
      `${STORY}<h2>What happens next</h2>${STORY.replaceAll('council', 'board')}<h3>Tides and towns</h3><div><a href="/a">Spring tides</a> <a href="/b">Old harbours</a> <a href="/c">Sea walls</a></div>`
    );

    // Act
    const body = parseHtml(html).body;

    // Assess
    const headings = body
      .filter((b) => b.type === 'heading')
      .map((b) => b.text);
    expect(headings).toEqual(['What happens next']);
    expect(body.at(-1)?.type).toBe('paragraph');
  });

  it('drops an author box a story ends on, opened by a paragraph heading', () => {
    // Prepare: the box's heading is a bold paragraph, not a heading
    // element, so the chrome search cannot tell the module by it.
    const html = storyPage(
      `${STORY}<p><strong>About the author</strong></p><p>Jo Penrose has covered the harbour for the Gazette since 2009, and writes on tides and towns.</p>`
    );

    // Act
    const texts = parseHtml(html).body.map((b) => b.text);

    // Assess
    expect(texts.join('\n')).not.toMatch(/About the author|Jo Penrose/);
    expect(texts.at(-1)).toContain('second consultation');
  });

  it('drops an author box a story ends on, opened by a heading among its paragraphs', () => {
    // Prepare: the heading stands among the story's own paragraphs, so no
    // container of its own holds the module.
    const html = storyPage(
      `${STORY}<h3>About the author</h3><p>Jo Penrose has covered the harbour for the Gazette since 2009, and writes on tides and towns.</p>`
    );

    // Act
    const texts = parseHtml(html).body.map((b) => b.text);

    // Assess
    expect(texts.join('\n')).not.toMatch(/About the author|Jo Penrose/);
    expect(texts.at(-1)).toContain('second consultation');
  });

  it.each([
    'Das Thema könnte dich auch interessieren:',
    'Lesen Sie auch die folgenden Beiträge:',
    'Mehr Themen:',
    'Vorschau auf den nächsten Artikel',
    'Zobacz także',
    'Czytaj również',
  ])(
    'drops a teaser label "%s" a story ends on, with what it opens',
    (label) => {
      // Prepare: the label is a paragraph, and the teasers it opened are
      // short lines that no block test removes.
      const html = storyPage(
        `${STORY}<p>${label}</p><p>Spring tides at the old quay</p>`
      );

      // Act
      const texts = parseHtml(html).body.map((b) => b.text);

      // Assess
      expect(texts.join('\n')).not.toContain(label);
      expect(texts.join('\n')).not.toContain('Spring tides');
      expect(texts.at(-1)).toContain('second consultation');
    }
  );

  it('gives a figure printed twice one image, and its caption no paragraph', () => {
    // Prepare
    const caption = 'The old wall at low tide, seen from the quay.';
    const figure = (src: string) =>
      `<figure><img src="${src}" alt=""><figcaption>${caption}</figcaption></figure>`;
    const html = blogPage(
      '',
      `${figure('/wall.jpg')}<div class="lightbox">${figure('/wall-large.jpg')}<p>${caption}</p></div>`
    );

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.images.filter((i) => i.caption === caption)).toHaveLength(1);
    expect(draft.body.map((b) => b.text)).not.toContain(caption);
  });

  it('gives no paragraph to a copy of a caption without its credit', () => {
    // Prepare: the lightbox prints the caption and its credit line apart.
    const caption = 'The old wall at low tide, seen from the quay.';
    const html = storyPage(
      `<figure><img src="/wall.jpg" alt=""><figcaption>${caption} Photo: Jo Penrose</figcaption></figure><div class="lightbox"><img src="/wall-large.jpg" alt=""><p>${caption}</p><p>Photo: Jo Penrose</p></div>${STORY}`
    );

    // Act
    const draft = parseHtml(html);

    // Assess
    const text = draft.body.map((b) => b.text).join('\n');
    expect(text).not.toContain('seen from the quay');
    expect(text).not.toContain('Jo Penrose');
    expect(draft.images[0]?.caption).toContain(caption);
  });

  it('drops the kicker and section trail printed above the headline', () => {
    // Prepare
    const html = storyPage(
      `<p class="kicker">Coast › Politics</p><p>Exclusive</p><h1>Harbour plan approved</h1>${STORY}`
    ).replace('<header><h1>Harbour plan approved</h1></header>', '');

    // Act
    const draft = parseHtml(html);

    // Assess
    const texts = draft.body.map((b) => b.text);
    expect(texts).not.toContain('Coast › Politics');
    expect(texts).not.toContain('Exclusive');
    expect(texts[0]).toMatch(/^The council approved/);
  });

  it("drops a story's short link lines, but not a listing's", () => {
    // Prepare
    // Inline in the story's own container, where no block test sees them.
    const links =
      '<a href="/older">Older post</a><br><br><span class="tools"><a href="/report">Report an error</a> | <a href="#print">Print</a></span>';
    const story = storyPage(`${STORY}${links}`);
    const listing = `<!doctype html><html><head><title>Archive</title></head><body><main><h1>Archive</h1>${'<div class="item"><a href="/p">A post from the archive of the harbour notes</a> <span>12 May</span></div>'.repeat(12)}<p><a href="/older">Older post</a></p></main></body></html>`;

    // Act
    const storyTexts = parseHtml(story).body.map((b) => b.text);
    const listingTexts = parseHtml(listing).body.map((b) => b.text);

    // Assess
    expect(storyTexts.join('\n')).not.toMatch(
      /Older post|Report an error|Print/
    );
    expect(listingTexts).toContain('Older post');
  });

  it('drops a key-points list that the story repeats word for word', () => {
    // Prepare
    const points = [
      'The council approved the new harbour plan on Tuesday',
      'Engineers say the work will protect three hundred homes',
    ];
    const story = points
      .map((p) => `<p>${p}, the clerk said, after a long debate.</p>`)
      .join('');
    const own =
      '<ul><li>Work starts in May and ends next year</li><li>The old wall will stay where it is now</li></ul>';
    const html = storyPage(
      `<h2>Key points</h2><ul>${points.map((p) => `<li>${p}</li>`).join('')}</ul>${story}${STORY}${own}`
    );

    // Act
    const body = parseHtml(html).body;

    // Assess
    const texts = body.map((b) => b.text);
    expect(texts).not.toContain('Key points');
    expect(body.filter((b) => b.type === 'list')).toHaveLength(1);
    expect(texts.join('\n')).toContain('Work starts in May');
  });
});
