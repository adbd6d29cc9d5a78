import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../../../functions/core/limits.ts';
import {
  type HtmlElement,
  parseDom,
  textOf,
} from '../../../../../functions/core/parsers/html/dom.ts';

/** Depth of the deepest element under `element`. */
function depthOf(element: HtmlElement): number {
  let deepest = 0;
  const stack: [HtmlElement, number][] = [[element, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [HtmlElement, number];
    deepest = Math.max(deepest, depth);
    for (const child of node.children) {
      if (typeof child !== 'string') stack.push([child, depth + 1]);
    }
  }
  return deepest;
}

describe('Function: parseDom', () => {
  it('keeps text and elements in document order', () => {
    // Prepare
    const html = '<p>Hello <b>bold</b> world</p>';

    // Act
    const doc = parseDom(html);

    // Assess
    const p = doc.root.children[0] as HtmlElement;
    expect(p.tag).toBe('p');
    expect(textOf(p)).toBe('Hello bold world');
  });

  it('keeps the space between an entity and the element after it', () => {
    // Prepare: htmlparser2 ends a text piece at each entity, so the space
    // after "&amp;" arrives alone, just before <i>.
    const html =
      '<p>Fish &amp; <i>chips</i>, A &lt; <b>B</b>, &copy; <em>2020</em></p>';

    // Act
    const doc = parseDom(html);

    // Assess
    expect(textOf(doc.root)).toBe('Fish & chips, A < B, © 2020');
  });

  it('keeps white space that falls on a boundary of the input slices', () => {
    // Prepare: the parser is fed 64 KiB at a time; put a lone space
    // right at the first boundary, between two words and an element.
    const head = '<p>';
    const filler = 'x'.repeat(64 * 1024 - head.length - 4);
    const html = `${head}${filler}word <b>bold</b></p>`;

    // Act
    const doc = parseDom(html);

    // Assess
    expect(textOf(doc.root).endsWith('word bold')).toBe(true);
  });

  it('never stores script, style or svg content', () => {
    // Prepare
    const html =
      '<p>Text</p><script>var secret = 1;</script><style>p{color:red}</style><svg><text>icon</text></svg>';

    // Act
    const doc = parseDom(html);

    // Assess
    expect(textOf(doc.root)).toBe('Text');
  });

  it('keeps JSON-LD script text aside for the metadata reader', () => {
    // Prepare
    const html =
      '<script type="application/ld+json">{"@type":"NewsArticle"}</script><p>x</p>';

    // Act
    const doc = parseDom(html);

    // Assess
    expect(doc.jsonLd).toEqual(['{"@type":"NewsArticle"}']);
    expect(textOf(doc.root)).toBe('x');
  });

  it('keeps the ids of the menus that controls open, a skipped <button> included', () => {
    // Prepare
    const html =
      '<body><button aria-haspopup="true" aria-controls="cats  deals">Shop by category</button>' +
      '<a href="#" aria-haspopup="menu" aria-controls="account">Account</a>' +
      '<button aria-haspopup="listbox" aria-controls="plans">Choose a plan</button>' +
      '<button aria-expanded="false" aria-controls="answer-1">How long is delivery?</button>' +
      '<div id="cats"><a href="/c/1">Garden</a></div></body>';

    // Act
    const doc = parseDom(html);

    // Assess
    expect([...doc.popups].sort()).toEqual(['account', 'cats', 'deals']);
  });

  it('reads the first title without putting it in the body text', () => {
    // Prepare
    const html = '<title>Headline | Site</title><p>Body</p>';

    // Act
    const doc = parseDom(html);

    // Assess
    expect(doc.title).toBe('Headline | Site');
    expect(textOf(doc.root)).toBe('Body');
  });

  it('flattens nesting deeper than maxHtmlDepth, keeping the text', () => {
    // Prepare
    const html = `${'<div>'.repeat(500)}deep text${'</div>'.repeat(500)}`;

    // Act
    const doc = parseDom(html, { ...DEFAULT_LIMITS, maxHtmlDepth: 50 });

    // Assess
    expect(depthOf(doc.root)).toBe(50);
    expect(textOf(doc.root)).toBe('deep text');
  });

  it('stops at maxHtmlElements and flags the page as truncated', () => {
    // Prepare
    const html = '<p>para</p>'.repeat(1000);

    // Act
    const doc = parseDom(html, { ...DEFAULT_LIMITS, maxHtmlElements: 100 });

    // Assess
    expect(doc.elementCount).toBe(100);
    expect(doc.truncated).toBe(true);
  });

  it('drops attribute values longer than the attribute limit', () => {
    // Prepare
    const html = `<img src="a.jpg" data-blob="${'x'.repeat(10_000)}">`;

    // Act
    const doc = parseDom(html);

    // Assess
    const img = doc.root.children[0] as HtmlElement;
    expect(img.attrs.src).toBe('a.jpg');
    expect(img.attrs['data-blob']).toBeUndefined();
  });

  it('recovers from unclosed and stray tags', () => {
    // Prepare
    const html = '<div><p>one<p>two</span></div></div><p>three';

    // Act
    const doc = parseDom(html);

    // Assess
    expect(textOf(doc.root)).toBe('onetwothree');
  });
});

describe('Function: parseDom, raw-text elements', () => {
  it.each([
    ['noembed', '<noembed><p>Your browser cannot play this.</p></noembed>'],
    ['noframes', '<noframes><p>This page uses frames.</p></noframes>'],
    ['xmp', '<xmp><b>bold</b> sample</xmp>'],
    ['plaintext', '<plaintext><p>everything after this'],
    ['template', '<template><p>A card template</p></template>'],
    ['iframe', '<iframe src="/x"><p>Fallback text</p></iframe>'],
  ])('keeps no text of a <%s>', (_tag, markup) => {
    // Prepare
    const html = `<body><p>Before.</p>${markup}<p>After.</p></body>`;

    // Act
    const text = textOf(parseDom(html).root);

    // Assess
    expect(text).not.toMatch(
      /browser|frames|bold|sample|everything|template|Fallback/
    );
    expect(text).toContain('Before.');
  });

  it.each([
    [
      'iframe in a noscript',
      '<noscript><iframe src="/ns?id=1" height="0" /></noscript>',
    ],
    ['bare iframe', '<iframe/>'],
    ['xmp', '<xmp class="x"/>'],
  ])('keeps the text after a self-closed %s', (_what, markup) => {
    // Prepare
    const html = `<body><p>Before.</p>${markup}<div hidden><p>The page's own text.</p></div></body>`;

    // Act
    const text = textOf(parseDom(html).root);

    // Assess
    expect(text).toContain("The page's own text.");
  });
});

describe('Function: parseDom, ruby annotations', () => {
  it('keeps the annotated words, not their readings', () => {
    // Prepare
    const html =
      '<body><p><ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp>字<rt>じ</rt></ruby>を<ruby>読<rt>よ</rt></ruby>む。</p><p>After.</p></body>';

    // Act
    const text = textOf(parseDom(html).root);

    // Assess
    expect(text).toContain('漢字を読む。');
    expect(text).not.toMatch(/[かんじよ()]/u);
    expect(text).toContain('After.');
  });

  it('keeps a stray <rt> outside a <ruby>, and the text after it', () => {
    // Prepare
    const html = '<body><p>Before<rt>note<p>The rest of the page.</p></body>';

    // Act
    const text = textOf(parseDom(html).root);

    // Assess
    expect(text).toContain('note');
    expect(text).toContain('The rest of the page.');
  });
});
