/**
 * Gzip: inflated as it arrives, into the file it holds, which is read as
 * a file of its own one level down (sniffed again: a `.jsonl.gz` streams
 * its lines, a `.txt.gz` is buffered and read whole).
 */
import { Gunzip } from 'fflate';
import type { FileFormat } from '../article.ts';
import { InputRejectedError } from '../errors.ts';
import type { ByteSink, OpenFile, ReadContext } from '../types.ts';
import { inflateChunk, inflateEnd } from './inflate.ts';

const GZ_EXTENSION = /\.gz$/iu;

/** Gzip, inflated as it arrives into the file it holds. */
export class GunzipSink implements ByteSink {
  readonly #inner: ByteSink;
  readonly #gunzip: Gunzip;
  readonly #push: (slice: Uint8Array, final: boolean) => void;
  #out = 0;

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
      if (data.length > 0) this.#inner.write(data);
    });
    this.#push = (slice, final) => this.#gunzip.push(slice, final);
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
    this.#inner.end();
  }
}
