/**
 * The JSON reader: one JSON value, read whole. An object is one entry; a
 * list (or an object wrapping one, as a JSON Feed's `items`) is one entry
 * per element, located as `item 3`.
 */
import { InputRejectedError } from '../errors.ts';
import { jsonEntries, jsonEntryDraft, parseJsonText } from '../parsers/json.ts';
import type { WholeReader } from '../types.ts';
import { listedPlace, wholeFilePlace } from './place.ts';

/** A JSON file: one article per object it holds. */
export const jsonReader: WholeReader<'json'> = {
  format: 'json',
  streamed: false,
  readWhole(text, ctx) {
    const { entries, many } = jsonEntries(parseJsonText(text, 'file'));
    if (!many) {
      ctx.entries.entry(wholeFilePlace(ctx, 'json'), () =>
        jsonEntryDraft(entries[0], ctx.limits)
      );
      return;
    }
    if (entries.length === 0) {
      throw new InputRejectedError('empty', 'JSON file holds an empty list');
    }
    entries.forEach((entry, index) => {
      ctx.entries.entry(listedPlace(ctx, 'json', 'item', index), () =>
        jsonEntryDraft(entry, ctx.limits)
      );
    });
  },
};
