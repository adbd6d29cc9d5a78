/**
 * `dropwire dlq`: the local stack's dead letters, the messages that failed
 * every receive. (In AWS they are in the stack's dead-letter queue; its URL
 * is the `DeadLetterQueueUrl` output.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { messageKeys } from '../local/event-bridge.ts';
import type { DeadLetter } from '../local/local-queue.ts';
import { DEFAULT_DATA_DIR } from '../local/state.ts';

/** A dead letter with the object keys it names. */
export interface DeadLetterView extends DeadLetter {
  readonly keys: readonly string[];
}

/** A folder that holds no local stack's data. */
export class NoLocalStackError extends Error {
  public constructor(dataDir: string, why: string) {
    super(
      `there is no local stack in ${dataDir}: ${why}; pass the --data-dir that npm start used (default ./${DEFAULT_DATA_DIR})`
    );
    this.name = 'NoLocalStackError';
  }
}

/**
 * The dead letters kept in the data folder (the stack need not be running).
 *
 * @throws NoLocalStackError when the folder is missing, or no local stack
 * ever ran in it (it has no database folder)
 */
export function dlqCommand(dataDir = DEFAULT_DATA_DIR): DeadLetterView[] {
  const folder = resolve(dataDir);
  if (!existsSync(folder)) {
    throw new NoLocalStackError(folder, 'the folder does not exist');
  }
  // Every start makes the database folder, before any message is queued.
  if (!existsSync(join(folder, 'dynamodb'))) {
    throw new NoLocalStackError(folder, 'it holds no local mode data');
  }
  const file = join(folder, 'dead-letters.json');
  if (!existsSync(file)) return [];
  const letters = JSON.parse(readFileSync(file, 'utf8')) as DeadLetter[];
  return letters.map((letter) => ({
    ...letter,
    keys: messageKeys(letter.body),
  }));
}
