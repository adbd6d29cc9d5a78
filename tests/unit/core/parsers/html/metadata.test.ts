import { describe, expect, it } from 'vitest';
import { parseDom } from '../../../../../functions/core/parsers/html/dom.ts';
import { readMetadata } from '../../../../../functions/core/parsers/html/metadata.ts';

describe('Function: readMetadata', () => {
  it.each(['Published on', 'Veröffentlicht am', 'Publié le', 'Publicado el'])(
    'takes the dateline "%s <date>" whole',
    (label) => {
      // Prepare
      const html = `<html><body><article><span class="posted-on">${label} <time datetime="2024-05-08">8 May 2024</time></span><p>The story.</p></article></body></html>`;

      // Act
      const meta = readMetadata(parseDom(html));

      // Assess
      const tags = [...meta.metaElements].map((e) => e.tag);
      expect(meta.publishedAt).toBe('2024-05-08');
      expect(tags).toContain('span');
    }
  );

  it('leaves the line of a date inside prose', () => {
    // Prepare
    const html =
      '<html><body><p>The vote on <time datetime="2024-05-08">8 May</time> was close.</p></body></html>';

    // Act
    const meta = readMetadata(parseDom(html));

    // Assess
    const tags = [...meta.metaElements].map((e) => e.tag);
    expect(tags).toEqual(['time']);
  });

  it('reads what the page declares it is', () => {
    // Prepare
    const html =
      '<html><head><meta property="og:type" content="Product"><script type="application/ld+json">{"@graph":[{"@type":"WebSite"},{"@type":["Product"]}]}</script></head><body></body></html>';

    // Act
    const meta = readMetadata(parseDom(html));

    // Assess
    expect(meta.ogType).toBe('product');
    expect(meta.declaredTypes).toEqual(['WebSite', 'Product']);
  });
});
