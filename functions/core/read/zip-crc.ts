/**
 * The CRC-32 each zip member says its data has, read from the raw archive
 * bytes beside fflate's `Unzip`, which reads the same headers but does not
 * expose (or check) the CRC.
 *
 * The reader walks the archive as fflate does: a local header, then the
 * member's compressed bytes (their size from the header), then the next
 * header. A member written by a streaming zipper (general-purpose flag
 * bit 3) has no size or CRC in its header; its CRC is in the data
 * descriptor after the data, found, as fflate finds it, by its signature.
 * Where the walk cannot follow the archive (bytes before the first header,
 * a zip64 size in the header, a descriptor without signature) it stops, and
 * the members from there on are not checked: better unchecked than a CRC
 * paired with the wrong member.
 */

/** `PK\3\4`, `PK\7\8`: a local file header, a data descriptor. */
const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
/** Fixed part of a local header, before the name and the extra field. */
const LOCAL_HEADER_BYTES = 30;
/** General-purpose flag bit 3: sizes and CRC follow the data. */
const HAS_DESCRIPTOR = 0x0008;
/** A 32-bit size of all ones: the real one is in the zip64 extra field. */
const ZIP64_SIZE = 0xffffffff;
/** The zip64 extended-information extra field's header id. */
const ZIP64_EXTRA = 0x0001;

/** What a member's headers say about its data. */
export interface ZipMemberCrc {
  /** The CRC-32 stated, once known (a descriptor comes after the data). */
  crc: number | undefined;
  /** Compressed size from the local header; undefined with a descriptor. */
  readonly compressedBytes: number | undefined;
}

type State = 'header' | 'data' | 'descriptor' | 'stopped';

/** Reads the members' stated CRC-32s from the archive bytes, in order. */
export class ZipCrcReader {
  /** One record per local header read, in archive order. */
  readonly #members: ZipMemberCrc[] = [];
  #state: State = 'header';
  /** Bytes of a header or descriptor not yet complete. */
  #pending: Uint8Array = new Uint8Array(0);
  /** Compressed bytes of the current member still to pass. */
  #skip = 0;
  /** The current member's descriptor has 8-byte sizes (zip64). */
  #zip64 = false;

  /** The record of the `index`th member (0-based), if the walk reached it. */
  public member(index: number): ZipMemberCrc | undefined {
    return this.#members[index];
  }

  /** Reads the next slice of the archive, as it goes to fflate. */
  public push(chunk: Uint8Array): void {
    let rest = chunk;
    while (rest.length > 0 && this.#state !== 'stopped') {
      if (this.#state === 'data') {
        const passed = Math.min(this.#skip, rest.length);
        this.#skip -= passed;
        rest = rest.subarray(passed);
        if (this.#skip === 0) this.#state = 'header';
        continue;
      }
      this.#pending = joined(this.#pending, rest);
      rest = new Uint8Array(0);
      // Each step consumes what it can and hands back the bytes after it.
      const after =
        this.#state === 'header' ? this.#header() : this.#descriptor();
      if (after === undefined) return;
      rest = after;
      this.#pending = new Uint8Array(0);
    }
  }

  /** A complete local header in `#pending`: the bytes after it. */
  #header(): Uint8Array | undefined {
    const bytes = this.#pending;
    if (bytes.length < 4) return undefined;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    // The central directory (or anything else) ends the members.
    if (view.getUint32(0, true) !== LOCAL_HEADER) return this.#stop();
    if (bytes.length < LOCAL_HEADER_BYTES) return undefined;
    const nameBytes = view.getUint16(26, true);
    const extraBytes = view.getUint16(28, true);
    const end = LOCAL_HEADER_BYTES + nameBytes + extraBytes;
    if (bytes.length < end) return undefined;
    const flags = view.getUint16(6, true);
    const compressed = view.getUint32(18, true);
    if (flags & HAS_DESCRIPTOR) {
      this.#members.push({ crc: undefined, compressedBytes: undefined });
      this.#zip64 = hasZip64Extra(
        view,
        LOCAL_HEADER_BYTES + nameBytes,
        extraBytes
      );
      this.#state = 'descriptor';
    } else if (compressed === ZIP64_SIZE) {
      this.#members.push({ crc: undefined, compressedBytes: undefined });
      return this.#stop();
    } else {
      this.#members.push({
        crc: view.getUint32(14, true),
        compressedBytes: compressed,
      });
      this.#skip = compressed;
      this.#state = compressed > 0 ? 'data' : 'header';
    }
    return bytes.subarray(end);
  }

  /** A data descriptor in `#pending`: the bytes after it. */
  #descriptor(): Uint8Array | undefined {
    const bytes = this.#pending;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
    const size = this.#zip64 ? 24 : 16;
    for (let at = 0; at + 4 <= bytes.length; at++) {
      const signature = view.getUint32(at, true);
      if (signature === LOCAL_HEADER || signature === 0x02014b50) {
        // A descriptor without its optional signature: not followed.
        return this.#stop();
      }
      if (signature !== DATA_DESCRIPTOR) continue;
      if (bytes.length < at + size) {
        this.#pending = bytes.slice(at);
        return undefined;
      }
      const member = this.#members.at(-1);
      if (member) member.crc = view.getUint32(at + 4, true);
      this.#state = 'header';
      return bytes.subarray(at + size);
    }
    // Keep only what may be the start of a signature split across slices.
    this.#pending = bytes.slice(Math.max(0, bytes.length - 3));
    return undefined;
  }

  #stop(): undefined {
    this.#state = 'stopped';
    this.#pending = new Uint8Array(0);
    return undefined;
  }
}

/** Two byte arrays as one (the first is a few header bytes at most). */
function joined(head: Uint8Array, tail: Uint8Array): Uint8Array {
  if (head.length === 0) return tail;
  const all = new Uint8Array(head.length + tail.length);
  all.set(head);
  all.set(tail, head.length);
  return all;
}

/** Whether a local header's extra field holds a zip64 record. */
function hasZip64Extra(view: DataView, start: number, bytes: number): boolean {
  for (let at = start; at + 4 <= start + bytes; ) {
    if (view.getUint16(at, true) === ZIP64_EXTRA) return true;
    at += 4 + view.getUint16(at + 2, true);
  }
  return false;
}
