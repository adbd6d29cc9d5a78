/**
 * The format readers, one row per format: the one table that says how
 * each format is read.
 *
 * A reader is a strategy of one shape (`FormatReader` in `types.ts`):
 * either `streamed`, with `stream(ctx)` taking the decoded text as it
 * arrives, or read whole, with `readWhole(text, ctx)` taking it at the
 * end. The file parser's sinks look a detected format up here, and
 * {@link STREAMED_FORMATS} is derived from it, never kept beside it.
 * Adding a format is a reader module in this folder, a row here, and its
 * name in `FORMATS` (`article.ts`); the type of {@link READERS} refuses a
 * format without a reader, or a reader filed under another format.
 */
import { FORMATS, type Format } from '../article.ts';
import type { FormatReader } from '../types.ts';
import { atomReader, rssReader } from './feed.ts';
import { htmlReader } from './html.ts';
import { jsonReader } from './json.ts';
import { jsonLinesReader } from './jsonl.ts';
import { markdownReader } from './markdown.ts';
import { textReader } from './text.ts';

/** Every format's reader, by format. */
export const READERS = {
  text: textReader,
  html: htmlReader,
  markdown: markdownReader,
  json: jsonReader,
  jsonl: jsonLinesReader,
  rss: rssReader,
  atom: atomReader,
} as const satisfies { readonly [F in Format]: FormatReader<F> };

/**
 * The formats read as streams (JSON Lines, RSS, Atom): the files that
 * list many entries by their nature.
 */
export const STREAMED_FORMATS: ReadonlySet<Format> = new Set(
  FORMATS.filter((format) => READERS[format].streamed)
);
