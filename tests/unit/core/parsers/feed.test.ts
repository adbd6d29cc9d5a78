/**
 * The feed parser: RSS and Atom items → entry fields, safe against
 * hostile XML.
 */
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../../functions/core/index.ts';
import {
  DEFAULT_LIMITS,
  type FeedLimits,
} from '../../../../functions/core/limits.ts';
import {
  type FeedItem,
  FeedReader,
} from '../../../../functions/core/parsers/feed.ts';
import { rssFeed } from '../../../support/formats.ts';
import { articles, rejection, thrownRejection, utf8 } from '../helpers.ts';

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

/** Reads `xml` with a FeedReader, in chunks of `size` characters. */
function readFeed(xml: string, limits: FeedLimits = DEFAULT_LIMITS, size = 64) {
  const items: FeedItem[] = [];
  const reader = new FeedReader(limits, (item) => items.push(item));
  for (let at = 0; at < xml.length; at += size) {
    reader.write(xml.slice(at, at + size));
  }
  return { kind: reader.end(), items, count: reader.items };
}

/** The fields of an item that must have been read. */
function fieldsOf(item: FeedItem | undefined) {
  if (!item || 'error' in item) throw new Error('expected an item');
  return item.fields;
}

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>The Coastal Courier</title>
  <language>en-gb</language>
  <item>
    <title>Harbour &amp; library</title>
    <link>https://courier.example/harbour?utm_source=rss</link>
    <guid isPermaLink="false">id-1</guid>
    <author>desk@courier.example (Morwenna Hale)</author>
    <dc:creator>By Tomasz Nowak and Ann Lee</dc:creator>
    <pubDate>Tue, 05 Mar 2024 08:30:00 +0000</pubDate>
    <category>Local</category>
    <category>Libraries</category>
    <description>The council voted…</description>
    <content:encoded><![CDATA[<p>The council voted on Tuesday.</p>]]></content:encoded>
    <media:content url="https://courier.example/a.jpg" medium="image">
      <media:description>The library</media:description>
      <media:credit>Jo Bloggs/PA</media:credit>
    </media:content>
  </item>
  <item>
    <title>Second</title>
    <guid>https://courier.example/second</guid>
    <source url="https://wire.example/">Wire Service</source>
    <description>Only a description.</description>
  </item>
</channel>
</rss>`;

const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de-DE">
  <title>Ein Blog</title>
  <entry>
    <title>Eintrag</title>
    <link rel="self" href="https://blog.example/feed/1"/>
    <link rel="alternate" href="https://blog.example/1"/>
    <id>urn:uuid:1</id>
    <author><name>Max Muster</name></author>
    <published>2024-02-01T10:00:00Z</published>
    <updated>2024-02-02T10:00:00Z</updated>
    <category term="Technik"/>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Erster &amp; <b>fett</b></p><br/></div></content>
  </entry>
</feed>`;

describe('Class: FeedReader', () => {
  it('maps an RSS item to entry fields, the channel giving publisher and language', () => {
    // Act
    const { kind, items } = readFeed(RSS);

    // Assess
    expect(kind).toBe('rss');
    expect(items.map((item) => item.index)).toEqual([0, 1]);
    expect(fieldsOf(items[0])).toEqual({
      title: 'Harbour & library',
      url: 'https://courier.example/harbour',
      authors: ['Morwenna Hale', 'Tomasz Nowak', 'Ann Lee'],
      publishedAt: '2024-03-05T08:30:00Z',
      modifiedAt: undefined,
      content: '<p>The council voted on Tuesday.</p>',
      description: 'The council voted…',
      publisher: 'The Coastal Courier',
      language: 'en',
      images: [
        {
          url: 'https://courier.example/a.jpg',
          caption: 'The library',
          credit: 'Jo Bloggs/PA',
        },
      ],
      tags: ['Local', 'Libraries'],
    });
  });

  it('takes a permalink guid as the URL, and an item’s own source as publisher', () => {
    // Act
    const second = fieldsOf(readFeed(RSS).items[1]);

    // Assess
    expect(second.url).toBe('https://courier.example/second');
    expect(second.publisher).toBe('Wire Service');
    expect(second.content).toBeUndefined();
    expect(second.description).toBe('Only a description.');
  });

  it('maps an Atom entry: the alternate link, author name, dates, XHTML content', () => {
    // Act
    const { kind, items } = readFeed(ATOM, DEFAULT_LIMITS, 7);
    const fields = fieldsOf(items[0]);

    // Assess
    expect(kind).toBe('atom');
    expect(fields.url).toBe('https://blog.example/1');
    expect(fields.authors).toEqual(['Max Muster']);
    expect(fields.publishedAt).toBe('2024-02-01T10:00:00Z');
    expect(fields.modifiedAt).toBe('2024-02-02T10:00:00Z');
    expect(fields.content).toBe(
      '<div xmlns="http://www.w3.org/1999/xhtml"><p>Erster &amp; <b>fett</b></p><br></div>'
    );
    expect(fields.language).toBe('de');
    expect(fields.publisher).toBe('Ein Blog');
    expect(fields.tags).toEqual(['Technik']);
  });

  it('hands on each item as soon as its end tag is read', () => {
    // Prepare
    const items: FeedItem[] = [];
    const reader = new FeedReader(DEFAULT_LIMITS, (item) => items.push(item));
    const cut = RSS.indexOf('<item>', RSS.indexOf('</item>'));

    // Act
    reader.write(RSS.slice(0, cut));
    const afterFirst = items.length;
    reader.write(RSS.slice(cut));
    reader.end();

    // Assess
    expect(afterFirst).toBe(1);
    expect(items).toHaveLength(2);
  });

  it('reports an item over maxEntryChars as too large, without keeping it', () => {
    // Act
    const { items } = readFeed(RSS, { ...DEFAULT_LIMITS, maxEntryChars: 300 });

    // Assess
    const first = items[0];
    expect(first && 'error' in first && first.error.toRejection()).toEqual({
      code: 'too-large',
      message: 'item holds more than 300 characters, the limit for one entry',
    });
    expect(fieldsOf(items[1]).title).toBe('Second');
  });

  it('stops at XML nested deeper than maxXmlDepth', () => {
    // Act
    const rejection = thrownRejection(() =>
      readFeed(RSS, { ...DEFAULT_LIMITS, maxXmlDepth: 3 })
    );

    // Assess
    expect(rejection).toEqual({
      code: 'malformed',
      message:
        'XML nests deeper than 3 elements (at <title>); feeds nest a few levels, so the rest of the file is not read',
    });
  });

  it('rejects XML that is no feed, and text with no root element', () => {
    // Act
    const svg = thrownRejection(() =>
      readFeed('<?xml version="1.0"?><svg><g/></svg>')
    );
    const none = thrownRejection(() => readFeed('<?xml version="1.0"?>'));

    // Assess
    expect(svg).toEqual({
      code: 'unsupported-format',
      message:
        'XML document with root element <svg> is neither an RSS nor an Atom feed',
    });
    expect(none).toEqual({
      code: 'malformed',
      message: 'content looks like XML but has no root element',
    });
  });
});
