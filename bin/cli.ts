#!/usr/bin/env node
/**
 * The `dropwire` command line.
 *
 * ```
 * npx dropwire parse <file | -> [--pretty]
 * ```
 * `parse` prints `{"articles": [...]}` and exits 0, or prints
 * `{"rejected": {"code", "message"}}` and exits 2. Usage errors exit 64.
 */
import { readFile } from 'node:fs/promises';
import { buffer } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { parseFile } from '../functions/core/index.ts';

const EXIT_REJECTED = 2;
/** EX_USAGE from sysexits.h: the command was used incorrectly. */
const EXIT_USAGE = 64;

const HELP = `dropwire: turn article files into clean, structured articles

Usage:
  dropwire parse <file | -> [--pretty]   parse one file (- reads stdin)
  dropwire --help                        show this help

parse prints {"articles": [...]} on stdout and exits 0; a file that cannot
become an article prints {"rejected": {"code", "message"}} and exits 2.

Options:
  --pretty      indent the JSON output
  --key <key>   object key to record as the origin (default: the file path)
  -h, --help    show this help
`;

/** A usage mistake: print the message and the help, exit 64. */
class UsageError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

async function parseCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      pretty: { type: 'boolean', default: false },
      key: { type: 'string' },
    },
  });
  const [path, ...extra] = positionals;
  if (!path || extra.length > 0) {
    throw new UsageError('parse takes exactly one file, or - for stdin');
  }
  const bytes =
    path === '-' ? await buffer(process.stdin) : await readFile(path);
  const key = values.key ?? (path === '-' ? undefined : path);
  const result = parseFile(bytes, key ? { key } : {});
  const output = result.ok
    ? { articles: result.articles }
    : { rejected: result.rejection };
  process.stdout.write(
    `${JSON.stringify(output, null, values.pretty ? 2 : undefined)}\n`
  );
  return result.ok ? 0 : EXIT_REJECTED;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (
    !command ||
    command === '--help' ||
    command === '-h' ||
    command === 'help'
  ) {
    process.stdout.write(HELP);
    return command ? 0 : EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  switch (command) {
    case 'parse':
      return parseCommand(rest);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const usage =
    error instanceof UsageError ||
    (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`dropwire: ${message}\n${usage ? `\n${HELP}` : ''}`);
  process.exitCode = usage ? EXIT_USAGE : 1;
}
