/**
 * The JSON reader: one JSON value, read whole. An object is one entry; a
 * list (or an object wrapping one, as a JSON Feed's `items`) is one entry
 * per element, located as `item 3`.
 */
import { tooManyEntries } from '../entries.ts';
import { InputRejectedError } from '../errors.ts';
import {
  cutJsonListing,
  jsonEntries,
  jsonEntryDraft,
  parseJsonText,
} from '../parsers/json.ts';
import type { WholeReader } from '../types.ts';
import { listedPlace, wholeFilePlace } from './place.ts';

/** A JSON file: one article per object it holds. */
export const jsonReader: WholeReader<'json'> = {
  format: 'json',
  streamed: false,
  readWhole(text, ctx) {
    const max = ctx.limits.maxFileEntries;
    const listing = cutJsonListing(text, max);
    const { entries, many } = jsonEntries(parseJsonText(listing.text, 'file'));
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
    if (listing.cut && entries.length >= max) {
      const location = listedPlace(ctx, 'json', 'item', max).location;
      ctx.entries.stop(location, tooManyEntries(max).toRejection());
    }
  },
};
