/**
 * Builders of multi-article files for tests and benchmarks: JSON Lines,
 * RSS and zip archives of generated articles. Each article's text is
 * distinct (its number is in every paragraph), so no two hash alike.
 */
import { zipSync } from 'fflate';

const PARAGRAPHS = [
  'The council voted on Tuesday to close the branch library on Harbour Street, citing a budget gap that officers put at two million pounds over three years.',
  'Residents who packed the public gallery said they would appeal the decision, and a petition signed by more than four thousand people was handed to the mayor.',
  'The library opened in 1931 and was paid for by a subscription among dock workers, a history that campaigners said the council had chosen to ignore.',
  'Officers said the books and the local history archive would move to the central library, and that a mobile service would visit the ward twice a week.',
];

/** The title of generated article `n`. */
export function articleTitle(n: number): string {
  return `Council report number ${n} on the Harbour Street library`;
}

/** Paragraphs of generated article `n`. */
export function articleParagraphs(n: number): string[] {
  return PARAGRAPHS.map((p) => `${p} (Report ${n}.)`);
}

/** One JSON Lines record for article `n`. */
export function jsonLine(
  n: number,
  extra: Record<string, unknown> = {}
): string {
  return JSON.stringify({
    title: articleTitle(n),
    url: `https://gazette.example/news/${n}`,
    author: 'Morwenna Hale',
    published: '2024-03-05T08:30:00Z',
    body: articleParagraphs(n).join('\n\n'),
    ...extra,
  });
}

/** A JSON Lines file of articles `from`…`to - 1`. */
export function jsonLines(from: number, to: number): string {
  const lines: string[] = [];
  for (let n = from; n < to; n++) lines.push(jsonLine(n));
  return `${lines.join('\n')}\n`;
}

/** An RSS 2.0 feed of articles `from`…`to - 1`, full text in content:encoded. */
export function rssFeed(from: number, to: number): string {
  const items: string[] = [];
  for (let n = from; n < to; n++) {
    const html = articleParagraphs(n)
      .map((p) => `<p>${p}</p>`)
      .join('');
    items.push(`<item>
  <title>${articleTitle(n)}</title>
  <link>https://gazette.example/feed/${n}</link>
  <dc:creator>Tomasz Nowak</dc:creator>
  <pubDate>Tue, 05 Mar 2024 08:30:00 +0000</pubDate>
  <content:encoded><![CDATA[${html}]]></content:encoded>
</item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>The Coastal Courier</title>
<link>https://gazette.example/</link>
<language>en-gb</language>
${items.join('\n')}
</channel>
</rss>
`;
}

/** A zip archive of the given files (path → content). */
export function zipOf(
  files: Readonly<Record<string, string | Uint8Array>>
): Uint8Array {
  const encoded: Record<string, Uint8Array> = {};
  for (const [path, content] of Object.entries(files)) {
    encoded[path] =
      typeof content === 'string' ? new TextEncoder().encode(content) : content;
  }
  return zipSync(encoded, { level: 6 });
}
