/**
 * decode: bytes → text.
 *
 * Order of evidence, strongest first (WHATWG Encoding's "BOM sniff" comes
 * first for the same reason: a BOM is never accidental):
 * 1. a byte order mark (UTF-8, UTF-16 LE/BE);
 * 2. valid UTF-8 that contains non-ASCII bytes: legacy charsets almost never
 *    produce valid multi-byte UTF-8 by chance, while servers and scrapers
 *    often declare `ISO-8859-1` for UTF-8 text;
 * 3. the charset the object declares (`Content-Type`), then one declared
 *    in the document (`<meta charset>`, XML declaration);
 * 4. statistical detection (chardet) for undeclared legacy text.
 * A declared charset that does not decode cleanly is not trusted: detection
 * takes over, so we never silently produce mojibake.
 */
import { gunzipSync } from 'node:zlib';
import chardet from 'chardet';
import { InputRejectedError, toError } from './errors.ts';
import type { ResolvedLimits } from './limits.ts';

/** The text of a file and how it was obtained. */
export interface DecodedText {
  readonly text: string;
  /** WHATWG name of the charset used, e.g. `utf-8`, `windows-1252`. */
  readonly charset: string;
  /** Why that charset: `bom`, `utf-8`, `declared`, `document`, `detected`. */
  readonly charsetSource: CharsetSource;
  /** Whether the bytes were gzip-compressed. */
  readonly gzipped: boolean;
}

/** Where the charset of a decoded file came from. */
export type CharsetSource =
  | 'bom'
  | 'utf-8'
  | 'declared'
  | 'document'
  | 'detected';

const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** Magic numbers of common binary files, to name them in the rejection. */
const BINARY_SIGNATURES: ReadonlyArray<readonly [string, readonly number[]]> = [
  ['PDF document', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['WebP/RIFF media', [0x52, 0x49, 0x46, 0x46]],
  ['ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
  ['7-Zip archive', [0x37, 0x7a, 0xbc, 0xaf]],
  ['bzip2 archive', [0x42, 0x5a, 0x68]],
  ['xz archive', [0xfd, 0x37, 0x7a, 0x58, 0x5a]],
  ['Zstandard archive', [0x28, 0xb5, 0x2f, 0xfd]],
  ['ELF executable', [0x7f, 0x45, 0x4c, 0x46]],
  ['Word/OLE document', [0xd0, 0xcf, 0x11, 0xe0]],
];

/**
 * Share of C0 control bytes (other than tab, LF, CR, FF, ESC) above which
 * single-byte content is treated as binary. Real text has none; 1 % leaves
 * room for a stray form feed or vertical tab in a scrape.
 */
const MAX_CONTROL_BYTE_RATIO = 0.01;

/** Share of U+FFFD replacement characters above which decoding failed. */
const MAX_REPLACEMENT_RATIO = 0.001;

/** How many leading bytes to search for a charset declared in the document. */
const DOCUMENT_PRESCAN_BYTES = 1024;

/** `charset=` inside a Content-Type value. */
const CONTENT_TYPE_CHARSET = /charset\s*=\s*["']?([\w.:-]+)/i;

/** `<meta charset=…>`, `<meta http-equiv content="…; charset=…">`, `<?xml encoding=…?>`. */
const DOCUMENT_CHARSET =
  /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i;

/**
 * Undoes gzip if the bytes are gzip, within the decompressed-size limit.
 *
 * @throws InputRejectedError `too-large` past the limit (a gzip bomb),
 * `corrupt-archive` for broken or truncated gzip.
 */
export function gunzipIfNeeded(
  bytes: Uint8Array,
  limits: ResolvedLimits
): { bytes: Uint8Array; gzipped: boolean } {
  if (!startsWith(bytes, GZIP_MAGIC)) return { bytes, gzipped: false };
  try {
    const out = gunzipSync(bytes, {
      maxOutputLength: limits.maxDecompressedBytes,
    });
    return { bytes: out, gzipped: true };
  } catch (error) {
    const cause = toError(error);
    if ((cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new InputRejectedError(
        'too-large',
        `gzip content expands beyond ${limits.maxDecompressedBytes} bytes, the decompressed size limit`,
        { cause }
      );
    }
    throw new InputRejectedError(
      'corrupt-archive',
      `gzip data is corrupt or truncated: ${cause.message}`,
      { cause }
    );
  }
}

/**
 * Decodes bytes to text, choosing the charset as the module doc describes.
 *
 * @param bytes - the file content, gzip already undone
 * @param declaredContentType - the object's `Content-Type`, if any
 * @throws InputRejectedError `binary` or `undecodable`
 */
export function decodeText(
  bytes: Uint8Array,
  declaredContentType?: string
): Omit<DecodedText, 'gzipped'> {
  const bom = sniffBom(bytes);
  if (bom) {
    return {
      text: strictDecode(bytes.subarray(bom.length), bom.charset),
      charset: bom.charset,
      charsetSource: 'bom',
    };
  }
  const { utf16 } = rejectBinary(bytes);

  // UTF-16 text without a BOM is valid UTF-8 byte for byte (NULs and ASCII),
  // so it must skip the UTF-8 rule and go to detection.
  const asUtf8 = utf16 ? undefined : tryDecode(bytes, 'utf-8');
  if (asUtf8 !== undefined) {
    // Pure ASCII decodes the same in every ASCII-compatible charset, so a
    // declaration cannot change it; non-ASCII valid UTF-8 is rule 2 above.
    return { text: asUtf8, charset: 'utf-8', charsetSource: 'utf-8' };
  }

  const declared = [
    ['declared', charsetOf(declaredContentType)],
    ['document', documentCharset(bytes)],
  ] as const;
  for (const [source, label] of declared) {
    if (!label) continue;
    const text = tryDecode(bytes, label);
    if (text !== undefined && isPlausibleText(text)) {
      return { text, charset: canonicalName(label), charsetSource: source };
    }
  }

  return detectAndDecode(bytes);
}

/** The WHATWG name for a charset label, or the label if it is unknown. */
function canonicalName(label: string): string {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return label.toLowerCase();
  }
}

function sniffBom(
  bytes: Uint8Array
): { charset: string; length: number } | undefined {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    return { charset: 'utf-8', length: 3 };
  }
  if (startsWith(bytes, [0xff, 0xfe]))
    return { charset: 'utf-16le', length: 2 };
  if (startsWith(bytes, [0xfe, 0xff]))
    return { charset: 'utf-16be', length: 2 };
  return undefined;
}

/**
 * Rejects bytes that are not text in any ASCII-compatible charset.
 *
 * UTF-16 without a BOM is the one text encoding full of NUL bytes; chardet
 * recognises it, so NULs are only fatal when detection does not say UTF-16.
 */
function rejectBinary(bytes: Uint8Array): { utf16: boolean } {
  for (const [kind, signature] of BINARY_SIGNATURES) {
    if (startsWith(bytes, signature)) {
      throw new InputRejectedError(
        'binary',
        `content is a ${kind}, not text (starts with bytes ${hex(signature)})`
      );
    }
  }
  let nul = 0;
  let control = 0;
  // An indexed loop with the common case first: this runs over every byte
  // of every file, and is several times faster than `for…of` on large pages.
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (byte >= 0x20) continue;
    if (byte === 0) nul++;
    else if (!ALLOWED_CONTROL_BYTES.has(byte)) control++;
  }
  if (nul > 0) {
    if (utf16Detected(bytes)) return { utf16: true };
    throw new InputRejectedError(
      'binary',
      `content holds ${nul} NUL byte(s); text files never do`
    );
  }
  if (control > bytes.length * MAX_CONTROL_BYTE_RATIO) {
    throw new InputRejectedError(
      'binary',
      `content holds ${control} control bytes in ${bytes.length}; it is binary data, not text`
    );
  }
  return { utf16: false };
}

/** Tab, LF, VT, FF, CR and ESC occur in real text files. */
const ALLOWED_CONTROL_BYTES = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b]);

function utf16Detected(bytes: Uint8Array): boolean {
  const name = chardet.detect(bytes);
  return name === 'UTF-16LE' || name === 'UTF-16BE';
}

/** Statistical detection, for text that is neither UTF-8 nor declared. */
function detectAndDecode(bytes: Uint8Array): Omit<DecodedText, 'gzipped'> {
  for (const match of chardet.analyse(bytes)) {
    const text = tryDecode(bytes, match.name);
    if (text !== undefined && isPlausibleText(text)) {
      return {
        text,
        charset: canonicalName(match.name),
        charsetSource: 'detected',
      };
    }
  }
  throw new InputRejectedError(
    'undecodable',
    'content is not valid UTF-8, declares no charset that decodes it, and no charset could be detected'
  );
}

/**
 * Text with replacement characters or control characters in it was decoded
 * with the wrong charset.
 */
function isPlausibleText(text: string): boolean {
  let bad = 0;
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (char === '\uFFFD' || (code < 0x20 && !ALLOWED_CONTROL_BYTES.has(code)))
      bad++;
    else if (code >= 0x80 && code < 0xa0) bad++; // C1 controls: cp1252 read as latin-1
  }
  return bad <= text.length * MAX_REPLACEMENT_RATIO;
}

/** Decodes with `fatal` set, or returns undefined if the bytes are invalid. */
function tryDecode(bytes: Uint8Array, label: string): string | undefined {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(
      bytes
    );
  } catch {
    return undefined;
  }
}

function strictDecode(bytes: Uint8Array, charset: string): string {
  const text = tryDecode(bytes, charset);
  if (text === undefined) {
    throw new InputRejectedError(
      'undecodable',
      `content starts with a ${charset} byte order mark but is not valid ${charset}`
    );
  }
  return text;
}

function charsetOf(contentType: string | undefined): string | undefined {
  return contentType?.match(CONTENT_TYPE_CHARSET)?.[1];
}

function documentCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(
    bytes.subarray(0, DOCUMENT_PRESCAN_BYTES)
  );
  const match = head.match(DOCUMENT_CHARSET);
  return match?.[1] ?? match?.[2];
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return (
    bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b)
  );
}

function hex(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
}
