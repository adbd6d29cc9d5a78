/** The Markdown reader: an article with front matter, one entry, read whole. */
import { parseMarkdown } from '../parsers/markdown.ts';
import type { WholeReader } from '../types.ts';
import { wholeFilePlace } from './place.ts';

/** A Markdown file (front matter and body): one article. */
export const markdownReader: WholeReader<'markdown'> = {
  format: 'markdown',
  streamed: false,
  readWhole(text, ctx) {
    ctx.entries.entry(wholeFilePlace(ctx, 'markdown'), () =>
      parseMarkdown(text, ctx.limits)
    );
  },
};
