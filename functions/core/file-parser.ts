/**
 * FileParser: a file's bytes, pushed in chunks → articles as they appear.
 *
 * ```
 * chunks → sniff ─┬─ gzip ──► gunzip (fflate) ──► sniff (one level down)
 *                 ├─ zip ───► entries (fflate) ─► sniff, per entry
 *                 ├─ JSON Lines, RSS, Atom ─► decode ─► entries as they end
 *                 └─ anything else ─► buffer ─► whole-file parse at the end
 * ```
 * Multi-article formats are read as streams: a JSON Lines line or a feed
 * item becomes an article as soon as its last byte arrives, so memory
 * follows the largest entry, not the file (see the `streaming` bench).
 * Formats that are one article (text, HTML, Markdown) or one JSON value
 * are buffered, within `maxInputBytes`, and parsed whole at the end, as
 * they always were.
 *
 * Pure: chunks in, data out, no I/O. `parseFile` pushes one chunk; the
 * ingest function pushes an S3 object's body as it downloads and stores
 * each batch of articles before reading on. Nothing escapes `push` or
 * `end`: a file-level failure becomes the file's rejection (before any
 * entry) or a problem at its location (after some), and parsing stops.
 */
import {
  Gunzip,
  Unzip,
  type UnzipFile,
  UnzipInflate,
  UnzipPassThrough,
} from 'fflate';
import type { FileFormat, Format } from './article.ts';
import { decodeText } from './decode.ts';
import { detectFormat } from './detect.ts';
import { EntryEmitter, rejectionOf } from './entries.ts';
import { InputRejectedError, type Rejection } from './errors.ts';
import {
  type ResolvedLimits,
  resolveLimits,
  ZIP_RATIO_MIN_BYTES,
} from './limits.ts';
import { entryDraft } from './parsers/entry-fields.ts';
import { FeedReader } from './parsers/feed.ts';
import { parseHtml } from './parsers/html/index.ts';
import { jsonEntries, jsonEntryDraft } from './parsers/json.ts';
import { parseMarkdown } from './parsers/markdown.ts';
import { parseText } from './parsers/text.ts';
import { resetTextMemo } from './text.ts';
import type {
  FileMeta,
  FileParserOptions,
  ParseEnd,
  ParseProgress,
} from './types.ts';

/** Bytes read before a format is chosen. */
const SNIFF_BYTES = 4096;
/**
 * Compressed bytes handed to a decompressor at once. Deflate inflates at
 * most ~1,032 times, so a push inflates at most ~16 MiB, however small
 * the file and whatever it holds.
 */
const INFLATE_SLICE_BYTES = 16 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b] as const;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04] as const;
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06] as const;
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const UTF16LE_BOM = [0xff, 0xfe] as const;
const UTF16BE_BOM = [0xfe, 0xff] as const;
const XML_ENCODING = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/iu;
const GZ_EXTENSION = /\.gz$/iu;
/** Zip entries that are operating-system litter, not files people added. */
const ZIP_LITTER = /(?:^|\/)(?:__MACOSX\/|\.[^/]*$|Thumbs\.db$)/u;
/** Entry paths that would escape a folder: absolute, drive, `..`, `\`. */
const UNSAFE_ENTRY_PATH = /^(?:\/|[a-z]:)|(?:^|\/)\.\.(?:\/|$)|\\|\0/iu;
/** Formats read as streams; every other format is parsed whole. */
const STREAMED_FORMATS: ReadonlySet<Format> = new Set(['jsonl', 'rss', 'atom']);

/** What every sink of one file shares. */
interface FileContext {
  readonly emitter: EntryEmitter;
  readonly limits: ResolvedLimits;
  readonly meta: FileMeta;
  /** Key used for detection hints (an entry's own name inside a zip). */
  readonly hintKey: string | undefined;
  readonly contentType: string | undefined;
  /** Archives this file is inside (gzip and zip layers). */
  readonly depth: number;
  /** Location prefix of its entries: '' or `entry a/b.jsonl, `. */
  readonly prefix: string;
  /** Path inside a zip, for `origin.entry`. */
  readonly archivePath: string | undefined;
  /** The bytes were gzip-compressed. */
  readonly gzipped: boolean;
  /** Total size if known (for messages). */
  readonly sizeBytes: number | undefined;
}

/** A stage that takes bytes. Throws InputRejectedError for file-level faults. */
interface ByteSink {
  write(chunk: Uint8Array): void;
  end(): void;
  /** The format chosen, once known. */
  readonly format: FileFormat | undefined;
  /** Where the reading is, for a problem: `line 12`, `item 3`. */
  position(): string;
}

/**
 * Parses one file from chunks of its bytes.
 *
 * @example
 * ```ts
 * const parser = new FileParser({ key: 'feeds/news.xml' });
 * for await (const chunk of body) save(parser.push(chunk).articles);
 * const last = parser.end();
 * ```
 */
export class FileParser {
  readonly #emitter: EntryEmitter;
  readonly #limits: ResolvedLimits;
  readonly #root: FileSink;
  #bytes = 0;
  #failure: Rejection | undefined;
  #ended = false;

  public constructor(meta: FileMeta = {}, options: FileParserOptions = {}) {
    this.#limits = resolveLimits(options.limits);
    this.#emitter = new EntryEmitter(
      meta,
      this.#limits,
      options.skipEntries ?? 0
    );
    resetTextMemo();
    this.#root = new FileSink({
      emitter: this.#emitter,
      limits: this.#limits,
      meta,
      hintKey: meta.key,
      contentType: meta.contentType,
      depth: 0,
      prefix: '',
      archivePath: undefined,
      gzipped: false,
      sizeBytes: meta.sizeBytes,
    });
  }

  /** Entries met so far, skipped ones included: where a next run resumes. */
  public get entries(): number {
    return this.#emitter.seen;
  }

  /** The file's format, once known. */
  public get format(): FileFormat | undefined {
    return this.#root.format;
  }

  /** Reads more bytes; returns the articles and problems they completed. */
  public push(chunk: Uint8Array): ParseProgress {
    if (this.#failure || this.#ended) return this.#emitter.drain();
    this.#bytes += chunk.length;
    this.#guard(() => {
      const max = this.#limits.maxStreamBytes;
      if (this.#bytes > max) {
        throw new InputRejectedError(
          'too-large',
          `file is more than ${max} bytes; the limit for a streamed file is ${max} bytes`
        );
      }
      this.#root.write(chunk);
    });
    return this.#emitter.drain();
  }

  /** Finishes the file: the last articles, and whether it was rejected. */
  public end(): ParseEnd {
    if (!this.#ended && !this.#failure) this.#guard(() => this.#root.end());
    this.#ended = true;
    const { articles, problems } = this.#emitter.drain();
    const format = this.#root.format;
    const withFormat = format ? { format } : {};
    if (this.#failure) {
      return {
        ok: false,
        ...withFormat,
        rejection: this.#failure,
        articles,
        problems,
      };
    }
    const emitter = this.#emitter;
    if (emitter.articleCount === 0 && emitter.skip === 0) {
      // A file that is one entry: its problem is the file's rejection.
      const only = problems.length === 1 && problems[0]?.location === '';
      if (only && problems[0]) {
        const { code, message } = problems[0];
        return {
          ok: false,
          ...withFormat,
          rejection: { code, message },
          articles,
          problems: [],
        };
      }
      const first = problems[0];
      if (first) {
        const rejection: Rejection = {
          code: first.code,
          message: `none of the ${emitter.problemCount} entries became an article; ${first.location}: ${first.message}`,
        };
        return { ok: false, ...withFormat, rejection, articles, problems };
      }
    }
    return { ok: true, format: format ?? 'text', articles, problems };
  }

  /**
   * Runs a step; a file-level fault is the file's rejection if no entry
   * was met yet, else a problem at the current position, and either way
   * the end of reading.
   */
  #guard(step: () => void): void {
    try {
      step();
    } catch (error) {
      const rejection = rejectionOf(error, this.#root.format ?? 'file');
      if (this.#emitter.seen === 0) this.#failure = rejection;
      else this.#emitter.problem(this.#root.position(), rejection);
      // Stop here: later chunks are ignored.
      this.#ended = true;
    }
  }
}

/** Chooses how to read a file from its first bytes, then passes them on. */
class FileSink implements ByteSink {
  readonly #ctx: FileContext;
  #head: Uint8Array[] = [];
  #headBytes = 0;
  #next: ByteSink | undefined;

  public constructor(ctx: FileContext) {
    this.#ctx = ctx;
  }

  public get format(): FileFormat | undefined {
    return this.#next?.format;
  }

  public position(): string {
    return this.#next?.position() ?? this.#ctx.prefix.replace(/, $/u, '');
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
    const isGzip = startsWith(head, GZIP_MAGIC);
    const isZip =
      startsWith(head, ZIP_MAGIC) || startsWith(head, EMPTY_ZIP_MAGIC);
    if ((isGzip || isZip) && ctx.depth >= ctx.limits.maxArchiveDepth) {
      throw new InputRejectedError(
        'too-large',
        `archive nested ${ctx.depth + 1} deep; archives may nest ${ctx.limits.maxArchiveDepth} deep at most`
      );
    }
    if (isGzip) {
      this.#next = new GunzipSink(ctx);
    } else if (isZip) {
      this.#next = new ZipSink(ctx);
    } else {
      this.#next = textSink(ctx, head);
    }
    if (head.length > 0) this.#next.write(head);
  }
}

/** The sink for text: streamed for JSON Lines and feeds, else whole. */
function textSink(ctx: FileContext, head: Uint8Array): ByteSink {
  const charset = streamCharset(head);
  const sniffed = new TextDecoder(charset).decode(head);
  const format = detectFormat(sniffed, {
    key: ctx.hintKey,
    contentType: ctx.contentType,
  });
  return STREAMED_FORMATS.has(format)
    ? new DecodingSink(charset, textHandler(ctx, format))
    : new WholeSink(ctx);
}

/**
 * The charset of a streamed file: its BOM, else its XML declaration, else
 * UTF-8 (JSON Lines is UTF-8 by definition, and so is XML without a
 * declaration). Whole files get the full charset detection of `decode.ts`.
 */
function streamCharset(head: Uint8Array): string {
  if (startsWith(head, UTF16LE_BOM)) return 'utf-16le';
  if (startsWith(head, UTF16BE_BOM)) return 'utf-16be';
  if (startsWith(head, UTF8_BOM)) return 'utf-8';
  const ascii = new TextDecoder('latin1').decode(head.subarray(0, 200));
  const declared = ascii.match(XML_ENCODING)?.[1];
  if (declared) {
    try {
      return new TextDecoder(declared).encoding;
    } catch {
      throw new InputRejectedError(
        'undecodable',
        `the XML declaration names encoding "${declared}", which is not a known charset`
      );
    }
  }
  return 'utf-8';
}

/** Takes decoded text. */
interface TextHandler {
  write(text: string): void;
  end(): void;
  readonly format: Format | undefined;
  position(): string;
}

function textHandler(ctx: FileContext, format: Format): TextHandler {
  return format === 'jsonl' ? new JsonLinesHandler(ctx) : new FeedHandler(ctx);
}

/** Bytes → text with a streaming decoder → a text handler. */
class DecodingSink implements ByteSink {
  readonly #decoder: InstanceType<typeof TextDecoder>;
  readonly #handler: TextHandler;

  public constructor(charset: string, handler: TextHandler) {
    this.#decoder = new TextDecoder(charset);
    this.#handler = handler;
  }

  public get format(): FileFormat | undefined {
    return this.#handler.format;
  }

  public position(): string {
    return this.#handler.position();
  }

  public write(chunk: Uint8Array): void {
    this.#handler.write(this.#decoder.decode(chunk, { stream: true }));
  }

  public end(): void {
    this.#handler.write(this.#decoder.decode());
    this.#handler.end();
  }
}

/**
 * JSON Lines: one entry per line, parsed as the line ends. A line longer
 * than `maxEntryChars` is not kept: it is a problem, and reading resumes
 * at the next line.
 */
class JsonLinesHandler implements TextHandler {
  public readonly format = 'jsonl' as const;
  readonly #ctx: FileContext;
  #partial = '';
  #line = 0;
  #entries = 0;
  #overlong = false;

  public constructor(ctx: FileContext) {
    this.#ctx = ctx;
  }

  public position(): string {
    return `${this.#ctx.prefix}line ${this.#line + 1}`;
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
    this.#line++;
    const overlong =
      this.#overlong ||
      this.#partial.length + tail.length > this.#ctx.limits.maxEntryChars;
    const line = overlong ? '' : this.#partial + tail;
    this.#partial = '';
    this.#overlong = false;
    const location = `${this.#ctx.prefix}line ${this.#line}`;
    if (overlong) {
      this.#entries++;
      this.#ctx.emitter.problem(location, {
        code: 'too-large',
        message: `line is longer than ${this.#ctx.limits.maxEntryChars} characters, the limit for one entry`,
      });
      return;
    }
    if (!line.trim()) return;
    this.#entries++;
    const index = this.#line - 1;
    const limits = this.#ctx.limits;
    this.#ctx.emitter.entry(
      { format: 'jsonl', location, index, archivePath: this.#ctx.archivePath },
      () => jsonEntryDraft(parseJson(line, 'line'), limits)
    );
  }
}

/** RSS and Atom: one entry per item, as the item's end tag is read. */
class FeedHandler implements TextHandler {
  readonly #ctx: FileContext;
  readonly #reader: FeedReader;

  public constructor(ctx: FileContext) {
    this.#ctx = ctx;
    this.#reader = new FeedReader(ctx.limits, (item) => {
      const location = `${ctx.prefix}item ${item.index + 1}`;
      if ('error' in item) {
        ctx.emitter.problem(location, item.error.toRejection());
        return;
      }
      ctx.emitter.entry(
        {
          format: this.format ?? 'rss',
          location,
          index: item.index,
          archivePath: ctx.archivePath,
        },
        () => entryDraft(item.fields, ctx.limits)
      );
    });
  }

  public get format(): Format | undefined {
    return this.#reader.kind;
  }

  public position(): string {
    return `${this.#ctx.prefix}item ${this.#reader.items + 1}`;
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

/**
 * A file parsed whole: buffered within the input limit, then decoded
 * with full charset detection and parsed by its format.
 */
class WholeSink implements ByteSink {
  readonly #ctx: FileContext;
  #chunks: Uint8Array[] = [];
  #bytes = 0;
  #format: FileFormat | undefined;
  #inner: TextHandler | undefined;

  public constructor(ctx: FileContext) {
    this.#ctx = ctx;
  }

  public get format(): FileFormat | undefined {
    return this.#format;
  }

  public position(): string {
    return this.#inner?.position() ?? this.#ctx.prefix.replace(/, $/u, '');
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
    const limits = ctx.limits;
    const single = {
      format,
      location: ctx.prefix.replace(/, $/u, ''),
      index: 0,
      archivePath: ctx.archivePath,
    };
    switch (format) {
      case 'text':
        ctx.emitter.entry(single, () => ({
          draft: parseText(text),
          steps: 'text',
        }));
        return;
      case 'html':
        ctx.emitter.entry(single, () => ({
          draft: parseHtml(text, limits),
          steps: 'html',
        }));
        return;
      case 'markdown':
        ctx.emitter.entry(single, () => parseMarkdown(text, limits));
        return;
      case 'json':
        this.#json(text, limits);
        return;
      default: {
        // Detection on the whole text found a streamed format the first
        // bytes did not show (e.g. UTF-16 without a BOM): read it now.
        this.#inner = textHandler(ctx, format);
        this.#inner.write(text);
        this.#inner.end();
        this.#format = this.#inner.format ?? format;
      }
    }
  }

  #json(text: string, limits: ResolvedLimits): void {
    const ctx = this.#ctx;
    const { entries, many } = jsonEntries(parseJson(text, 'file'));
    if (!many) {
      const location = ctx.prefix.replace(/, $/u, '');
      ctx.emitter.entry(
        { format: 'json', location, index: 0, archivePath: ctx.archivePath },
        () => jsonEntryDraft(entries[0], limits)
      );
      return;
    }
    if (entries.length === 0) {
      throw new InputRejectedError('empty', 'JSON file holds an empty list');
    }
    entries.forEach((entry, index) => {
      ctx.emitter.entry(
        {
          format: 'json',
          location: `${ctx.prefix}item ${index + 1}`,
          index,
          archivePath: ctx.archivePath,
        },
        () => jsonEntryDraft(entry, limits)
      );
    });
  }
}

/**
 * Decodes a whole file's bytes: empty and blank files, binary content and
 * the text-length limit are rejected here, with the charset rules of
 * `decode.ts`.
 */
function readWholeText(bytes: Uint8Array, ctx: FileContext): string {
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
  if (isBlank(text)) {
    throw new InputRejectedError(
      'empty',
      `file holds only white space (${bytes.length} bytes)`
    );
  }
  return text;
}

/**
 * Nothing but white space and invisible characters (what `normaliseString`
 * would reduce to ''). A regex that stops at the first visible character,
 * instead of normalising a whole page only to compare it with ''.
 */
const BLANK =
  /^[\s\p{Cc}\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]*$/u;

function isBlank(text: string): boolean {
  return BLANK.test(text);
}

/** JSON.parse with a `malformed` rejection naming what was parsed. */
function parseJson(text: string, what: 'line' | 'file'): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputRejectedError(
      'malformed',
      `${what} is not valid JSON: ${reason}`,
      { cause: error }
    );
  }
}

/** Gzip, inflated as it arrives into the file it holds. */
class GunzipSink implements ByteSink {
  readonly #inner: FileSink;
  readonly #gunzip: Gunzip;
  #out = 0;

  public constructor(ctx: FileContext) {
    this.#inner = new FileSink({
      ...ctx,
      depth: ctx.depth + 1,
      gzipped: true,
      // `a.jsonl.gz` holds `a.jsonl`: detection hints use the inner name.
      hintKey: ctx.hintKey?.replace(GZ_EXTENSION, ''),
      sizeBytes: undefined,
    });
    this.#gunzip = new Gunzip((data) => {
      this.#out += data.length;
      if (this.#out > ctx.limits.maxStreamBytes) {
        throw new InputRejectedError(
          'too-large',
          `gzip content expands beyond ${ctx.limits.maxStreamBytes} bytes, the limit for a streamed file`
        );
      }
      if (data.length > 0) this.#inner.write(data);
    });
  }

  public get format(): FileFormat | undefined {
    return this.#inner.format;
  }

  public position(): string {
    return this.#inner.position();
  }

  public write(chunk: Uint8Array): void {
    for (let at = 0; at < chunk.length; at += INFLATE_SLICE_BYTES) {
      this.#push(chunk.subarray(at, at + INFLATE_SLICE_BYTES), false);
    }
  }

  public end(): void {
    this.#push(new Uint8Array(0), true);
    this.#inner.end();
  }

  #push(chunk: Uint8Array, final: boolean): void {
    try {
      this.#gunzip.push(chunk, final);
    } catch (error) {
      if (error instanceof InputRejectedError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new InputRejectedError(
        'corrupt-archive',
        `gzip data is corrupt or truncated: ${reason}`,
        { cause: error }
      );
    }
  }
}

/** An entry of a zip being read. */
interface ZipEntry {
  readonly name: string;
  readonly sink: FileSink | undefined;
  /** Compressed size from the local header, when it states one. */
  readonly compressedBytes: number | undefined;
  /** Compressed bytes pushed when the entry started. */
  readonly startedAt: number;
  out: number;
  /** Nothing more goes to its sink: finished, failed or skipped. */
  done: boolean;
}

/**
 * A zip archive, read entry by entry from its local headers as it
 * arrives (the central directory at the end is not needed). Each entry is
 * a file of its own: sniffed, parsed, its entries located as `entry
 * <path>, line 3`. Path tricks (`..`, absolute paths) and archives nested
 * too deep are problems of their entry; the entry-count, total-size and
 * ratio limits stop the archive, as a zip bomb must be stopped.
 */
class ZipSink implements ByteSink {
  readonly #ctx: FileContext;
  readonly #unzip: Unzip;
  #entries = 0;
  #files = 0;
  #out = 0;
  #pushed = 0;
  #current: ZipEntry | undefined;
  #fatal: InputRejectedError | undefined;

  public constructor(ctx: FileContext) {
    this.#ctx = ctx;
    this.#unzip = new Unzip((file) => this.#onFile(file));
    this.#unzip.register(UnzipInflate);
    this.#unzip.register(UnzipPassThrough);
  }

  public readonly format = 'zip' as const;

  public position(): string {
    const name = this.#current?.name;
    return name
      ? `${this.#ctx.prefix}entry ${name}`
      : `${this.#ctx.prefix}archive`;
  }

  public write(chunk: Uint8Array): void {
    for (let at = 0; at < chunk.length; at += INFLATE_SLICE_BYTES) {
      const slice = chunk.subarray(at, at + INFLATE_SLICE_BYTES);
      this.#pushed += slice.length;
      this.#push(slice, false);
    }
  }

  public end(): void {
    this.#push(new Uint8Array(0), true);
    this.#finishEntry();
    if (this.#files === 0) {
      throw new InputRejectedError(
        'empty',
        'zip archive holds no files (only folders, or nothing)'
      );
    }
  }

  #push(chunk: Uint8Array, final: boolean): void {
    try {
      this.#unzip.push(chunk, final);
    } catch (error) {
      if (error instanceof InputRejectedError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new InputRejectedError(
        'corrupt-archive',
        `zip data is corrupt or truncated: ${reason}`,
        { cause: error }
      );
    }
    if (this.#fatal) throw this.#fatal;
  }

  /** A new entry's local header was read. */
  #onFile(file: UnzipFile): void {
    this.#finishEntry();
    if (this.#fatal) return;
    const ctx = this.#ctx;
    const name = file.name;
    if (++this.#entries > ctx.limits.maxZipEntries) {
      this.#fatal = new InputRejectedError(
        'too-large',
        `zip archive holds more than ${ctx.limits.maxZipEntries} entries, the limit; the rest is not read`
      );
      file.ondata = () => {};
      return;
    }
    const location = `${ctx.prefix}entry ${name}`;
    const folder = name.endsWith('/');
    let skip: InputRejectedError | undefined;
    if (UNSAFE_ENTRY_PATH.test(name)) {
      skip = new InputRejectedError(
        'malformed',
        `entry path "${name}" is absolute or climbs out of the archive (..); such entries are never read`
      );
    } else if (!folder && !ZIP_LITTER.test(name)) {
      this.#files++;
    }
    if (skip) ctx.emitter.problem(location, skip.toRejection());
    const read = !skip && !folder && !ZIP_LITTER.test(name);
    const archivePath = ctx.archivePath ? `${ctx.archivePath}!/${name}` : name;
    const entry: ZipEntry = {
      name,
      sink: read
        ? new FileSink({
            ...ctx,
            depth: ctx.depth + 1,
            prefix: `${ctx.prefix}entry ${name}, `,
            archivePath,
            hintKey: name,
            contentType: undefined,
            gzipped: false,
            sizeBytes: file.originalSize,
          })
        : undefined,
      compressedBytes: file.size,
      startedAt: this.#pushed,
      out: 0,
      done: !read,
    };
    this.#current = entry;
    // Every entry is started, read or not: fflate holds an unstarted
    // entry's bytes in memory.
    file.ondata = (error, data, final) =>
      this.#onData(entry, error, data, final);
    file.start();
  }

  #onData(
    entry: ZipEntry,
    error: Error | null,
    data: Uint8Array | null,
    final: boolean
  ): void {
    if (this.#fatal) return;
    const ctx = this.#ctx;
    const location = `${ctx.prefix}entry ${entry.name}`;
    if (error) {
      this.#entryProblem(entry, location, {
        code: 'corrupt-archive',
        message: `entry cannot be inflated: ${error.message}`,
      });
      return;
    }
    const length = data?.length ?? 0;
    entry.out += length;
    this.#out += length;
    if (this.#out > ctx.limits.maxZipTotalBytes) {
      this.#fatal = new InputRejectedError(
        'too-large',
        `zip entries inflate to more than ${ctx.limits.maxZipTotalBytes} bytes, the limit for one archive; the rest is not read`
      );
      return;
    }
    const compressed =
      entry.compressedBytes ?? Math.max(1, this.#pushed - entry.startedAt);
    if (
      entry.out > ZIP_RATIO_MIN_BYTES &&
      entry.out > compressed * ctx.limits.maxZipRatio
    ) {
      this.#fatal = new InputRejectedError(
        'too-large',
        `entry ${entry.name} inflates more than ${ctx.limits.maxZipRatio} times its compressed size (${compressed} bytes): a zip bomb; the archive is not read further`
      );
      return;
    }
    const sink = entry.sink;
    if (entry.done || !sink) return;
    try {
      if (data && length > 0) sink.write(data);
      if (final) sink.end();
    } catch (thrown) {
      this.#entryProblem(
        entry,
        sink.position() || location,
        rejectionOf(thrown, sink.format ?? 'file')
      );
    }
    if (final) entry.done = true;
  }

  #entryProblem(entry: ZipEntry, location: string, rejection: Rejection): void {
    if (entry.done) return;
    entry.done = true;
    this.#ctx.emitter.problem(location, rejection);
  }

  /** An entry whose data never reported `final` (truncated archive). */
  #finishEntry(): void {
    const entry = this.#current;
    if (!entry || entry.done) return;
    this.#entryProblem(entry, `${this.#ctx.prefix}entry ${entry.name}`, {
      code: 'corrupt-archive',
      message: 'entry data ends before the entry does (truncated archive)',
    });
  }
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return (
    bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b)
  );
}
