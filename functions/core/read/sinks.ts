/**
 * The sinks a file's bytes flow through once sniffed.
 *
 * - {@link FileSink} holds the first bytes, sniffs them (`sniff.ts`) and
 *   hands everything on to the sink they call for: gzip, zip, or text;
 * - {@link DecodingSink} decodes a streamed format's bytes as they arrive
 *   and feeds its reader;
 * - {@link WholeSink} buffers a file read whole, decodes it with full
 *   charset detection (`decode.ts`) and hands the text to its reader.
 * Which text formats stream and which are read whole is the readers'
 * table's to say (`formats/index.ts`).
 */
import type { FileFormat } from '../article.ts';
import { decodeText } from '../decode.ts';
import { detectFormat } from '../detect.ts';
import { InputRejectedError } from '../errors.ts';
import { READERS } from '../formats/index.ts';
import type { ByteSink, ReadContext, TextSink } from '../types.ts';
import { GunzipSink } from './gzip.ts';
import { concat, containerOf, SNIFF_BYTES, streamCharset } from './sniff.ts';
import { ZipSink } from './zip.ts';

/**
 * Nothing but white space and invisible characters (what `normaliseString`
 * would reduce to ''). A regex that stops at the first visible character,
 * instead of normalising a whole page only to compare it with ''.
 */
const BLANK =
  /^[\s\p{Cc}\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]*$/u;

/** Chooses how to read a file from its first bytes, then passes them on. */
export class FileSink implements ByteSink {
  readonly #ctx: ReadContext;
  #head: Uint8Array[] = [];
  #headBytes = 0;
  #next: ByteSink | undefined;

  public constructor(ctx: ReadContext) {
    this.#ctx = ctx;
    // A JSON Lines file resumed at a byte offset: nothing to sniff (the
    // bytes start mid-file), and only UTF-8 JSON Lines is ever resumed so.
    if (ctx.resume) {
      this.#next = new DecodingSink('utf-8', READERS.jsonl.stream(ctx));
    }
  }

  public get format(): FileFormat | undefined {
    return this.#next?.format;
  }

  /**
   * Whether the file is JSON Lines in UTF-8, not compressed: each line
   * then starts after a newline byte (a UTF-8 multi-byte sequence never
   * holds one), and a next run may resume there with a ranged read.
   */
  public get resumableByLine(): boolean {
    const next = this.#next;
    return (
      next instanceof DecodingSink &&
      next.charset === 'utf-8' &&
      next.format === 'jsonl'
    );
  }

  public position(): string {
    return this.#next?.position() ?? this.#ctx.location;
  }

  public write(chunk: Uint8Array): void {
    if (this.#next) {
      this.#next.write(chunk);
      return;
    }
    this.#head.push(chunk);
    this.#headBytes += chunk.length;
    if (this.#headBytes >= SNIFF_BYTES) this.#choose();
  }

  public end(): void {
    if (!this.#next) this.#choose();
    this.#next?.end();
  }

  #choose(): void {
    const head = concat(this.#head, this.#headBytes);
    this.#head = [];
    const ctx = this.#ctx;
    const container = containerOf(head);
    if (container && ctx.depth >= ctx.limits.maxArchiveDepth) {
      throw new InputRejectedError(
        'too-large',
        `archive nested ${ctx.depth + 1} deep; archives may nest ${ctx.limits.maxArchiveDepth} deep at most`
      );
    }
    if (container === 'gzip') {
      this.#next = new GunzipSink(ctx, openFile);
    } else if (container === 'zip') {
      this.#next = new ZipSink(ctx, openFile);
    } else {
      this.#next = textSink(ctx, head);
    }
    if (head.length > 0) this.#next.write(head);
  }
}

/** What archives open for the files they hold: a file sink, one level down. */
function openFile(ctx: ReadContext): ByteSink {
  return new FileSink(ctx);
}

/** The sink for text: streamed when its reader streams, else whole. */
function textSink(ctx: ReadContext, head: Uint8Array): ByteSink {
  const charset = streamCharset(head);
  const sniffed = new TextDecoder(charset).decode(head);
  const format = detectFormat(sniffed, {
    key: ctx.hintKey,
    contentType: ctx.contentType,
  });
  const reader = READERS[format];
  return reader.streamed
    ? new DecodingSink(charset, reader.stream(ctx))
    : new WholeSink(ctx);
}

/** Bytes → text with a streaming decoder → a streamed format's reader. */
export class DecodingSink implements ByteSink {
  readonly #decoder: InstanceType<typeof TextDecoder>;
  readonly #text: TextSink;
  /** The charset, as the decoder names it. */
  public readonly charset: string;

  public constructor(charset: string, text: TextSink) {
    this.#decoder = new TextDecoder(charset);
    this.#text = text;
    this.charset = this.#decoder.encoding;
  }

  public get format(): FileFormat | undefined {
    return this.#text.format;
  }

  public position(): string {
    return this.#text.position();
  }

  public write(chunk: Uint8Array): void {
    this.#text.write(this.#decoder.decode(chunk, { stream: true }));
  }

  public end(): void {
    this.#text.write(this.#decoder.decode());
    this.#text.end();
  }
}

/**
 * A file read whole: buffered within the input limit, then decoded with
 * full charset detection and read by its format's reader.
 */
export class WholeSink implements ByteSink {
  readonly #ctx: ReadContext;
  #chunks: Uint8Array[] = [];
  #bytes = 0;
  #format: FileFormat | undefined;
  #inner: TextSink | undefined;

  public constructor(ctx: ReadContext) {
    this.#ctx = ctx;
  }

  public get format(): FileFormat | undefined {
    return this.#format;
  }

  public position(): string {
    return this.#inner?.position() ?? this.#ctx.location;
  }

  public write(chunk: Uint8Array): void {
    this.#bytes += chunk.length;
    const { limits, gzipped, sizeBytes } = this.#ctx;
    if (gzipped && this.#bytes > limits.maxDecompressedBytes) {
      throw new InputRejectedError(
        'too-large',
        `gzip content expands beyond ${limits.maxDecompressedBytes} bytes, the decompressed size limit`
      );
    }
    if (!gzipped && this.#bytes > limits.maxInputBytes) {
      throw new InputRejectedError(
        'too-large',
        `file is ${sizeBytes ?? `more than ${limits.maxInputBytes}`} bytes; the limit is ${limits.maxInputBytes} bytes`
      );
    }
    this.#chunks.push(chunk);
  }

  public end(): void {
    const bytes = concat(this.#chunks, this.#bytes);
    this.#chunks = [];
    const ctx = this.#ctx;
    const text = readWholeText(bytes, ctx);
    const format = detectFormat(text, {
      key: ctx.hintKey,
      contentType: ctx.contentType,
    });
    this.#format = format;
    const reader = READERS[format];
    if (!reader.streamed) {
      reader.readWhole(text, ctx);
      return;
    }
    // Detection on the whole text found a streamed format the first bytes
    // did not show (e.g. UTF-16 without a BOM): read it now, in one piece.
    this.#inner = reader.stream(ctx);
    this.#inner.write(text);
    this.#inner.end();
    this.#format = this.#inner.format ?? format;
  }
}

/**
 * Decodes a whole file's bytes: empty and blank files, binary content and
 * the text-length limit are rejected here, with the charset rules of
 * `decode.ts`.
 */
function readWholeText(bytes: Uint8Array, ctx: ReadContext): string {
  if (bytes.length === 0) {
    throw new InputRejectedError('empty', 'file is empty (0 bytes)');
  }
  const { text } = decodeText(bytes, ctx.contentType);
  if (text.length > ctx.limits.maxTextChars) {
    throw new InputRejectedError(
      'too-large',
      `decoded text is ${text.length} characters; the limit is ${ctx.limits.maxTextChars}`
    );
  }
  if (BLANK.test(text)) {
    throw new InputRejectedError(
      'empty',
      `file holds only white space (${bytes.length} bytes)`
    );
  }
  return text;
}
