/**
 * How the command line reports failures: one line on stderr, for people.
 *
 * File-system errors (a path that does not exist, a folder given as a
 * file, no permission) become `cannot read <path>: <reason>` instead of
 * Node's `ENOENT: no such file or directory, stat …`; anything printed
 * has its control characters escaped, so a key or a path holding ESC
 * cannot drive the terminal.
 */

/** Exit status of a command whose stdout was closed early: 128 + SIGPIPE. */
export const EXIT_BROKEN_PIPE = 141;

/** What Node's file-system error codes mean, for people. */
const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
};

/** A failure the command explains in one line, and exits 1 for. */
export class CliError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CliError';
  }
}

/** A Node system error: its `code`, and the path it was about. */
interface SystemError {
  readonly code: string;
  readonly path?: string;
}

function isSystemError(error: unknown): error is SystemError {
  return (
    error instanceof Error &&
    typeof (error as { code?: unknown }).code === 'string'
  );
}

/**
 * `error` as a {@link CliError} about reading `path`, when it is a
 * file-system error (else `error` itself).
 *
 * @example
 * ```ts
 * fileError(enoent, './x').message; // 'cannot read ./x: no such file'
 * ```
 */
export function fileError(error: unknown, path: string): unknown {
  if (!isSystemError(error)) return error;
  const reason = FILE_ERRORS[error.code];
  if (!reason) return error;
  return new CliError(`cannot read ${printable(path)}: ${reason}`, {
    cause: error,
  });
}

/** The one line printed for `error` (after `dropwire: `). */
export function errorLine(error: unknown): string {
  if (isSystemError(error) && error.path && FILE_ERRORS[error.code]) {
    const known = fileError(error, error.path);
    if (known instanceof Error) return known.message;
  }
  const message = error instanceof Error ? error.message : String(error);
  // The first line: a library's message may go on with a stack or advice.
  return printable(message.split('\n')[0] ?? '');
}

/**
 * `text` with control characters escaped as `\u001b`, as JSON would
 * print them, so that it is safe to write to a terminal.
 */
export function printable(text: string): string {
  return text.replace(
    /\p{Cc}/gu,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  );
}

/**
 * Ends the process quietly when stdout is closed early (`dropwire parse
 * big.jsonl | head`), with the status a process killed by SIGPIPE has;
 * any other stdout error is reported as usual.
 */
export function exitQuietlyOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(EXIT_BROKEN_PIPE);
  });
}
