/**
 * decode: bytes → text.
 *
 * Order of evidence, strongest first (WHATWG Encoding's "BOM sniff" comes
 * first for the same reason: a BOM is never accidental):
 * 1. a byte order mark (UTF-8, UTF-16 LE/BE), then UTF-16 without one by
 *    its pattern of NUL bytes;
 * 2. valid UTF-8 that contains non-ASCII bytes: legacy charsets almost never
 *    produce valid multi-byte UTF-8 by chance, while servers and scrapers
 *    often declare `ISO-8859-1` for UTF-8 text; and, for the same reason,
 *    text whose non-ASCII bytes are mostly well-formed UTF-8 sequences is
 *    broken UTF-8 (a byte cut, a stray legacy byte), decoded here as UTF-8
 *    with U+FFFD for each invalid byte, as browsers do: any legacy charset
 *    would decode it into mojibake (`Ã©`), and rejecting it would lose a
 *    page for one stray byte;
 * 3. the charset the object declares (`Content-Type`), then one declared
 *    in the document (`<meta charset>` in its first 1024 bytes or anywhere
 *    in a longer `<head>`, up to 64 KiB; XML declaration);
 * 4. statistical detection (chardet) for undeclared legacy text.
 * A declared charset that does not decode cleanly is not trusted: detection
 * takes over, so we never silently produce mojibake.
 */
import chardet from 'chardet';
import { InputRejectedError } from './errors.ts';
import { byteOrderMark, startsWith, ZIP_MAGIC } from './read/sniff.ts';

/** The text of a file and how it was obtained. */
export interface DecodedText {
  readonly text: string;
  /** WHATWG name of the charset used, e.g. `utf-8`, `windows-1252`. */
  readonly charset: string;
  /** Why that charset: `bom`, `utf-8`, `declared`, `document`, `detected`. */
  readonly charsetSource: CharsetSource;
}

/** Where the charset of a decoded file came from. */
export type CharsetSource =
  | 'bom'
  | 'utf-8'
  | 'declared'
  | 'document'
  | 'detected';

/** Magic numbers of common binary files, to name them in the rejection. */
const BINARY_SIGNATURES: ReadonlyArray<readonly [string, readonly number[]]> = [
  ['PDF document', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['WebP/RIFF media', [0x52, 0x49, 0x46, 0x46]],
  ['ZIP archive', ZIP_MAGIC],
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
/**
 * Past those, how far the rest of a long `<head>` is searched: browsers
 * that meet a `<meta charset>` there while parsing switch to it and read
 * the page again.
 */
const DOCUMENT_HEAD_MAX_BYTES = 64 * 1024;
/** Where a document's head ends: `</head>` or the `<body>` tag. */
const HEAD_END = /<\/head\s*>|<body[\s>]/i;

/** `charset=` inside a Content-Type value. */
const CONTENT_TYPE_CHARSET = /charset\s*=\s*["']?([\w.:-]+)/i;

/** `<meta charset=…>`, `<meta http-equiv content="…; charset=…">`, `<?xml encoding=…?>`. */
const DOCUMENT_CHARSET =
  /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i;

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
): DecodedText {
  const bom = byteOrderMark(bytes);
  if (bom) {
    return {
      text: strictDecode(bytes.subarray(bom.length), bom.charset),
      charset: bom.charset,
      charsetSource: 'bom',
    };
  }
  // UTF-16 text without a BOM is valid UTF-8 byte for byte (NULs and
  // ASCII), so it must be recognised before the UTF-8 rule.
  const utf16 = sniffUtf16(bytes);
  if (utf16) {
    const text = tryDecode(bytes, utf16);
    if (text !== undefined && isPlausibleText(text)) {
      return { text, charset: utf16, charsetSource: 'detected' };
    }
  }
  rejectBinary(bytes);

  const asUtf8 = tryDecode(bytes, 'utf-8');
  if (asUtf8 !== undefined) {
    // Pure ASCII decodes the same in every ASCII-compatible charset, so a
    // declaration cannot change it; non-ASCII valid UTF-8 is rule 2 above.
    return { text: asUtf8, charset: 'utf-8', charsetSource: 'utf-8' };
  }

  if (isBrokenUtf8(bytes)) {
    const text = new TextDecoder('utf-8').decode(bytes);
    return { text, charset: 'utf-8', charsetSource: 'utf-8' };
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

/**
 * Share of non-ASCII bytes inside well-formed UTF-8 sequences at or above
 * which invalid UTF-8 is broken UTF-8, not a legacy charset. Legacy text
 * scores near 0 (an accented letter is one high byte between ASCII ones;
 * measured in tests/unit/core/decode-legacy.test.ts); UTF-8 with one byte
 * cut out of three two-byte letters still scores 0.8.
 */
const MIN_UTF8_SEQUENCE_SHARE = 0.5;

/**
 * Whether text is UTF-8 with some bytes broken: most of its non-ASCII bytes
 * form well-formed UTF-8 sequences, but not all.
 */
function isBrokenUtf8(bytes: Uint8Array): boolean {
  let high = 0;
  let inSequences = 0;
  for (let i = 0; i < bytes.length; ) {
    const byte = bytes[i] as number;
    if (byte < 0x80) {
      i++;
      continue;
    }
    const length = utf8SequenceLength(bytes, i);
    high += length || 1;
    inSequences += length;
    i += length || 1;
  }
  return inSequences > 0 && inSequences >= high * MIN_UTF8_SEQUENCE_SHARE;
}

/**
 * The length of the well-formed UTF-8 sequence at `at` (2–4 bytes), or 0
 * (Unicode Table 3-7: no overlong forms, surrogates or values past U+10FFFF).
 */
function utf8SequenceLength(bytes: Uint8Array, at: number): number {
  const lead = bytes[at] as number;
  let length: number;
  let low = 0x80;
  let high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) length = 2;
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead === 0xe0) low = 0xa0;
    if (lead === 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead === 0xf0) low = 0x90;
    if (lead === 0xf4) high = 0x8f;
  } else return 0;
  for (let k = 1; k < length; k++) {
    const next = bytes[at + k];
    if (next === undefined || next < low || next > high) return 0;
    // Only the second byte has the narrower range.
    low = 0x80;
    high = 0xbf;
  }
  return length;
}

/** The WHATWG name for a charset label, or the label if it is unknown. */
function canonicalName(label: string): string {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return label.toLowerCase();
  }
}

/**
 * Rejects bytes that are not text in any ASCII-compatible charset: a known
 * binary signature, NUL bytes (UTF-16 was ruled out before), or control
 * characters.
 */
function rejectBinary(bytes: Uint8Array): void {
  for (const [kind, signature] of BINARY_SIGNATURES) {
    if (startsWith(bytes, signature)) {
      throw new InputRejectedError(
        'binary',
        `content is a ${kind}, not text (starts with bytes ${hex(signature)})`
      );
    }
  }
  if (bytes.indexOf(0) !== -1) {
    const nul = bytes.reduce((n, byte) => n + (byte === 0 ? 1 : 0), 0);
    throw new InputRejectedError(
      'binary',
      `content holds ${nul} NUL byte(s); text files never do`
    );
  }
  let control = 0;
  for (let i = 0; i < bytes.length; i++) {
    control += STRAY_CONTROL[bytes[i] as number] as number;
  }
  if (control > bytes.length * MAX_CONTROL_BYTE_RATIO) {
    throw new InputRejectedError(
      'binary',
      `content holds ${control} control bytes in ${bytes.length}; it is binary data, not text`
    );
  }
}

/** Tab, LF, VT, FF, CR and ESC occur in real text files. */
const ALLOWED_CONTROL_BYTES = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b]);

/** 1 for each byte value that is a control byte real text does not hold. */
const STRAY_CONTROL = Uint8Array.from({ length: 256 }, (_, byte) =>
  byte > 0 && byte < 0x20 && !ALLOWED_CONTROL_BYTES.has(byte) ? 1 : 0
);

/**
 * UTF-16 without a BOM, by its NUL pattern: text in Latin scripts has a NUL
 * as the high byte of nearly every code unit, so one byte position (odd for
 * little-endian, even for big-endian) is mostly NUL and the other almost
 * never. chardet does not recognise BOM-less UTF-16; this pattern is what
 * `file` and uchardet use.
 */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const sample = bytes.subarray(0, UTF16_SNIFF_BYTES & ~1);
  const units = sample.length / 2;
  if (units < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < sample.length; i += 2) {
    if (sample[i] === 0) evenNul++;
    if (sample[i + 1] === 0) oddNul++;
  }
  const mostly = units * UTF16_NUL_SHARE;
  const rarely = units * UTF16_OTHER_NUL_SHARE;
  if (oddNul >= mostly && evenNul <= rarely) return 'utf-16le';
  if (evenNul >= mostly && oddNul <= rarely) return 'utf-16be';
  return undefined;
}

const UTF16_SNIFF_BYTES = 4096;
/** Share of code units whose high byte is NUL in UTF-16 Latin text. */
const UTF16_NUL_SHARE = 0.4;
/** Share of NUL low bytes allowed (U+0100, U+0200… are rare). */
const UTF16_OTHER_NUL_SHARE = 0.02;

/** Statistical detection, for text that is neither UTF-8 nor declared. */
function detectAndDecode(bytes: Uint8Array): DecodedText {
  for (const match of chardet.analyse(bytes)) {
    if (match.confidence < minConfidence(match.name)) continue;
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
 * How sure chardet must be of a charset before we decode with it.
 *
 * Multi-byte charsets (Shift_JIS, GB18030, Big5, EUC-*) decode almost any
 * high-bit bytes into plausible-looking ideographs, so a guess is mojibake
 * unless chardet's analyser recognised real text (it then reports 50–100).
 * Single-byte charsets are told apart by letter frequencies, and short real
 * text scores as low as 10–15, so they need less. ASCII (`0`) is never a
 * candidate here: the bytes were not ASCII, or UTF-8 would have taken them.
 */
function minConfidence(charset: string): number {
  return MULTI_BYTE_CHARSETS.test(charset)
    ? MIN_MULTI_BYTE_CONFIDENCE
    : MIN_SINGLE_BYTE_CONFIDENCE;
}

const MULTI_BYTE_CHARSETS =
  /^(?:Shift_JIS|EUC-JP|EUC-KR|GB18030|Big5|ISO-2022-)/iu;
const MIN_MULTI_BYTE_CONFIDENCE = 50;
const MIN_SINGLE_BYTE_CONFIDENCE = 10;

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
  const prefix = new TextDecoder('latin1').decode(
    bytes.subarray(0, DOCUMENT_HEAD_MAX_BYTES)
  );
  const headEnd = prefix.search(HEAD_END);
  const end = Math.max(
    DOCUMENT_PRESCAN_BYTES,
    headEnd < 0 ? prefix.length : headEnd
  );
  const match = prefix.slice(0, end).match(DOCUMENT_CHARSET);
  return match?.[1] ?? match?.[2];
}

function hex(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');
}
