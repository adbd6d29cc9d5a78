import { describe, expect, it } from 'vitest';
import { chromeTest } from '../../../../../functions/core/parsers/html/chrome.ts';
import {
  findAll,
  findFirst,
  type HtmlElement,
  parseDom,
} from '../../../../../functions/core/parsers/html/dom.ts';

const STORY =
  '<p>The ferry timetable changes on Monday, when the winter service starts and the last boat leaves the island at six.</p>';

/** The elements of `html` that the chrome test marks, by their class. */
function chromeClasses(html: string): string[] {
  const doc = parseDom(html);
  const body = findFirst(doc.root, (e) => e.tag === 'body') as HtmlElement;
  const isChrome = chromeTest(body);
  return findAll(body, (e) => e.attrs.class !== undefined && isChrome(e)).map(
    (e) => e.attrs.class as string
  );
}

/** A page with a story and a teaser module under `heading`. */
function withModule(heading: string): string {
  const teasers = Array.from(
    { length: 4 },
    (_, i) => `<li><a href="/a/${i}">Another story number ${i}</a></li>`
  ).join('');
  return `<body><article>${STORY.repeat(8)}<div class="box"><h3>${heading}</h3><ul>${teasers}</ul></div></article></body>`;
}

describe('Function: chromeTest', () => {
  it.each([
    'Ähnliche Beiträge',
    'Das könnte Sie auch interessieren …',
    'Mehr zum Thema',
    'À lire aussi',
    'Vous aimerez aussi',
    'Artículos relacionados',
    'Te puede interesar',
    'Leggi anche',
    'Related articles',
    'Support our journalism',
    'Make a donation',
    'Top comments',
    'Our team',
    'Around the web',
    'Sponsored links',
    'Unsere Redaktion',
    'Complete the look',
    'Shop the look: outfit ideas',
    'Products related to this item',
  ])('marks the module a "%s" heading opens', (heading) => {
    // Prepare
    const html = withModule(heading);

    // Act
    const classes = chromeClasses(html);

    // Assess
    expect(classes).toContain('box');
  });

  it.each(['product-reviews-content', 'customer-reviews', 'user-reviews'])(
    "marks shoppers' reviews (%s) larger than the product's text",
    (name) => {
      // Prepare: the reviews outweigh the description, and their class also
      // says `content`, which would keep a block of another kind.
      const review =
        '<div class="review"><p>Arrived quickly and the strings ring true, though the case was scuffed on one corner when it came.</p></div>';
      const html = `<body><main><div class="product">${STORY.repeat(2)}</div><div class="${name}">${review.repeat(6)}</div></main></body>`;

      // Act
      const classes = chromeClasses(html);

      // Assess
      expect(classes).toContain(name);
    }
  );

  it("keeps a page of reviews, and a review article's own review card", () => {
    // Prepare
    const card = `<div class="product-review-card">${STORY}</div>`;
    const html = `<body><main><div class="customer-reviews">${STORY.repeat(6)}</div></main><p>Short footer line.</p></body>`;

    // Act
    const classes = chromeClasses(html);
    const cardClasses = chromeClasses(
      `<body><article>${card.repeat(3)}</article></body>`
    );

    // Assess
    expect(classes).not.toContain('customer-reviews');
    expect(cardClasses).not.toContain('product-review-card');
  });

  it('marks a donation appeal by its class', () => {
    // Prepare
    const html = `<body><article>${STORY.repeat(8)}<div class="donate-box"><p>Every gift keeps the paper free to read for everyone in town.</p></div></article></body>`;

    // Act
    const classes = chromeClasses(html);

    // Assess
    expect(classes).toContain('donate-box');
  });

  it('does not read a chrome word that non- negates as chrome', () => {
    // Prepare: the free part of a story, outside the paywall, and the
    // paywall's own prompt after it.
    const html = `<body><article>${STORY.repeat(4)}<section class="row non-paywall">${STORY}</section><div class="paywall-prompt"><p>Subscribe to read on.</p></div></article></body>`;

    // Act
    const marked = chromeClasses(html);

    // Assess
    expect(marked).not.toContain('row non-paywall');
    expect(marked).toContain('paywall-prompt');
  });

  it("marks a forum post's signature by its class, not an id that says signature", () => {
    // Prepare
    const post = (n: number) =>
      `<div class="post"><p>Reply ${n}: I had the same trouble with the pump and a new seal fixed it within an hour.</p><div class="message-signature">Running a 2019 boat, twin engines, and far too many spare parts in the shed.</div></div>`;
    const thread = `<body><main>${[1, 2, 3, 4].map(post).join('')}</main></body>`;
    const offer = `<body><main>${STORY.repeat(8)}<div id="digital-signature-row" class="feature"><p>Sign every contract online, with a digital signature that holds in court.</p></div></main></body>`;

    // Act
    const classes = chromeClasses(thread);
    const offerClasses = chromeClasses(offer);

    // Assess
    expect(classes.filter((c) => c === 'message-signature')).toHaveLength(4);
    expect(classes).not.toContain('post');
    expect(offerClasses).not.toContain('feature');
  });

  it("marks the user card beside each post of a thread, not the post's text", () => {
    // Prepare
    const post = (n: number) =>
      `<div class="answer"><div class="post-text"><p>Answer ${n}: hold the shift key while the window opens and the list gets the focus at once.</p></div><div class="user-info"><span>answered May ${n} at 3:07</span><a href="/u/${n}">member${n}</a><span>12.3k</span><span>4 gold badges</span></div></div>`;
    const thread = `<body><main>${[1, 2, 3, 4].map(post).join('')}</main></body>`;

    // Act
    const classes = chromeClasses(thread);

    // Assess
    expect(classes.filter((c) => c === 'user-info')).toHaveLength(4);
    expect(classes).not.toContain('post-text');
    expect(classes).not.toContain('answer');
  });

  it('marks an auto popover, shut until a button opens it, but not a manual one', () => {
    // Prepare
    const html = `<body><main>${STORY.repeat(8)}</main><div class="card" popover><h4>Turn on notifications</h4><p>Open the settings of your browser, find this site and allow it to send you alerts.</p></div><div class="prompt" popover="auto"><p>Add this site to your home screen for a full-screen app.</p></div><div class="viewer" popover="manual"><p>Trailers and screenshots</p></div></body>`;

    // Act
    const classes = chromeClasses(html);

    // Assess
    expect(classes).toContain('card');
    expect(classes).toContain('prompt');
    expect(classes).not.toContain('viewer');
  });

  it('marks the post-meta line under a story', () => {
    // Prepare
    const html = `<body><article>${STORY.repeat(8)}<div class="postmetadata">This entry was posted in News and tagged ferry, winter.</div></article></body>`;

    // Act
    const classes = chromeClasses(html);

    // Assess
    expect(classes).toContain('postmetadata');
  });

  it('reads a heading across line breaks', () => {
    // Prepare
    const html = withModule('Das könnte dich\n   auch interessieren');

    // Act
    const classes = chromeClasses(html);

    // Assess
    expect(classes).toContain('box');
  });

  it.each(['Weitere Informationen', '12 Comments', 'Share prices fall'])(
    'leaves the section a "%s" heading opens',
    (heading) => {
      // Prepare
      const html = withModule(heading);

      // Act
      const classes = chromeClasses(html);

      // Assess
      expect(classes).not.toContain('box');
    }
  );

  it.each([
    ['Similar items', true],
    ['People who viewed this item also viewed', true],
    ['Similar items', false],
  ])(
    'marks a "%s" carousel of other products larger than the product: %s when its cards show prices',
    (heading, priced) => {
      // Prepare: eight cards outweigh the product's own text, and each is
      // linked by an empty overlay, so the module reads as unlinked text.
      const price = priced
        ? '<span>$24.90</span><span>+ $8.50 delivery</span>'
        : '<span>Pre-owned</span>';
      const card = (n: number) =>
        `<li><div class="card"><h3>Hand-thrown stoneware mug number ${n}, speckled glaze</h3><span>New · Business seller</span>${price}</div><a href="/item/${n}" aria-label="mug ${n}"></a></li>`;
      const cards = Array.from({ length: 8 }, (_, n) => card(n)).join('');
      const html = `<body><main><div class="item"><h1>Stoneware mug</h1>${STORY.repeat(3)}</div><section class="carousel-box"><div class="head"><h2>${heading}</h2></div><ul>${cards}</ul></section></main></body>`;

      // Act
      const classes = chromeClasses(html);

      // Assess
      expect(classes.includes('carousel-box')).toBe(priced);
      expect(classes).not.toContain('item');
    }
  );

  it('marks a menu that a control opens, not a panel that an accordion button opens', () => {
    // Prepare: the flyout's class and tag say nothing; its control does.
    const links = Array.from(
      { length: 6 },
      (_, n) => `<li><a href="/c/${n}">Category number ${n}</a></li>`
    ).join('');
    const html = `<body><div class="head"><div class="flyout-box" id="cats"><ul>${links}</ul></div></div><main>${STORY.repeat(4)}<div class="answer-box" id="answer-1"><p>Delivery takes two working days to any address on the mainland, and a day more to the islands.</p></div></main></body>`;
    const doc = parseDom(html);
    const body = findFirst(doc.root, (e) => e.tag === 'body') as HtmlElement;

    // Act
    const isChrome = chromeTest(body, new Set(['cats', 'missing']));
    const withoutPopups = chromeTest(body);
    const byClass = (name: string) =>
      findFirst(body, (e) => e.attrs.class === name) as HtmlElement;

    // Assess
    expect(isChrome(byClass('flyout-box'))).toBe(true);
    expect(isChrome(byClass('answer-box'))).toBe(false);
    expect(withoutPopups(byClass('flyout-box'))).toBe(false);
  });

  it('never grows a module over the story paragraphs after it', () => {
    // Prepare
    const related = `<section class="related-box"><h3>Lesen Sie auch</h3><ul><li><a href="/a">Another story</a></li></ul></section>`;
    const html = `<body><div class="page">${'<div class="rail"><a href="/x">Elsewhere on the site</a></div>'.repeat(80)}<div class="entry">${related}${STORY.repeat(3)}</div></div></body>`;

    // Act
    const classes = chromeClasses(html);

    // Assess
    expect(classes).toContain('related-box');
    expect(classes).not.toContain('entry');
  });
});
