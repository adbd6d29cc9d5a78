import { describe, expect, it } from 'vitest';
import { toBlocks } from '../../../../../functions/core/parsers/html/blocks.ts';
import { parseDom } from '../../../../../functions/core/parsers/html/dom.ts';

/** The body texts of an HTML fragment. */
function texts(html: string): string[] {
  return toBlocks([parseDom(html).root]).body.map((b) => b.text);
}

describe('Function: toBlocks', () => {
  it('drops a tracking pixel that a page escaped into text', () => {
    // Prepare
    const html =
      '<noscript>&lt;img height="1" width="1" style="display:none" src="https://px.example/tr?id=1&amp;ev=PageView"/&gt;</noscript><p>The ferry leaves at six.</p>';

    // Act
    const body = texts(html);

    // Assess
    expect(body).toEqual(['The ferry leaves at six.']);
  });

  it('removes escaped tags and comments from a paragraph, keeping its words', () => {
    // Prepare
    const html =
      '<p>The ferry &lt;span class="x"&gt;leaves&lt;/span&gt; at six. &lt;!-- pixel --&gt;</p>';

    // Act
    const body = texts(html);

    // Assess
    expect(body).toEqual(['The ferry leaves at six.']);
  });

  it('drops a tracking pixel that a page escaped twice', () => {
    // Prepare: once unescaped, the text still reads `&lt;img …&gt;`.
    const html =
      '<p>&amp;lt;img height="1" width="1" src="https://px.example/tr?id=1"/&amp;gt;</p><p>The ferry leaves at six &amp;lt; seven.</p>';

    // Act
    const body = texts(html);

    // Assess
    expect(body).toEqual(['The ferry leaves at six &lt; seven.']);
  });

  it('keeps angle brackets that are no tag', () => {
    // Prepare
    const html =
      '<p>Prices rose 5% &lt;when the harvest failed&gt; and a &lt; b.</p>';

    // Act
    const body = texts(html);

    // Assess
    expect(body).toEqual([
      'Prices rose 5% <when the harvest failed> and a < b.',
    ]);
  });

  it('keeps markup in a code block', () => {
    // Prepare
    const html = '<pre>&lt;img src="logo.png"&gt;</pre>';

    // Act
    const body = toBlocks([parseDom(html).root]).body;

    // Assess
    expect(body).toEqual([{ type: 'code', text: '<img src="logo.png">' }]);
  });

  it('reads a list without items as a wrapper of its blocks', () => {
    // Prepare
    const html =
      '<ul class="slider"><div class="card"><p>Linen sheets</p><p>Cool and crisp</p></div></ul>';

    // Act
    const body = texts(html);

    // Assess
    expect(body).toEqual(['Linen sheets', 'Cool and crisp']);
  });

  it("reads a story's legend-classed block as a caption, and a card's as text", () => {
    // Prepare
    const html =
      '<p>The wall was finished in May.</p><div class="media-legend">The wall at low tide</div>';
    const root = parseDom(html).root;

    // Act
    const story = toBlocks([root], { story: true });
    const other = toBlocks([root]);

    // Assess
    expect(story.body.map((b) => b.text)).toEqual([
      'The wall was finished in May.',
    ]);
    expect(story.images).toEqual([{ caption: 'The wall at low tide' }]);
    expect(other.body.map((b) => b.text)).toContain('The wall at low tide');
  });

  it("moves a story's photo credit line to the images", () => {
    // Prepare
    const html =
      '<p>The wall was finished in May.</p><p>Foto: Jo Penrose</p><p>Photo: the wall at dusk, with the tide coming in over the old stones of the quay</p>';

    // Act
    const { body, images } = toBlocks([parseDom(html).root], { story: true });

    // Assess
    expect(body.map((b) => b.text)).toEqual([
      'The wall was finished in May.',
      'Photo: the wall at dusk, with the tide coming in over the old stones of the quay',
    ]);
    expect(images).toEqual([{ credit: 'Foto: Jo Penrose' }]);
  });

  it('gives a credit line to the picture above it', () => {
    // Prepare
    const html =
      '<figure><img src="/wall.jpg" alt="The wall"></figure><p>Foto: Jo Penrose</p><p>The wall was finished in May.</p>';

    // Act
    const { images } = toBlocks([parseDom(html).root], { story: true });

    // Assess
    expect(images).toEqual([
      { url: '/wall.jpg', alt: 'The wall', credit: 'Foto: Jo Penrose' },
    ]);
  });
});
