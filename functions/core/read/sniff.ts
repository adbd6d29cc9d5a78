/**
 * Sniffing: what a file's first bytes say before any of it is decoded.
 *
 * Magic numbers tell a container (gzip, zip) from text; a byte order mark,
 * else an XML declaration, gives a streamed file's charset. `decode.ts`
 * reads the same byte order marks (and names the same zip signature in
 * its binary rejections) for files read whole.
 */
import { InputRejectedError } from '../errors.ts';

/** Bytes read before a format is chosen. */
export const SNIFF_BYTES = 4096;

const GZIP_MAGIC = [0x1f, 0x8b] as const;
/** A zip's first local file header. */
export const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04] as const;
/** The end-of-central-directory record that is all an empty zip holds. */
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06] as const;
/** Byte order marks and the charsets they announce (WHATWG Encoding). */
const BYTE_ORDER_MARKS = [
  { charset: 'utf-8', bytes: [0xef, 0xbb, 0xbf] },
  { charset: 'utf-16le', bytes: [0xff, 0xfe] },
  { charset: 'utf-16be', bytes: [0xfe, 0xff] },
] as const;
const XML_ENCODING = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/iu;

/** The containers told apart by their magic numbers. */
export type Container = 'gzip' | 'zip';

/** The container the first bytes announce, or undefined for anything else. */
export function containerOf(head: Uint8Array): Container | undefined {
  if (startsWith(head, GZIP_MAGIC)) return 'gzip';
  if (startsWith(head, ZIP_MAGIC) || startsWith(head, EMPTY_ZIP_MAGIC)) {
    return 'zip';
  }
  return undefined;
}

/**
 * The charset of a streamed file: its BOM, else its XML declaration, else
 * UTF-8 (JSON Lines is UTF-8 by definition, and so is XML without a
 * declaration). Whole files get the full charset detection of `decode.ts`.
 *
 * @throws InputRejectedError `undecodable` for a declared charset that
 * does not exist
 */
export function streamCharset(head: Uint8Array): string {
  const bom = byteOrderMark(head);
  if (bom) return bom.charset;
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

/** The byte order mark `bytes` start with: its charset and its length. */
export function byteOrderMark(
  bytes: Uint8Array
): { readonly charset: string; readonly length: number } | undefined {
  const bom = BYTE_ORDER_MARKS.find((mark) => startsWith(bytes, mark.bytes));
  return bom && { charset: bom.charset, length: bom.bytes.length };
}

/** The chunks as one array (the chunk itself when there is only one). */
export function concat(
  chunks: readonly Uint8Array[],
  length: number
): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Whether `bytes` begin with `prefix`. */
export function startsWith(
  bytes: Uint8Array,
  prefix: readonly number[]
): boolean {
  return (
    bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b)
  );
}
