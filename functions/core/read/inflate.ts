/**
 * Inflating: compressed bytes into an fflate stream, in bounded slices,
 * with any fault of the stream turned into a `corrupt-archive` rejection.
 * Gzip (`gzip.ts`) and zip (`zip.ts`) share it.
 */
import { InputRejectedError } from '../errors.ts';
import type { Container } from './sniff.ts';

/**
 * Compressed bytes handed to a decompressor at once. Deflate inflates at
 * most ~1,032 times, so a push inflates at most ~16 MiB, however small
 * the file and whatever it holds.
 */
export const INFLATE_SLICE_BYTES = 16 * 1024;

/** What takes compressed bytes: fflate's `Gunzip#push` or `Unzip#push`. */
export type InflatePush = (slice: Uint8Array, final: boolean) => void;

const NO_BYTES = new Uint8Array(0);

/** Pushes `chunk`, slice by slice, with {@link inflateOrReject}. */
export function inflateChunk(
  container: Container,
  chunk: Uint8Array,
  push: InflatePush
): void {
  for (let at = 0; at < chunk.length; at += INFLATE_SLICE_BYTES) {
    const slice = chunk.subarray(at, at + INFLATE_SLICE_BYTES);
    inflateOrReject(container, () => push(slice, false));
  }
}

/** Ends the stream: the last, empty push, with {@link inflateOrReject}. */
export function inflateEnd(container: Container, push: InflatePush): void {
  inflateOrReject(container, () => push(NO_BYTES, true));
}

/**
 * Runs one push. A rejection raised inside it (a limit, or a fault of the
 * file being inflated) goes through as it is; anything else the
 * decompressor throws means the compressed data is broken.
 *
 * @throws InputRejectedError `corrupt-archive` for corrupt or truncated
 * data, or the rejection the push raised
 */
export function inflateOrReject(container: Container, push: () => void): void {
  try {
    push();
  } catch (error) {
    if (error instanceof InputRejectedError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputRejectedError(
      'corrupt-archive',
      `${container} data is corrupt or truncated: ${reason}`,
      { cause: error }
    );
  }
}
