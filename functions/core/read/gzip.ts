/**
 * Gzip: inflated as it arrives, into the file it holds, which is read as
 * a file of its own one level down (sniffed again: a `.jsonl.gz` streams
 * its lines, a `.txt.gz` is buffered and read whole).
 *
 * fflate does not check a member's trailer, so it is checked here: the
 * CRC-32 and the size (ISIZE, modulo 2^32) of what each member inflated
 * to must be what its last 8 bytes say, or the file is `corrupt-archive`
 * (a bit flipped in transit, a file cut and padded). The whole file's
 * text may already have been read by then: a streamed file's entries
 * before the end are kept, and its end is a problem.
 */
import { crc32 } from 'node:zlib';
import { Gunzip } from 'fflate';
import type { FileFormat } from '../article.ts';
import { InputRejectedError } from '../errors.ts';
import type { ByteSink, OpenFile, ReadContext } from '../types.ts';
import { inflateChunk, inflateEnd } from './inflate.ts';

const GZ_EXTENSION = /\.gz$/iu;
/** A gzip member's trailer: CRC-32 and ISIZE, little-endian. */
const TRAILER_BYTES = 8;
/** Compressed bytes kept to read the trailer of a member that ended. */
const TAIL_BYTES = 64 * 1024;
const UINT32 = 2 ** 32;

/** Gzip, inflated as it arrives into the file it holds. */
export class GunzipSink implements ByteSink {
  readonly #inner: ByteSink;
  readonly #gunzip: Gunzip;
  readonly #push: (slice: Uint8Array, final: boolean) => void;
  #out = 0;
  /** CRC-32 and size of the current member's output. */
  #crc = 0;
  #memberOut = 0;
  /** The last compressed bytes, from offset {@link #tailStart}. */
  #tail = new Uint8Array(0);
  #tailStart = 0;

  /** @param open - opens the sink for the file the gzip holds */
  public constructor(ctx: ReadContext, open: OpenFile) {
    this.#inner = open({
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
      this.#crc = crc32(data, this.#crc);
      this.#memberOut += data.length;
      if (data.length > 0) this.#inner.write(data);
    });
    // A concatenated gzip: the member that ended has its trailer just
    // before the new one's header.
    this.#gunzip.onmember = (offset) => {
      if (offset > 0) this.#checkTrailer(offset);
      this.#crc = 0;
      this.#memberOut = 0;
    };
    this.#push = (slice, final) => {
      this.#keepTail(slice);
      this.#gunzip.push(slice, final);
    };
  }

  /** Keeps the last compressed bytes, where trailers are read from. */
  #keepTail(slice: Uint8Array): void {
    const joined = new Uint8Array(this.#tail.length + slice.length);
    joined.set(this.#tail);
    joined.set(slice, this.#tail.length);
    const drop = Math.max(0, joined.length - TAIL_BYTES);
    this.#tail = joined.subarray(drop);
    this.#tailStart += drop;
  }

  /**
   * Checks the trailer ending at compressed offset `end` against the
   * member's output.
   *
   * @throws InputRejectedError `corrupt-archive` on a mismatch
   */
  #checkTrailer(end: number): void {
    const at = end - TRAILER_BYTES - this.#tailStart;
    // A trailer no longer held (never with fflate's slices) goes unchecked.
    if (at < 0 || end - this.#tailStart > this.#tail.length) return;
    const trailer = new DataView(
      this.#tail.buffer,
      this.#tail.byteOffset + at,
      TRAILER_BYTES
    );
    const crc = trailer.getUint32(0, true);
    const size = trailer.getUint32(4, true);
    if (crc !== this.#crc >>> 0) {
      throw new InputRejectedError(
        'corrupt-archive',
        `gzip data is corrupt: its CRC-32 is ${crc.toString(16).padStart(8, '0')}, but what it inflates to has ${(this.#crc >>> 0).toString(16).padStart(8, '0')}`
      );
    }
    if (size !== this.#memberOut % UINT32) {
      throw new InputRejectedError(
        'corrupt-archive',
        `gzip data is corrupt: it says it holds ${size} bytes (ISIZE), but it inflates to ${this.#memberOut}`
      );
    }
  }

  public get format(): FileFormat | undefined {
    return this.#inner.format;
  }

  public position(): string {
    return this.#inner.position();
  }

  public write(chunk: Uint8Array): void {
    inflateChunk('gzip', chunk, this.#push);
  }

  public end(): void {
    inflateEnd('gzip', this.#push);
    this.#checkTrailer(this.#tailStart + this.#tail.length);
    this.#inner.end();
  }
}
