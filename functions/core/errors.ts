/**
 * Errors and rejections of the pure core.
 *
 * A file that is not an article (empty, binary, undecodable, too large, no
 * recognisable text) is a normal outcome, not a crash: `parseFile` returns a
 * {@link Rejection} with a stable `code` and a human `message`. Internally the
 * stages throw {@link InputRejectedError}, and it is caught where the reach
 * of the failure ends, each time with `rejectionOf` (`entries.ts`):
 * - the entry emitter, for a fault of one entry (the file goes on);
 * - the zip reader, for a fault of one archive member (the archive goes on);
 * - `FileParser`, for a fault of the whole file: its rejection before any
 *   entry was met, else a problem at the place reading stopped.
 * Anything else thrown (a bug) is caught at the same places and becomes a
 * `parser-error`. Nothing thrown leaves `FileParser` or `parseFile`.
 */

/**
 * Stable rejection codes. They are part of the public API (file records, the
 * CLI and `GET /files/{key}` report them), so add new ones, never rename.
 */
export const REJECTION_CODES = [
  /** The file has no bytes, or only white space. */
  'empty',
  /** The file (or its decompressed content) is larger than the limits allow. */
  'too-large',
  /** The bytes are not text: NUL bytes, control characters, a known binary type. */
  'binary',
  /** The text cannot be decoded without guessing: invalid in every candidate charset. */
  'undecodable',
  /** A gzip or zip container is corrupt or truncated. */
  'corrupt-archive',
  /** The content is a format Dropwire does not parse. */
  'unsupported-format',
  /** The content is well-formed for its format but malformed as an entry. */
  'malformed',
  /** The text was decoded and parsed, but it holds no recognisable article. */
  'not-an-article',
  /** A parser failed on this input: a Dropwire bug; the message names it. */
  'parser-error',
  /**
   * The file costs more work than one step may take (`maxStepMs`): what
   * was read so far is kept, the rest is not read.
   */
  'too-complex',
] as const;

/** One of {@link REJECTION_CODES}. */
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** Why a file produced no article: a stable code and a message for people. */
export interface Rejection {
  readonly code: RejectionCode;
  readonly message: string;
}

/**
 * Base class of every error Dropwire's runtime throws.
 *
 * Catch it to tell Dropwire's own failures from bugs and from SDK errors.
 */
export class DropwireError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DropwireError';
  }
}

/**
 * The input cannot become an article. Carries the rejection `code`.
 *
 * Thrown by the reading, decoding and parsing stages; caught as the module
 * doc above says and turned into a {@link Rejection}, so it never escapes
 * the core's public entry points.
 */
export class InputRejectedError extends DropwireError {
  public readonly code: RejectionCode;

  public constructor(
    code: RejectionCode,
    message: string,
    options?: ErrorOptions
  ) {
    super(message, options);
    this.name = 'InputRejectedError';
    this.code = code;
  }

  /** The plain rejection object this error stands for. */
  public toRejection(): Rejection {
    return { code: this.code, message: this.message };
  }
}

/**
 * A limit of the whole file was reached (its entries, its output, its
 * time): reading stops there. Unlike other rejections it is never taken
 * as a fault of the entry or archive member being read, which would let
 * the file go on; every stage lets it through to `FileParser`.
 */
export class FileLimitError extends InputRejectedError {
  public constructor(code: RejectionCode, message: string) {
    super(code, message);
    this.name = 'FileLimitError';
  }
}

/**
 * A cleaned article broke the Article schema: a bug in a parser or clean
 * step, never the input's fault.
 */
export class InvalidArticleError extends DropwireError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidArticleError';
  }
}

/** Narrows an unknown thrown value to an `Error`, wrapping anything else. */
export function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
