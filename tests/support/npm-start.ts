/**
 * `npm start` as a child process for end-to-end tests: started on free
 * ports in a folder of the test's, stopped as Ctrl-C stops it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LocalStackInfo } from '../../bin/local/state.ts';
import { REPO_ROOT } from './paths.ts';

/** A running `npm start`. */
export interface RunningStack {
  readonly child: ChildProcess;
  readonly info: LocalStackInfo;
  /** Everything it printed so far, stdout and stderr. */
  readonly output: () => string;
}

/** Where a stack keeps its data and which folder it watches. */
export interface StackFolders {
  readonly dataDir: string;
  readonly dropDir: string;
}

/** Starts `npm start` and waits until it says it is waiting for files. */
export async function startStack(
  folders: StackFolders,
  extra: string[] = []
): Promise<RunningStack> {
  const child = spawn(
    'npm',
    [
      'start',
      '--',
      '--api-port',
      '0',
      '--s3-port',
      '0',
      '--data-dir',
      folders.dataDir,
      '--drop-dir',
      folders.dropDir,
      ...extra,
    ],
    // Its own process group, so SIGINT reaches every process in it, as a
    // Ctrl-C in a terminal does (npm does not forward signals itself).
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true }
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await waitFor(
    () => output.includes('Waiting for files'),
    60_000,
    () => output
  );
  const info = JSON.parse(
    readFileSync(join(folders.dataDir, 'local.json'), 'utf8')
  ) as LocalStackInfo;
  return { child, info, output: () => output };
}

/** Presses Ctrl-C: SIGINT to the process group; resolves with ms to exit. */
export async function stopStack(run: RunningStack): Promise<number> {
  const started = performance.now();
  if (run.child.exitCode !== null || run.child.signalCode !== null) return 0;
  const exited = once(run.child, 'exit');
  process.kill(-(run.child.pid as number), 'SIGINT');
  await exited;
  return performance.now() - started;
}

/** Waits until `check` holds, failing after `timeoutMs` with `describeState()`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describeState: () => string = () => ''
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms\n${describeState().slice(-3000)}`
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
