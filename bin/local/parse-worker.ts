/**
 * A parse worker of local mode (`parse-pool.ts` starts it): runs the core's
 * `FileParser` for the files the pool gives it, so their parsing does not
 * hold up the main thread's servers.
 *
 * Each request names a parse (`id`) and carries a sequence number; each
 * answer carries them back, with the parser's result and its state (format,
 * entries, resume point), or the error a call threw.
 */
import { parentPort } from 'node:worker_threads';
import { FileParser } from '../../functions/core/index.ts';
import type { ParseRequest, ParseResponse } from './parse-protocol.ts';

const port = parentPort;
if (!port) throw new Error('parse-worker.ts runs as a worker thread only');

/** The parses in progress, by id; or the error their constructor threw. */
const parsers = new Map<number, FileParser | Error>();

port.on('message', (request: ParseRequest) => {
  if (request.op === 'open') {
    try {
      parsers.set(request.id, new FileParser(request.meta, request.options));
    } catch (error) {
      parsers.set(request.id, asError(error));
    }
    return;
  }
  if (request.op === 'close') {
    parsers.delete(request.id);
    return;
  }
  port.postMessage(answer(request));
});

function answer(request: ParseRequest & { seq: number }): ParseResponse {
  const { id, seq } = request;
  const parser = parsers.get(id);
  try {
    if (parser === undefined) throw new Error(`no parse ${id} in this worker`);
    if (parser instanceof Error) throw parser;
    const result =
      request.op === 'push' ? parser.push(request.chunk) : parser.end();
    return {
      id,
      seq,
      ok: true,
      result,
      state: {
        format: parser.format,
        entries: parser.entries,
        resumePoint: parser.resumePoint,
      },
    };
  } catch (error) {
    const { name, message, stack } = asError(error);
    return { id, seq, ok: false, error: { name, message, stack } };
  }
}

function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
