/**
 * Sniffing: what a file's first bytes say before any of it is decoded.
 *
 * Magic numbers tell a container (gzip, zip) from text; a byte order mark,
 * else an XML declaration, gives a streamed file's charset. `decode.ts`
 * reads the same byte order marks for files read whole.
 */
import { InputRejectedError } from '../errors.ts';

/** Bytes read before a format is chosen. */
export const SNIFF_BYTES = 4096;

const GZIP_MAGIC = [0x1f, 0x8b] as const;
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04] as const;
const EMPTY_ZIP_MAGIC = [0x50, 0x4b, 0x05, 0x06] as const;
const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;
const UTF16LE_BOM = [0xff, 0xfe] as const;
const UTF16BE_BOM = [0xfe, 0xff] as const;
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
