/**
 * Zip: an archive read member by member from its local headers as it
 * arrives (the central directory at the end is not needed).
 *
 * Each member is a file of its own: sniffed, parsed, its entries located
 * as `entry <path>, line 3`. Path tricks (`..`, absolute paths) and
 * archives nested too deep are problems of their member; the entry-count,
 * total-size and ratio limits stop the archive, as a zip bomb must be
 * stopped. A member whose data does not have the CRC-32 its headers state
 * is `corrupt-archive` at that member (fflate does not check it).
 */
import { crc32 } from 'node:zlib';
import { Unzip, type UnzipFile, UnzipInflate, UnzipPassThrough } from 'fflate';
import { rejectionOf } from '../entries.ts';
import {
  FileLimitError,
  InputRejectedError,
  type Rejection,
} from '../errors.ts';
import { ZIP_RATIO_MIN_BYTES } from '../limits.ts';
import type { ByteSink, OpenFile, ReadContext } from '../types.ts';
import { type InflatePush, inflateChunk, inflateEnd } from './inflate.ts';
import { ZipCrcReader, type ZipMemberCrc } from './zip-crc.ts';

/** Zip members that are operating-system litter, not files people added. */
const ZIP_LITTER = /(?:^|\/)(?:__MACOSX\/|\.[^/]*$|Thumbs\.db$)/u;
/** Member paths that would escape a folder: absolute, drive, `..`, `\`. */
const UNSAFE_ENTRY_PATH = /^(?:\/|[a-z]:)|(?:^|\/)\.\.(?:\/|$)|\\|\0/iu;
/** What {@link ZIP_LITTER} skips, for people. */
const SYSTEM_FILES = ' (__MACOSX/, hidden files, Thumbs.db)';
/** Unsafe paths named in the message of an archive that held nothing else. */
const MAX_NAMED_PATHS = 3;

/** A member of a zip being read. */
interface ZipMember {
  readonly name: string;
  readonly sink: ByteSink | undefined;
  /** Compressed size from the local header, when it states one. */
  readonly compressedBytes: number | undefined;
  /** Compressed bytes pushed when the member started. */
  readonly startedAt: number;
  /** The CRC-32 its headers state; undefined when it cannot be known. */
  readonly stated: ZipMemberCrc | undefined;
  /** CRC-32 of its data so far. */
  crc: number;
  out: number;
  /** Nothing more goes to its sink: finished, failed or skipped. */
  done: boolean;
}

/** A zip archive, read member by member as it arrives. */
export class ZipSink implements ByteSink {
  readonly #ctx: ReadContext;
  readonly #open: OpenFile;
  readonly #unzip: Unzip;
  readonly #push: InflatePush;
  readonly #crcs = new ZipCrcReader();
  #members = 0;
  #files = 0;
  /** What the members that are not files to read were, for the message. */
  #folders = 0;
  #litter = 0;
  readonly #unsafe: string[] = [];
  #out = 0;
  #pushed = 0;
  #current: ZipMember | undefined;
  #fatal: InputRejectedError | undefined;

  /** @param open - opens the sink for each member read */
  public constructor(ctx: ReadContext, open: OpenFile) {
    this.#ctx = ctx;
    this.#open = open;
    this.#unzip = new Unzip((file) => this.#onFile(file));
    this.#unzip.register(UnzipInflate);
    this.#unzip.register(UnzipPassThrough);
    this.#push = (slice, final) => {
      this.#pushed += slice.length;
      // Before fflate, so a header's CRC is known when fflate reports it.
      this.#crcs.push(slice);
      this.#unzip.push(slice, final);
      // A limit met inside fflate's callbacks stops the archive here.
      if (this.#fatal) throw this.#fatal;
    };
  }

  public readonly format = 'zip' as const;

  public position(): string {
    const name = this.#current?.name;
    return name
      ? `${this.#ctx.prefix}entry ${name}`
      : `${this.#ctx.prefix}archive`;
  }

  public write(chunk: Uint8Array): void {
    inflateChunk('zip', chunk, this.#push);
  }

  public end(): void {
    inflateEnd('zip', this.#push);
    this.#finishMember();
    // What is left to say is about the archive, not its last member.
    this.#current = undefined;
    if (this.#files === 0) throw this.#nothingToRead();
  }

  /** Why an archive with no file to read gave nothing: what it held. */
  #nothingToRead(): InputRejectedError {
    const unsafe = this.#unsafe;
    if (this.#members === 0) {
      return new InputRejectedError('empty', 'zip archive holds no entries');
    }
    const named = unsafe.slice(0, MAX_NAMED_PATHS).join(', ');
    const more = unsafe.length - MAX_NAMED_PATHS;
    const paths = more > 0 ? `${named} and ${more} more` : named;
    if (unsafe.length === this.#members) {
      return new InputRejectedError(
        'malformed',
        `every entry has an unsafe path (${paths}); none was read`
      );
    }
    const kinds: readonly [number, string, string, string][] = [
      [this.#folders, 'folder', 'folders', ''],
      [this.#litter, 'system file', 'system files', SYSTEM_FILES],
      [unsafe.length, 'entry', 'entries', ` with an unsafe path (${paths})`],
    ];
    const held = kinds
      .filter(([n]) => n > 0)
      .map(([n, one, many, what]) => `${n} ${n === 1 ? one : many}${what}`);
    return new InputRejectedError(
      'empty',
      `zip archive holds no file to read, only ${held.join(' and ')}`
    );
  }

  /** A new member's local header was read. */
  #onFile(file: UnzipFile): void {
    this.#finishMember();
    if (this.#fatal) return;
    const ctx = this.#ctx;
    const name = file.name;
    if (++this.#members > ctx.limits.maxZipEntries) {
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
      this.#unsafe.push(name);
    } else if (folder) {
      this.#folders++;
    } else if (ZIP_LITTER.test(name)) {
      this.#litter++;
    } else {
      this.#files++;
    }
    if (skip) ctx.entries.problem(location, skip.toRejection());
    const read = !skip && !folder && !ZIP_LITTER.test(name);
    const member: ZipMember = {
      name,
      sink: read
        ? this.#open({
            ...ctx,
            depth: ctx.depth + 1,
            location,
            prefix: `${location}, `,
            archivePath: ctx.archivePath ? `${ctx.archivePath}!/${name}` : name,
            hintKey: name,
            contentType: undefined,
            gzipped: false,
            sizeBytes: file.originalSize,
          })
        : undefined,
      compressedBytes: file.size,
      startedAt: this.#pushed,
      stated: this.#statedCrc(file),
      crc: 0,
      out: 0,
      done: !read,
    };
    this.#current = member;
    // Every member is started, read or not: fflate holds an unstarted
    // member's bytes in memory.
    file.ondata = (error, data, final) =>
      this.#onData(member, error, data, final);
    file.start();
  }

  #onData(
    member: ZipMember,
    error: Error | null,
    data: Uint8Array | null,
    final: boolean
  ): void {
    if (this.#fatal) return;
    const ctx = this.#ctx;
    const location = `${ctx.prefix}entry ${member.name}`;
    if (error) {
      this.#memberProblem(member, location, {
        code: 'corrupt-archive',
        message: `entry cannot be inflated: ${error.message}`,
      });
      return;
    }
    const length = data?.length ?? 0;
    member.out += length;
    this.#out += length;
    if (this.#out > ctx.limits.maxZipTotalBytes) {
      this.#fatal = new InputRejectedError(
        'too-large',
        `zip entries inflate to more than ${ctx.limits.maxZipTotalBytes} bytes, the limit for one archive; the rest is not read`
      );
      return;
    }
    if (member.out > ctx.limits.maxZipEntryBytes) {
      this.#fatal = new InputRejectedError(
        'too-large',
        `entry ${member.name} inflates to more than ${ctx.limits.maxZipEntryBytes} bytes, the limit for one entry (maxZipEntryBytes); the archive is not read further`
      );
      return;
    }
    const compressed =
      member.compressedBytes ?? Math.max(1, this.#pushed - member.startedAt);
    if (
      member.out > ZIP_RATIO_MIN_BYTES &&
      member.out > compressed * ctx.limits.maxZipRatio
    ) {
      this.#fatal = new InputRejectedError(
        'too-large',
        `entry ${member.name} inflates more than ${ctx.limits.maxZipRatio} times its compressed size (${compressed} bytes): a zip bomb; the archive is not read further`
      );
      return;
    }
    // The same ratio over the whole archive: many entries each just under
    // the exempt size (1,100 of 1 MB from a 4.7 MB zip) are a bomb too.
    if (
      this.#out > ZIP_RATIO_MIN_BYTES &&
      this.#out > Math.max(1, this.#pushed) * ctx.limits.maxZipRatio
    ) {
      this.#fatal = new InputRejectedError(
        'too-large',
        `zip entries inflate more than ${ctx.limits.maxZipRatio} times the archive's compressed size (${this.#pushed} bytes read): a zip bomb; the archive is not read further`
      );
      return;
    }
    const sink = member.sink;
    if (member.done || !sink) return;
    if (data && length > 0) member.crc = crc32(data, member.crc);
    try {
      if (data && length > 0) sink.write(data);
      // Checked before the member's reader ends: a whole-file format gives
      // nothing from corrupt data (a streamed one may have given entries).
      if (final && this.#crcProblem(member, location)) return;
      if (final) sink.end();
    } catch (thrown) {
      // A limit of the whole file stops the archive, not just this member.
      if (thrown instanceof FileLimitError) {
        this.#fatal = thrown;
        return;
      }
      this.#memberProblem(
        member,
        sink.position() || location,
        rejectionOf(thrown, sink.format ?? 'file')
      );
    }
    if (final) member.done = true;
  }

  /**
   * The header record of the member just reported, if the CRC walk is at
   * the same member (its compressed size agrees).
   */
  #statedCrc(file: UnzipFile): ZipMemberCrc | undefined {
    const stated = this.#crcs.member(this.#members - 1);
    if (!stated || stated.compressedBytes !== file.size) return undefined;
    return stated;
  }

  /** Whether the member's data fails its stated CRC-32 (then a problem). */
  #crcProblem(member: ZipMember, location: string): boolean {
    const stated = member.stated?.crc;
    const actual = member.crc >>> 0;
    if (stated === undefined || stated === actual) return false;
    this.#memberProblem(member, location, {
      code: 'corrupt-archive',
      message: `entry data is corrupt: its CRC-32 is ${hex(stated)}, but its data has ${hex(actual)}`,
    });
    return true;
  }

  #memberProblem(
    member: ZipMember,
    location: string,
    rejection: Rejection
  ): void {
    if (member.done) return;
    member.done = true;
    this.#ctx.entries.problem(location, rejection);
  }

  /** A member whose data never reported `final` (truncated archive). */
  #finishMember(): void {
    const member = this.#current;
    if (!member || member.done) return;
    this.#memberProblem(member, `${this.#ctx.prefix}entry ${member.name}`, {
      code: 'corrupt-archive',
      message: 'entry data ends before the entry does (truncated archive)',
    });
  }
}

/** A CRC-32 as 8 hex digits, as zip tools print it. */
function hex(crc: number): string {
  return crc.toString(16).padStart(8, '0');
}
