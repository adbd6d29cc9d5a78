/** The HTML reader: a saved web page, one entry, read whole. */
import { parseHtml } from '../parsers/html/index.ts';
import type { WholeReader } from '../types.ts';
import { wholeFilePlace } from './place.ts';

/** A web page: its main content and metadata, as one article. */
export const htmlReader: WholeReader<'html'> = {
  format: 'html',
  streamed: false,
  readWhole(text, ctx) {
    ctx.entries.entry(wholeFilePlace(ctx, 'html'), () => ({
      draft: parseHtml(text, ctx.limits),
      steps: 'html',
    }));
  },
};
