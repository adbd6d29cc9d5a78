/**
 * The data folder's lock: one local stack per data folder.
 *
 * Two stacks on one folder would run two DynamoDB Locals on one database
 * file and two queues on one queue file, and each would overwrite the
 * other's. The lock is a file, `lock.json`, holding the owner's process id
 * and that of the DynamoDB Local it started. A lock whose owner is gone (a
 * `kill -9`, a crash) is taken over, and the Java process that owner left
 * behind, still holding the database, is stopped first.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

/** The lock file's name inside the data folder. */
export const LOCK_FILE = 'lock.json';

/** What the lock file holds. */
interface LockContent {
  readonly pid: number;
  readonly since: string;
  /** The DynamoDB Local (Java) process the owner started, if any. */
  readonly javaPid?: number | undefined;
}

/** Another running local stack owns the data folder. */
export class DataDirInUseError extends Error {
  public readonly pid: number;

  public constructor(dataDir: string, pid: number) {
    super(
      `${dataDir} is in use by another local stack (process ${pid}): stop it first (Ctrl-C where it runs), or give this one another --data-dir`
    );
    this.name = 'DataDirInUseError';
    this.pid = pid;
  }
}

/** A held lock. */
export interface DataLock {
  /** Records the DynamoDB Local process, to stop it if this one is killed. */
  recordJava(pid: number): void;
  /** Gives the lock up (stop). */
  release(): void;
}

/** How long an orphaned DynamoDB Local has to stop on SIGTERM. */
const ORPHAN_STOP_MS = 5000;

/**
 * Takes the data folder's lock.
 *
 * @param print says what was done about a stale lock
 * @throws DataDirInUseError when a live process holds it
 */
export async function lockDataDir(
  dataDir: string,
  print: (line: string) => void = () => {}
): Promise<DataLock> {
  const file = join(dataDir, LOCK_FILE);
  const mine: LockContent = {
    pid: process.pid,
    since: new Date().toISOString(),
  };
  if (!createExclusive(file, mine)) {
    const held = readLock(file);
    if (held && held.pid !== process.pid && isAlive(held.pid)) {
      throw new DataDirInUseError(dataDir, held.pid);
    }
    if (held?.javaPid !== undefined) {
      await stopOrphan(held.javaPid, dataDir, print);
    }
    writeAtomically(file, mine);
  }
  let content = mine;
  return {
    recordJava(pid) {
      content = { ...content, javaPid: pid };
      writeAtomically(file, content);
    },
    release() {
      if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}

/** Creates the lock file if there is none; whether it did. */
function createExclusive(file: string, content: LockContent): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  writeSync(fd, JSON.stringify(content));
  closeSync(fd);
  return true;
}

function readLock(file: string): LockContent | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as LockContent;
    return Number.isInteger(value.pid) ? value : undefined;
  } catch {
    // Missing, or half written by a process killed while writing it.
    return undefined;
  }
}

function writeAtomically(file: string, content: LockContent): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(content));
  renameSync(`${file}.tmp`, file);
}

/** Whether a process with this id exists (EPERM: it does, as another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Stops the DynamoDB Local a dead owner left running. Its process id is
 * checked against its command line first (DynamoDB Local, on this data
 * folder), so a process that took the id since is left alone.
 */
async function stopOrphan(
  pid: number,
  dataDir: string,
  print: (line: string) => void
): Promise<void> {
  if (!isAlive(pid)) return;
  const command = commandLine(pid);
  if (!command?.includes('DynamoDBLocal') || !command.includes(dataDir)) return;
  print(
    `DynamoDB Local (process ${pid}) was left running by a local stack that did not stop; stopping it`
  );
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + ORPHAN_STOP_MS;
  while (isAlive(pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 50));
}

/** A process's command line, from `ps` (Linux and macOS). */
function commandLine(pid: number): string | undefined {
  try {
    return execFileSync('ps', ['-ww', '-p', String(pid), '-o', 'command='], {
      encoding: 'utf8',
    });
  } catch {
    return undefined;
  }
}
