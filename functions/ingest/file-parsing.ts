/**
 * Where a file is parsed: the seam between the ingest function and the
 * core's `FileParser`.
 *
 * The Lambda parses in its own thread (`inProcessParsing`): one file at a
 * time, nothing else to serve. Local mode runs S3, the API and the console
 * in the same process as the ingest, so it parses in worker threads
 * (`bin/local/parse-pool.ts`), and a 3 MB JSON of 1,000,000 items no
 * longer stops every server for the seconds it takes. Both give the same
 * answers, as promises; the state getters hold the answer to the last
 * settled call.
 */
import {
  type FileFormat,
  type FileMeta,
  FileParser,
  type FileParserOptions,
  type ParseEnd,
  type ParseProgress,
  type ResumePoint,
} from '../core/index.ts';

/** One file's parse, as `ingestObject` drives it. */
export interface FileParsing {
  /** Reads more bytes (see `FileParser.push`). */
  push(chunk: Uint8Array): Promise<ParseProgress>;
  /** Finishes the file (see `FileParser.end`). */
  end(): Promise<ParseEnd>;
  /** Frees what the parse holds; the parse is not used after. */
  close(): void;
  readonly format: FileFormat | undefined;
  readonly entries: number;
  readonly resumePoint: ResumePoint;
}

/** Starts the parse of one file. */
export type ParsingFactory = (
  meta: FileMeta,
  options: FileParserOptions
) => FileParsing;

/** Parses in the calling thread: the Lambda's way. */
export const inProcessParsing: ParsingFactory = (meta, options) => {
  const parser = new FileParser(meta, options);
  return {
    push: async (chunk) => parser.push(chunk),
    end: async () => parser.end(),
    close: () => {},
    get format() {
      return parser.format;
    },
    get entries() {
      return parser.entries;
    },
    get resumePoint() {
      return parser.resumePoint;
    },
  };
};
