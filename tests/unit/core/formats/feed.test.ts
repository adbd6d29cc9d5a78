/** The feed readers: one entry per item, located by item, kind by root. */
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../../functions/core/index.ts';
import { rssFeed } from '../../../support/formats.ts';
import { articles, rejection, utf8 } from '../helpers.ts';

describe('Reader: RSS and Atom', () => {
  it('locates a failed item by its number and keeps the others', () => {
    // Prepare: the second item has no text.
    const broken = rssFeed(0, 3).replace(
      /(<item>[\s\S]*?<\/item>\s*<item>[\s\S]*?)<content:encoded>[\s\S]*?<\/content:encoded>/u,
      '$1'
    );

    // Act
    const result = parseFile(utf8(broken), { key: 'f.xml' });

    // Assess
    expect(articles(result)).toHaveLength(2);
    expect(result.ok && result.problems.map((p) => p.location)).toEqual([
      'item 2',
    ]);
  });

  it('takes the kind from the root element', () => {
    // Prepare
    const atom = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><entry><title>One entry of the Atom feed</title><content type="html">${[1, 2, 3, 4].map((n) => `&lt;p&gt;Paragraph ${n} of the entry, with words enough to read as prose.&lt;/p&gt;`).join('')}</content></entry></feed>`;

    // Act
    const result = parseFile(utf8(atom), { key: 'f.atom' });

    // Assess
    expect(result.ok && result.format).toBe('atom');
    expect(articles(result)[0]?.origin.format).toBe('atom');
  });

  it.each([
    ['RSS', '<rss><channel><title>Empty</title></channel></rss>'],
    [
      'Atom',
      '<feed xmlns="http://www.w3.org/2005/Atom"><title>E</title></feed>',
    ],
  ])('rejects an %s feed with no items', (kind, xml) => {
    // Act
    const result = parseFile(utf8(xml), { key: 'f.xml' });

    // Assess
    expect(rejection(result)).toEqual({
      code: 'not-an-article',
      message: `${kind} feed holds no items`,
    });
  });
});
