/**
 * Finding the running local stack: `npm start` writes `local.json` into its
 * data folder (default `./.dropwire`) and removes it when it stops.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DEFAULT_DATA_DIR,
  type LocalStackInfo,
  STATE_FILE,
} from '../local/state.ts';

/** A command needs the local stack and it is not running. */
export class LocalStackNotRunningError extends Error {
  public constructor(dataDir: string) {
    super(
      `no local stack is running with data folder ${dataDir} (no ${STATE_FILE}); start one with \`npm start\`, or pass --bucket (and --table) for AWS`
    );
    this.name = 'LocalStackNotRunningError';
  }
}

/** The running local stack's details. */
export function readLocalState(dataDir = DEFAULT_DATA_DIR): LocalStackInfo {
  const file = join(resolve(dataDir), STATE_FILE);
  if (!existsSync(file)) throw new LocalStackNotRunningError(resolve(dataDir));
  const state = JSON.parse(readFileSync(file, 'utf8')) as LocalStackInfo;
  if (!isAlive(state.pid))
    throw new LocalStackNotRunningError(resolve(dataDir));
  return state;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
