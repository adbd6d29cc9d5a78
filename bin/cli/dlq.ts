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

/** The dead letters kept in the data folder (the stack need not be running). */
export function dlqCommand(dataDir = DEFAULT_DATA_DIR): DeadLetterView[] {
  const file = join(resolve(dataDir), 'dead-letters.json');
  if (!existsSync(file)) return [];
  const letters = JSON.parse(readFileSync(file, 'utf8')) as DeadLetter[];
  return letters.map((letter) => ({
    ...letter,
    keys: messageKeys(letter.body),
  }));
}
