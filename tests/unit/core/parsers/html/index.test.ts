import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../../../../functions/core/parsers/html/index.ts';

const STORY = [
  'The council approved the new harbour plan on Tuesday, after a debate that lasted well into the evening and drew a full public gallery.',
  'Engineers say the work, which starts in May, will protect three hundred homes from winter storms, and that the old wall will stay in place.',
  'Residents who objected to the height of the new barrier have been offered a second consultation, the council said after the vote.',
]
  .map((p) => `<p>${p}</p>`)
  .join('');

/** A blog page: the site's header above the story in `<main>`. */
function page(header: string, beforeStory = ''): string {
  return `<!doctype html><html lang="en"><head><title>Harbour plan approved</title></head><body>${header}<main><article><header><h1>Harbour plan approved</h1>${beforeStory}</header><div class="article-body">${STORY}</div></article></main></body></html>`;
}

/** A story page whose article body is `body`. */
function storyPage(body: string): string {
  return `<!doctype html><html lang="en"><head><title>Harbour plan approved</title></head><body><main><article><header><h1>Harbour plan approved</h1></header><div class="article-body">${body}</div></article></main></body></html>`;
}

describe('Function: parseHtml', () => {
  it("does not take the site's tagline for the standfirst", () => {
    // Prepare
    const html = page(
      '<header class="site-header"><div class="site-branding"><p class="site-title"><a href="/">Harbour Notes</a></p><p class="site-description">Thoughts on tides and towns</p></div></header>'
    );

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.standfirst).toBeUndefined();
  });

  it('does not take a figure caption for the standfirst', () => {
    // Prepare
    const html = page(
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
    const html = page(
      '<nav class="breadcrumbs"><div class="summary">Home › News › Harbour</div></nav>'
    );

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.standfirst).toBeUndefined();
  });

  it('still takes the dek under the headline', () => {
    // Prepare
    const html = page(
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

  it('gives a figure printed twice one image, and its caption no paragraph', () => {
    // Prepare
    const caption = 'The old wall at low tide, seen from the quay.';
    const figure = (src: string) =>
      `<figure><img src="${src}" alt=""><figcaption>${caption}</figcaption></figure>`;
    const html = page(
      '',
      `${figure('/wall.jpg')}<div class="lightbox">${figure('/wall-large.jpg')}<p>${caption}</p></div>`
    );

    // Act
    const draft = parseHtml(html);

    // Assess
    expect(draft.images.filter((i) => i.caption === caption)).toHaveLength(1);
    expect(draft.body.map((b) => b.text)).not.toContain(caption);
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
