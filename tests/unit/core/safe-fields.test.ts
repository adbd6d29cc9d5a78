/**
 * Safe fields: the unit rules of `safe-fields.ts`, each defect of issue 18
 * through the public parse path (one test per format that let it through),
 * and a property test over HTML, JSON, Markdown and feed files built from
 * a grammar of hostile fragments.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Article,
  type ParseResult,
  parseFile,
  renderMarkdown,
} from '../../../functions/core/index.ts';
import {
  safeDraft,
  safeText,
  safeUrl,
} from '../../../functions/core/safe-fields.ts';
import { articleParagraphs, zipOf } from '../../support/formats.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const PROSE = articleParagraphs(1);
const TITLE = 'Council votes to close the Harbour Street library';

/** No markup, script or control character may be left in a text field. */
const UNSAFE_TEXT = [
  /<\s*\/?\s*script/iu,
  /<[a-z][^<>]*\son[a-z]+\s*=/iu,
  /<\s*\/?\s*(?:iframe|svg|object|embed|noembed|noframes|xmp|plaintext|template)/iu,
  /(?![\t\n])\p{Cc}/u,
];

/** Every text field of an article, with its path. */
function textFields(article: Article): [string, string][] {
  const fields: [string, string][] = [
    ['title', article.title],
    ['text', article.text],
    ...article.authors.map((a, i): [string, string] => [`authors.${i}`, a]),
    ...(article.tags ?? []).map((t, i): [string, string] => [`tags.${i}`, t]),
  ];
  if (article.standfirst) fields.push(['standfirst', article.standfirst]);
  if (article.publisher) fields.push(['publisher', article.publisher]);
  article.body.forEach((block, i) => {
    fields.push([`body.${i}.text`, block.text]);
    for (const item of block.items ?? []) fields.push([`body.${i}.item`, item]);
  });
  article.images.forEach((image, i) => {
    for (const key of ['caption', 'credit', 'alt'] as const) {
      const value = image[key];
      if (value) fields.push([`images.${i}.${key}`, value]);
    }
  });
  if (article.origin.entry) fields.push(['origin.entry', article.origin.entry]);
  return fields;
}

/** The fields of `article` that break the safe-field rules. */
function unsafeFields(article: Article): string[] {
  const bad: string[] = [];
  const urls = [
    ['url', article.url],
    ...article.images.map((image, i) => [`images.${i}.url`, image.url]),
  ];
  for (const [path, url] of urls) {
    if (url === undefined) continue;
    if (!/^https?:\/\/[^\s]/iu.test(url)) bad.push(`${path}: ${url}`);
  }
  for (const [path, text] of textFields(article)) {
    if (UNSAFE_TEXT.some((rule) => rule.test(text)))
      bad.push(`${path}: ${text}`);
  }
  // The Markdown rendering prints only http(s) link targets.
  for (const target of renderMarkdown(article).matchAll(/\]\(<([^>]*)>\)/gu)) {
    if (!/^https?:/iu.test(target[1] ?? '')) bad.push(`markdown: ${target[1]}`);
  }
  return bad;
}

function articlesOf(result: ParseResult): readonly Article[] {
  expect(result.ok, JSON.stringify(result)).toBe(true);
  return result.ok ? result.articles : [];
}

function htmlPage(body: string, head = ''): string {
  return `<!doctype html><html><head><title>${TITLE}</title>${head}</head><body><article><h1>${TITLE}</h1>${body}${PROSE.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
}

describe('Function: safeUrl', () => {
  it('keeps absolute http(s) URLs and resolves relative ones against a base', () => {
    // Act / Assess
    expect(safeUrl('https://a.example/x.jpg')).toBe('https://a.example/x.jpg');
    expect(safeUrl('HTTP://A.example/x')).toBe('http://a.example/x');
    expect(safeUrl('/img/x.jpg', 'https://a.example/news/1')).toBe(
      'https://a.example/img/x.jpg'
    );
  });

  it('drops script, data and relative URLs without a base', () => {
    // Act / Assess
    for (const url of [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'java\tscript:alert(1)',
      'vbscript:msgbox(1)',
      'data:text/html,<script>alert(1)</script>',
      '/img/x.jpg',
      '//cdn.example/x.jpg',
      'not a url',
      '',
    ]) {
      expect(safeUrl(url), url).toBeUndefined();
    }
    expect(
      safeUrl('javascript:alert(1)', 'https://a.example/')
    ).toBeUndefined();
  });
});

describe('Function: safeText', () => {
  it('removes tags, comments and event handlers but keeps the words', () => {
    // Act / Assess
    expect(safeText('Hi <script>alert(1)</script> there')).toBe(
      'Hi alert(1) there'
    );
    expect(safeText('A <b onclick="x()">bold</b> move')).toBe('A bold move');
    expect(safeText('<svg onload=alert(1)>Photo')).toBe('Photo');
    expect(safeText('x <!-- hidden --> y')).toBe('x y');
    expect(safeText('<<scriptscript>alert(1)')).not.toMatch(/<script/iu);
    expect(safeText('<scr<script>ipt>x')).not.toMatch(/<script/iu);
    expect(safeText('unclosed <iframe src=x')).toBe('unclosed');
  });

  it('keeps prose that only looks like code', () => {
    // Act / Assess
    expect(safeText('if a < b and c > d, type javascript:void')).toBe(
      'if a < b and c > d, type javascript:void'
    );
  });

  it('removes control characters but newlines and tabs', () => {
    // Act / Assess
    expect(safeText('a\u001b[31mb\u0007c\r\nd\te\u0085')).toBe('a[31mbc\nd\te');
  });

  it('keeps HTML printed in a code block but not scripts', () => {
    // Act / Assess
    expect(safeText('<p class="x">Hi</p>', true)).toBe('<p class="x">Hi</p>');
    expect(safeText('<script>x</script>', true)).not.toMatch(/<script/iu);
  });
});

describe('Function: safeDraft', () => {
  it('drops unsafe image URLs and empty images, keeps their captions', () => {
    // Prepare
    const draft = {
      authors: ['<b>Jane</b> Doe', '<script></script>'],
      url: 'javascript:alert(1)',
      body: [{ type: 'paragraph' as const, text: 'Text <iframe></iframe>' }],
      images: [
        { url: 'javascript:alert(2)', caption: 'A <i>cap</i>' },
        { url: 'vbscript:x' },
        { url: 'https://a.example/x.jpg', alt: '<img src=x onerror=alert(1)>' },
      ],
    };

    // Act
    const safe = safeDraft(draft);

    // Assess
    expect(safe.url).toBeUndefined();
    expect(safe.authors).toEqual(['Jane Doe']);
    expect(safe.body).toEqual([{ type: 'paragraph', text: 'Text' }]);
    expect(safe.images).toEqual([
      { caption: 'A cap' },
      { url: 'https://a.example/x.jpg' },
    ]);
  });

  it('rebuilds a list’s text from its safe items', () => {
    // Prepare
    const draft = {
      authors: [],
      images: [],
      body: [
        {
          type: 'list' as const,
          text: '- one <script>\n- <b></b>\n- two',
          items: ['one <script>', '<b></b>', 'two'],
        },
      ],
    };

    // Act
    const [block] = safeDraft(draft).body;

    // Assess
    expect(block).toEqual({
      type: 'list',
      text: '- one\n- two',
      items: ['one', 'two'],
    });
  });
});

describe('Function: parseFile (safe fields)', () => {
  it('drops javascript: image URLs of HTML pages (img, og:image, data-src)', () => {
    // Prepare
    const html = htmlPage(
      '<img src="javascript:alert(2)" alt="a"><figure><img data-src="vbscript:msgbox(1)"><figcaption>The branch library</figcaption></figure>',
      '<meta property="og:image" content="javascript:alert(3)">'
    );

    // Act
    const [article] = articlesOf(parseFile(utf8(html), { key: 'p.html' }));

    // Assess
    expect(article).toBeDefined();
    if (!article) return;
    expect(unsafeFields(article)).toEqual([]);
    expect(JSON.stringify(article)).not.toMatch(/javascript:|vbscript:/iu);
  });

  it('never gives text from noembed, noframes, xmp, plaintext, template or iframe', () => {
    // Prepare
    const html = htmlPage(
      '<noembed><script>alert(1)</script></noembed><noframes>&lt;script&gt;alert(2)&lt;/script&gt;</noframes><xmp><script>alert(3)</script></xmp><template><p>Template words</p></template><iframe>Frame words</iframe>'
    ).replace('</article>', '</article><plaintext><script>alert(4)</script>');

    // Act
    const [article] = articlesOf(parseFile(utf8(html), { key: 'p.html' }));

    // Assess
    expect(article?.text).not.toMatch(
      /alert|\bscript\b|Template words|Frame words/u
    );
    expect(article?.text).toContain('Harbour Street');
  });

  it('drops javascript: images of RSS content:encoded and Atom xhtml', () => {
    // Prepare
    const paragraphs = PROSE.map((p) => `<p>${p}</p>`).join('');
    const rss = `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>C</title><item><title>${TITLE}</title><link>javascript:alert(0)</link><content:encoded><![CDATA[<img src="javascript:alert(1)">${paragraphs}]]></content:encoded></item></channel></rss>`;
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>C</title><entry><title>${TITLE}</title><id>x</id><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><img src="javascript:alert(1)"/>${paragraphs}</div></content></entry></feed>`;

    for (const [key, text] of [
      ['f.rss', rss],
      ['f.atom', atom],
    ] as const) {
      // Act
      const articles = articlesOf(parseFile(utf8(text), { key }));

      // Assess
      expect(articles).toHaveLength(1);
      for (const article of articles) expect(unsafeFields(article)).toEqual([]);
      expect(JSON.stringify(articles)).not.toMatch(/javascript:/iu);
    }
  });

  it('drops javascript: images of JSON content_html and Markdown', () => {
    // Prepare
    const json = JSON.stringify({
      title: TITLE,
      content_html: `<img src="javascript:alert(1)">${PROSE.map((p) => `<p>${p}</p>`).join('')}`,
    });
    const markdown = `# ${TITLE}\n\n![x](javascript:alert(1))\n\n${PROSE.join('\n\n')}\n`;

    for (const [key, text] of [
      ['a.json', json],
      ['a.md', markdown],
    ] as const) {
      // Act
      const articles = articlesOf(parseFile(utf8(text), { key }));

      // Assess
      expect(articles).toHaveLength(1);
      for (const article of articles) {
        expect(unsafeFields(article)).toEqual([]);
        expect(renderMarkdown(article)).not.toMatch(/javascript:/iu);
      }
    }
  });

  it('reads JSON content holding script, svg or iframe tags as HTML', () => {
    // Prepare
    for (const markup of [
      '<script>alert(1)</script>',
      '<svg onload=alert(1)></svg>',
      '<iframe src="javascript:alert(1)"></iframe>',
    ]) {
      const json = JSON.stringify({
        title: TITLE,
        content: `${markup} ${PROSE.join(' ')}`,
        image: {
          url: 'https://gazette.example/a.jpg',
          caption: `Library <script>alert(2)</script>`,
          alt: '<img src=x onerror=alert(3)>Reading room',
        },
      });

      // Act
      const [article] = articlesOf(parseFile(utf8(json), { key: 'a.json' }));

      // Assess
      expect(article).toBeDefined();
      if (!article) return;
      expect(unsafeFields(article), markup).toEqual([]);
      expect(article.text).not.toMatch(/alert/u);
      expect(article.images).toEqual([
        {
          url: 'https://gazette.example/a.jpg',
          caption: 'Library alert(2)',
          alt: 'Reading room',
        },
      ]);
    }
  });

  it('removes control characters from zip entry names and problem messages', () => {
    // Prepare
    const zip = zipOf({
      'news/\u001b[31mred.txt': `${TITLE}\n\n${PROSE.join('\n\n')}\n`,
      'bad.jsonl': '{"title": "\u001b[2J\u0007"}\n\u001b]0;owned\u0007\n',
    });

    // Act
    const result = parseFile(zip, { key: 'a.zip' });

    // Assess
    const [article] = articlesOf(result);
    expect(article?.origin.entry).toBe('news/[31mred.txt');
    expect(result.problems?.length).toBeGreaterThan(0);
    for (const problem of result.problems ?? []) {
      expect(`${problem.location} ${problem.message}`).not.toMatch(/\p{Cc}/u);
    }
  });
});

// The property test's grammar: prose, hostile fragments and URLs, in the
// places each format keeps text and URLs.
const HOSTILE_TEXT = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<img src="javascript:alert(1)" onerror="alert(2)">',
  '<a href="javascript:alert(1)" onclick="x()">link</a>',
  '<svg onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<noembed><script>alert(1)</script></noembed>',
  '<xmp><img src=x onerror=alert(1)></xmp>',
  '<div onmouseover="alert(1)">hover</div>',
  '\u001b[31m\u0007',
  'javascript:alert(1)',
  '<<scriptscript>alert(1)',
];
const HOSTILE_URLS = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'vbscript:msgbox(1)',
  'data:text/html,<script>alert(1)</script>',
  '//evil.example/x.png',
  'x.png',
  'https://ok.example/a.jpg',
];

const hostile = fc.constantFrom(...HOSTILE_TEXT);
const url = fc.constantFrom(...HOSTILE_URLS);
const prose = fc
  .tuple(fc.constantFrom(...PROSE), fc.option(hostile), fc.option(hostile))
  .map(([p, a, b]) => `${a ?? ''}${p}${b ?? ''}`);
const body = fc.array(prose, { minLength: 2, maxLength: 4 });
const field = fc
  .tuple(fc.constantFrom('Jane Doe', TITLE), hostile)
  .map(([w, h]) => `${w} ${h}`);
const escapeXml = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('"', '&quot;');

const htmlFile = fc
  .tuple(field, body, url, url, field)
  .map(([title, paras, imageUrl, ogImage, caption]) => ({
    key: 'p.html',
    text: `<html><head><title>${title}</title><meta property="og:image" content="${ogImage}"><meta name="author" content="${escapeXml(caption)}"></head><body><article><h1>${title}</h1><figure><img src="${imageUrl}" alt="${escapeXml(caption)}"><figcaption>${caption}</figcaption></figure>${paras.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`,
  }));
const jsonFile = fc
  .tuple(field, body, url, url, field, fc.boolean())
  .map(([title, paras, imageUrl, link, caption, html]) => ({
    key: 'a.json',
    text: JSON.stringify({
      title,
      url: link,
      author: caption,
      tags: [caption],
      [html ? 'content_html' : 'content']: html
        ? paras.map((p) => `<p>${p}</p>`).join('')
        : paras.join('\n\n'),
      image: { url: imageUrl, caption, alt: caption },
    }),
  }));
const markdownFile = fc
  .tuple(field, body, url, field)
  .map(([title, paras, imageUrl, caption]) => ({
    key: 'a.md',
    text: `---\ntitle: ${JSON.stringify(title)}\nauthor: ${JSON.stringify(caption)}\n---\n\n![${caption}](${imageUrl})\n\n${paras.join('\n\n')}\n\n> ${caption}\n`,
  }));
const feedFile = fc
  .tuple(field, body, url, url, field)
  .map(([title, paras, imageUrl, link, caption]) => ({
    key: 'f.rss',
    text: `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>C</title><item><title>${escapeXml(title)}</title><link>${escapeXml(link)}</link><category>${escapeXml(caption)}</category><media:content url="${escapeXml(imageUrl)}" medium="image"><media:description>${escapeXml(caption)}</media:description></media:content><content:encoded><![CDATA[<img src="${imageUrl}">${paras.map((p) => `<p>${p}</p>`).join('')}]]></content:encoded></item></channel></rss>`,
  }));

describe('Property: parseFile output fields are safe', () => {
  it('holds only http(s) URLs and text without markup or controls, in every format', () => {
    let articles = 0;
    fc.assert(
      fc.property(
        fc.oneof(htmlFile, jsonFile, markdownFile, feedFile),
        ({ key, text }) => {
          // Act
          const result = parseFile(utf8(text), { key });

          // Assess
          if (!result.ok) {
            expect(result.rejection.code).not.toBe('parser-error');
            return;
          }
          for (const article of result.articles) {
            articles++;
            expect(unsafeFields(article), text).toEqual([]);
          }
        }
      ),
      { numRuns: 300 }
    );
    // The grammar makes articles: the property was checked, not skipped.
    expect(articles).toBeGreaterThan(200);
  });
});
