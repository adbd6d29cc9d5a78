/**
 * The feed readers: RSS 2.0, RSS 1.0 (RDF) and Atom, streamed, one entry
 * per item, each read as its end tag arrives (`parsers/feed.ts` does the
 * XML). RSS and Atom are two formats with one reader: the feed's root
 * element, not the sniffed head, settles which it is.
 */
import type { Format } from '../article.ts';
import { InputRejectedError } from '../errors.ts';
import { entryDraft } from '../parsers/entry-fields.ts';
import { type FeedKind, FeedReader } from '../parsers/feed.ts';
import type { ReadContext, StreamedReader, TextSink } from '../types.ts';
import { listedLocation, listedPlace } from './place.ts';

/** RSS (2.0 and RDF): one article per item, as the items arrive. */
export const rssReader: StreamedReader<'rss'> = feedReader('rss');
/** Atom: one article per entry, as the entries arrive. */
export const atomReader: StreamedReader<'atom'> = feedReader('atom');

function feedReader<F extends FeedKind>(format: F): StreamedReader<F> {
  return { format, streamed: true, stream: (ctx) => new FeedSink(ctx) };
}

/** Feeds decoded text to the XML reader and hands on each item. */
class FeedSink implements TextSink {
  readonly #ctx: ReadContext;
  readonly #reader: FeedReader;

  public constructor(ctx: ReadContext) {
    this.#ctx = ctx;
    this.#reader = new FeedReader(ctx.limits, (item) => {
      if ('error' in item) {
        ctx.entries.problem(
          listedLocation(ctx, 'item', item.index),
          item.error.toRejection()
        );
        return;
      }
      ctx.entries.entry(
        listedPlace(ctx, this.format ?? 'rss', 'item', item.index),
        () => entryDraft(item.fields, ctx.limits)
      );
    });
  }

  public get format(): Format | undefined {
    return this.#reader.kind;
  }

  public position(): string {
    return listedLocation(this.#ctx, 'item', this.#reader.items);
  }

  public write(text: string): void {
    this.#reader.write(text);
  }

  public end(): void {
    const kind = this.#reader.end();
    if (this.#reader.items === 0) {
      throw new InputRejectedError(
        'not-an-article',
        `${kind === 'atom' ? 'Atom' : 'RSS'} feed holds no items`
      );
    }
  }
}
