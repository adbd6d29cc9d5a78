#!/usr/bin/env node
/**
 * The `dropwire` command line.
 *
 * ```
 * npx dropwire parse <file | -> [--pretty]
 * npx dropwire upload <files | dirs> [--bucket name]
 * npx dropwire status <key> [--bucket name --table name]
 * npx dropwire dlq
 * npx dropwire reprocess [--prefix p] [--dry-run] [--start-after key]
 *     [--bucket name --queue-url url]
 * ```
 * `parse` prints `{"articles": [...]}` and exits 0, or prints
 * `{"rejected": {"code", "message"}}` and exits 2. Multi-article files
 * (JSON Lines, feeds, zip archives) add `"problems": [{location, code,
 * message}]`: the entries that were skipped. Usage errors exit 64.
 */
import { createReadStream, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  type Article,
  type EntryProblem,
  type FileFormat,
  FileParser,
  type ParseProgress,
  type Rejection,
  STREAMED_FORMATS,
} from '../functions/core/index.ts';
import {
  CliError,
  errorLine,
  exitQuietlyOnBrokenPipe,
  fileError,
  printable,
} from './cli/errors.ts';

const EXIT_REJECTED = 2;
/** `status` of a key with no file record. */
const EXIT_NOT_FOUND = 3;

/** Flags shared by the commands that can talk to AWS or the local stack. */
const AWS_OPTIONS = {
  bucket: { type: 'string' },
  region: { type: 'string' },
  'data-dir': { type: 'string' },
} as const;
/** EX_USAGE from sysexits.h: the command was used incorrectly. */
const EXIT_USAGE = 64;

const HELP = `dropwire: turn article files into clean, structured articles

Usage:
  dropwire parse <file | -> [--pretty] [--key <key>]
      parse one file (- reads stdin); prints {"articles": [...]} and exits
      0, or {"rejected": {"code", "message"}} and exits 2; JSON Lines,
      feeds and zip archives also list "problems": the entries skipped
  dropwire upload <files | dirs> [--bucket <name>] [--prefix <p>]
      upload to the local stack (npm start), or to an S3 bucket in AWS
  dropwire status <key> [--bucket <name> --table <name>]
      what became of an uploaded file (local stack, or AWS with both flags);
      a file being read is "processing", with how far it has come
  dropwire dlq [--json]
      the local stack's dead letters: messages that failed every retry
  dropwire reprocess [--prefix <p>] [--dry-run] [--start-after <key>]
                     [--bucket <name> --queue-url <url>]
      send every object in the drop bucket (or under a prefix) to ingest
      again, to be read by the current parser; unchanged articles are not
      rewritten. Exits 1 if any was not sent, printing where to resume

Options:
  --pretty           indent JSON output
  --key <key>        object key recorded as the origin (default: the path)
  --bucket <name>    an S3 bucket in AWS (normal AWS credentials)
  --table <name>     the stack's DynamoDB table (the TableName output)
  --region <region>  AWS region (default: AWS_REGION or us-east-1)
  --prefix <p>       prefix for uploaded keys, e.g. feeds/2026-11/; for
                     reprocess, only the keys that start so
  --queue-url <url>  the stack's ingest queue (the IngestQueueUrl output)
  --start-after <k>  reprocess only the keys after k (where a run stopped)
  --dry-run          reprocess: list and count, send nothing
  --data-dir <dir>   the local stack's data folder (default .dropwire)
  -h, --help         show this help
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
  const key = values.key ?? (path === '-' ? undefined : path);
  const size = path === '-' ? undefined : await fileSize(path);
  const input: AsyncIterable<Uint8Array> =
    path === '-' ? process.stdin : createReadStream(path);
  const out = new ArticlesWriter(values.pretty ?? false);
  // Read as a stream: a JSON Lines file or a feed of any size prints its
  // articles as they are parsed, in bounded memory.
  const parser = new FileParser({
    ...(key ? { key } : {}),
    ...(size !== undefined ? { sizeBytes: size } : {}),
  });
  // The core lists a file's first problems only (`maxProblems`) and
  // counts the rest, so this list stays short however bad the file is.
  const problems: EntryProblem[] = [];
  let unlisted = 0;
  const take = (step: ParseProgress) => {
    for (const problem of step.problems) problems.push(problem);
    unlisted += step.unlistedProblems;
    return out.write(step.articles);
  };
  try {
    for await (const chunk of input) await take(parser.push(chunk));
  } catch (error) {
    throw fileError(error, path);
  }
  const end = parser.end();
  await take(end);
  // No article came out, whatever the batches: the file is rejected.
  if (!out.started) {
    const rejected = {
      rejected: end.ok ? noArticle(problems) : end.rejection,
      ...(problems.length > 0 ? { problems } : {}),
      ...(unlisted > 0 ? { unlistedProblems: unlisted } : {}),
    };
    await print(
      `${JSON.stringify(rejected, null, values.pretty ? 2 : undefined)}\n`
    );
    return EXIT_REJECTED;
  }
  const listProblems =
    problems.length > 0 ||
    (end.format !== undefined && listsEntries(end.format));
  await out.close(listProblems ? problems : undefined, unlisted);
  return 0;
}

/** The size of the file at `path`, or a one-line error saying why not. */
async function fileSize(path: string): Promise<number> {
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (error) {
    throw fileError(error, path);
  }
  if (stats.isDirectory()) {
    throw new CliError(
      `cannot read ${printable(path)}: it is a folder, not a file (upload takes folders)`
    );
  }
  return stats.size;
}

/** Why a file that was read to its end gave no article. */
function noArticle(problems: readonly EntryProblem[]): Rejection {
  const first = problems[0];
  return {
    code: first?.code ?? 'not-an-article',
    message: first
      ? `no entry became an article; ${first.location}: ${first.message}`
      : 'no entry became an article',
  };
}

/**
 * Whether a file's output lists the entries that were skipped, even when
 * none was: archives, and the formats that list many entries by their
 * nature (those the core streams).
 */
function listsEntries(format: FileFormat): boolean {
  return format === 'zip' || STREAMED_FORMATS.has(format);
}

/**
 * Prints `{"articles": [...], "problems": [...]}` as articles arrive,
 * waiting for stdout to drain, so memory does not grow with the file.
 */
class ArticlesWriter {
  readonly #pretty: boolean;
  #count = 0;

  public constructor(pretty: boolean) {
    this.#pretty = pretty;
  }

  /** Whether any article was printed. */
  public get started(): boolean {
    return this.#count > 0;
  }

  public async write(articles: readonly Article[]): Promise<void> {
    for (const article of articles) {
      const json = this.#pretty
        ? JSON.stringify(article, null, 2).replaceAll('\n', '\n    ')
        : JSON.stringify(article);
      const lead =
        this.#count === 0
          ? this.#pretty
            ? '{\n  "articles": [\n    '
            : '{"articles":['
          : this.#pretty
            ? ',\n    '
            : ',';
      this.#count++;
      await print(lead + json);
    }
  }

  public async close(
    problems: readonly EntryProblem[] | undefined,
    unlisted: number
  ) {
    const counted =
      unlisted > 0
        ? this.#pretty
          ? `,\n  "unlistedProblems": ${unlisted}`
          : `,"unlistedProblems":${unlisted}`
        : '';
    const list = problems
      ? (this.#pretty
          ? `,\n  "problems": ${JSON.stringify(problems, null, 2).replaceAll('\n', '\n  ')}`
          : `,"problems":${JSON.stringify(problems)}`) + counted
      : '';
    if (this.#count === 0) {
      await print(
        this.#pretty
          ? `{\n  "articles": []${list}\n}\n`
          : `{"articles":[]${list}}\n`
      );
      return;
    }
    await print(this.#pretty ? `\n  ]${list}\n}\n` : `]${list}}\n`);
  }
}

/** Writes to stdout, waiting when its buffer is full. */
function print(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', () => resolve());
  });
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
    case 'upload': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { ...AWS_OPTIONS, prefix: { type: 'string' } },
      });
      if (positionals.length === 0)
        throw new UsageError('upload needs at least one file or folder');
      const { uploadCommand } = await import('./cli/upload.ts');
      const failed = await uploadCommand({
        paths: positionals,
        bucket: values.bucket,
        region: values.region,
        prefix: values.prefix,
        dataDir: values['data-dir'],
      });
      return failed > 0 ? 1 : 0;
    }
    case 'status': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { ...AWS_OPTIONS, table: { type: 'string' } },
      });
      const [key, ...extra] = positionals;
      if (!key || extra.length > 0)
        throw new UsageError('status takes exactly one object key');
      const { processingNote, statusCommand } = await import('./cli/status.ts');
      const record = await statusCommand({
        key,
        bucket: values.bucket,
        table: values.table,
        region: values.region,
        dataDir: values['data-dir'],
      });
      if (!record) {
        process.stderr.write(
          `dropwire: no record of "${printable(key)}": it was never processed (yet)\n`
        );
        return EXIT_NOT_FOUND;
      }
      process.stdout.write(`${JSON.stringify(record, null, 2)}\n`);
      const note = processingNote(record);
      if (note) process.stderr.write(`dropwire: ${note}\n`);
      return 0;
    }
    case 'dlq': {
      const { values } = parseArgs({
        args: rest,
        options: {
          'data-dir': { type: 'string' },
          json: { type: 'boolean', default: false },
        },
      });
      const { dlqCommand } = await import('./cli/dlq.ts');
      const letters = dlqCommand(values['data-dir']);
      if (values.json) {
        process.stdout.write(`${JSON.stringify(letters, null, 2)}\n`);
      } else if (letters.length === 0) {
        process.stdout.write('no dead letters\n');
      } else {
        for (const letter of letters) {
          process.stdout.write(
            `${letter.deadLetteredAt}  ${letter.keys.join(', ') || '(not an S3 event)'}  after ${letter.receiveCount} receives: ${letter.lastError ?? 'failed'}\n`
          );
        }
      }
      return 0;
    }
    case 'reprocess': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          ...AWS_OPTIONS,
          prefix: { type: 'string' },
          'queue-url': { type: 'string' },
          'start-after': { type: 'string' },
          'dry-run': { type: 'boolean', default: false },
        },
      });
      if (positionals.length > 0)
        throw new UsageError('reprocess takes no file or key; see --prefix');
      const { reprocessCommand, summaryLines } = await import(
        './cli/reprocess.ts'
      );
      // SIGINT stops the run after the batches in flight, with a resume
      // point; a second one ends the process at once.
      const interrupt = new AbortController();
      process.once('SIGINT', () => interrupt.abort());
      const options = {
        prefix: values.prefix,
        dryRun: values['dry-run'],
        startAfter: values['start-after'],
        bucket: values.bucket,
        queueUrl: values['queue-url'],
        region: values.region,
        dataDir: values['data-dir'],
        signal: interrupt.signal,
      };
      const summary = await reprocessCommand(options);
      const { out, err } = summaryLines(summary, options);
      for (const line of out) process.stdout.write(`${line}\n`);
      for (const line of err) process.stderr.write(`dropwire: ${line}\n`);
      return summary.stopped || summary.failed.length > 0 ? 1 : 0;
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

exitQuietlyOnBrokenPipe(process.stdout);
try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const usage =
    error instanceof UsageError ||
    (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  // One line, for people: file-system errors say which path and why.
  process.stderr.write(
    `dropwire: ${errorLine(error)}\n${usage ? `\n${HELP}` : ''}`
  );
  process.exitCode = usage ? EXIT_USAGE : 1;
}
