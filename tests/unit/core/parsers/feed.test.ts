/**
 * The feed parser: RSS and Atom items → entry fields, safe against
 * hostile XML.
 */
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../../functions/core/index.ts';
import { rssFeed } from '../../../support/formats.ts';
import { articles, rejection, utf8 } from '../helpers.ts';

describe('Function: parseFile on hostile XML', () => {
  it('does not expand a billion-laughs entity bomb', () => {
    // Prepare: ten levels of ten references, a billion "lol"s if expanded.
    const levels = Array.from({ length: 9 }, (_, i) => {
      const refs = `&lol${i};`.repeat(10);
      return `<!ENTITY lol${i + 1} "${refs}">`;
    }).join('\n');
    const feed = `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol0 "lol">
${levels}]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>&lol9;</title><link>https://x.example/a</link>
<description>The title of this item is a reference to an entity that would expand to a billion words if the parser read the document type definition.</description></item>
</channel></rss>`;
    const started = performance.now();

    // Act
    const [article] = articles(parseFile(utf8(feed), { key: 'lol.xml' }));

    // Assess
    expect(performance.now() - started).toBeLessThan(2000);
    expect(article?.title).toBe('&lol9;');
    expect(article?.text.length).toBeLessThan(500);
  });

  it('never reads an external entity (XXE)', () => {
    // Prepare
    const feed = `<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/hostname"><!ENTITY net SYSTEM "http://127.0.0.1:9/x">]>
<rss version="2.0"><channel><title>XXE</title>
<item><title>Secret: &xxe; &net;</title><link>https://x.example/b</link>
<description>An external entity in the title would read a file or fetch a URL if the parser resolved it; it must stay as written.</description></item>
</channel></rss>`;

    // Act
    const [article] = articles(parseFile(utf8(feed), { key: 'xxe.xml' }));

    // Assess
    expect(article?.title).toBe('Secret: &xxe; &net;');
  });

  it('stops reading XML nested 10,000 deep, keeping the items before it', () => {
    // Prepare
    const deep = `${'<x>'.repeat(10_000)}${'</x>'.repeat(10_000)}`;
    const feed = rssFeed(0, 2).replace(
      '</channel>',
      `<item><title>Deep</title><description>${deep}</description></item></channel>`
    );
    const started = performance.now();

    // Act
    const result = parseFile(utf8(feed), { key: 'deep.xml' });

    // Assess
    expect(performance.now() - started).toBeLessThan(2000);
    expect(articles(result)).toHaveLength(2);
    expect(result.ok && result.problems).toEqual([
      {
        location: 'item 3',
        code: 'malformed',
        message: expect.stringContaining('XML nests deeper than 64 elements'),
      },
    ]);
  });

  it('rejects a deeply nested document that has no item at all', () => {
    // Prepare
    const xml = `<?xml version="1.0"?><rss>${'<x>'.repeat(10_000)}`;

    // Act
    const result = parseFile(utf8(xml), { key: 'deep.xml' });

    // Assess
    expect(rejection(result).code).toBe('malformed');
  });
});
