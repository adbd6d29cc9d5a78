/** The plain-text reader: a scraped article, one entry, read whole. */
import { parseText } from '../parsers/text.ts';
import type { WholeReader } from '../types.ts';
import { wholeFilePlace } from './place.ts';

/** Plain text (anything no other format claims): one article. */
export const textReader: WholeReader<'text'> = {
  format: 'text',
  streamed: false,
  readWhole(text, ctx) {
    ctx.entries.entry(wholeFilePlace(ctx, 'text'), () => ({
      draft: parseText(text),
      steps: 'text',
    }));
  },
};
