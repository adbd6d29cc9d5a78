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
});
