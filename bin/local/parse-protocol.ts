/**
 * The messages between the parse pool (`parse-pool.ts`) and its workers
 * (`parse-worker.ts`). Every value is structured-clone data.
 */
import type {
  FileFormat,
  FileMeta,
  FileParserOptions,
  ParseEnd,
  ParseProgress,
  ResumePoint,
} from '../../functions/core/index.ts';

/** Pool → worker. `push` and `end` are answered; `open`, `close` are not. */
export type ParseRequest =
  | {
      readonly op: 'open';
      readonly id: number;
      readonly meta: FileMeta;
      readonly options: FileParserOptions;
    }
  | {
      readonly op: 'push';
      readonly id: number;
      readonly seq: number;
      readonly chunk: Uint8Array;
    }
  | { readonly op: 'end'; readonly id: number; readonly seq: number }
  | { readonly op: 'close'; readonly id: number };

/** The parser's state after a call. */
export interface ParseState {
  readonly format: FileFormat | undefined;
  readonly entries: number;
  readonly resumePoint: ResumePoint;
}

/** Worker → pool: the answer to one `push` or `end`. */
export type ParseResponse =
  | {
      readonly id: number;
      readonly seq: number;
      readonly ok: true;
      readonly result: ParseProgress | ParseEnd;
      readonly state: ParseState;
    }
  | {
      readonly id: number;
      readonly seq: number;
      readonly ok: false;
      readonly error: {
        readonly name: string;
        readonly message: string;
        readonly stack: string | undefined;
      };
    };
