/**
 * The JSON Lines reader: one entry per line, streamed, each parsed as its
 * line ends. A line longer than `maxEntryChars` is not kept: it is a
 * problem, and reading resumes at the next line. Blank lines are no
 * entries, but count for the line numbers.
 */
import { InputRejectedError } from '../errors.ts';
import { jsonEntryDraft, parseJsonText } from '../parsers/json.ts';
import type { ReadContext, StreamedReader, TextSink } from '../types.ts';
import { listedLocation, listedPlace } from './place.ts';

/** JSON Lines: one article per line, as the lines arrive. */
export const jsonLinesReader: StreamedReader<'jsonl'> = {
  format: 'jsonl',
  streamed: true,
  stream: (ctx) => new JsonLinesSink(ctx),
};

/** Splits decoded text into lines and reads each as it ends. */
class JsonLinesSink implements TextSink {
  public readonly format = 'jsonl' as const;
  readonly #ctx: ReadContext;
  #partial = '';
  /** Lines ended so far. */
  #line = 0;
  #entries = 0;
  #overlong = false;

  public constructor(ctx: ReadContext) {
    this.#ctx = ctx;
    // Resumed at a byte offset: line numbers (and the ids made from them)
    // go on from there, and the entries before count against "empty".
    this.#line = ctx.resume?.line ?? 0;
    this.#entries = ctx.resume?.entries ?? 0;
  }

  public position(): string {
    return listedLocation(this.#ctx, 'line', this.#line);
  }

  public write(text: string): void {
    let start = 0;
    for (;;) {
      const newline = text.indexOf('\n', start);
      if (newline === -1) break;
      this.#take(text.slice(start, newline));
      start = newline + 1;
    }
    this.#keep(text.slice(start));
  }

  public end(): void {
    if (this.#partial || this.#overlong) this.#take('');
    if (this.#entries === 0) {
      throw new InputRejectedError(
        'empty',
        'JSON Lines file holds no entries, only blank lines'
      );
    }
  }

  /** Holds the start of a line until its end arrives, within the limit. */
  #keep(rest: string): void {
    if (this.#overlong) return;
    if (this.#partial.length + rest.length > this.#ctx.limits.maxEntryChars) {
      this.#overlong = true;
      this.#partial = '';
      return;
    }
    this.#partial += rest;
  }

  /** A complete line: the held start plus `tail`. */
  #take(tail: string): void {
    // The line counts as ended once its entry was admitted: a file limit
    // met at this line names this line.
    const index = this.#line;
    const { limits } = this.#ctx;
    const overlong =
      this.#overlong ||
      this.#partial.length + tail.length > limits.maxEntryChars;
    const line = overlong ? '' : this.#partial + tail;
    this.#partial = '';
    this.#overlong = false;
    if (overlong) {
      this.#entries++;
      this.#ctx.entries.problem(listedLocation(this.#ctx, 'line', index), {
        code: 'too-large',
        message: `line is longer than ${limits.maxEntryChars} characters, the limit for one entry`,
      });
      this.#line = index + 1;
      return;
    }
    if (line.trim()) {
      this.#entries++;
      this.#ctx.entries.entry(
        listedPlace(this.#ctx, 'jsonl', 'line', index),
        () => jsonEntryDraft(parseJsonText(line, 'line'), limits)
      );
    }
    this.#line = index + 1;
  }
}
