/**
 * A generated JSON Lines file of distinct articles, for the benches that
 * stream one (`streaming`, `long-file`): written under a temp folder,
 * never committed.
 */
import { createWriteStream } from 'node:fs';
import { articleParagraphs, articleTitle } from '../support/formats.ts';

/**
 * Writes `count` distinct articles as JSON Lines, each line about
 * `lineBytes` long (the body padded with a numbered sentence).
 */
export async function writeJsonLines(
  path: string,
  count: number,
  lineBytes: number
): Promise<void> {
  const out = createWriteStream(path);
  const padding = 'The committee will publish its full findings in the spring.';
  for (let n = 0; n < count; n++) {
    let body = articleParagraphs(n).join('\n\n');
    while (body.length < lineBytes - 200) {
      body += `\n\n${padding} (Report ${n}.)`;
    }
    const line = `${JSON.stringify({
      title: articleTitle(n),
      url: `https://gazette.example/news/${n}`,
      author: 'Morwenna Hale',
      published: '2024-03-05T08:30:00Z',
      body,
    })}\n`;
    if (!out.write(line)) {
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve()))
  );
}
