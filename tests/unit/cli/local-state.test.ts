/**
 * How the CLI finds the running local stack: the state file `npm start`
 * writes, and a process that is still alive.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  LocalStackNotRunningError,
  readLocalState,
} from '../../../bin/cli/local-state.ts';
import { STATE_FILE } from '../../../bin/local/state.ts';
import { testTempDir } from '../../support/temp-dir.ts';

describe('Function: readLocalState', () => {
  it('reads the state of a stack whose process is alive', () => {
    // Prepare
    const dataDir = testTempDir('state');
    const state = { pid: process.pid, bucket: 'dropwire-drop' };
    writeFileSync(join(dataDir, STATE_FILE), JSON.stringify(state));

    // Act
    const read = readLocalState(dataDir);

    // Assess
    expect(read).toEqual(state);
  });

  it('throws, saying how to start one, when no stack is running', () => {
    // Prepare
    const dataDir = testTempDir('state');

    // Act
    const act = () => readLocalState(dataDir);

    // Assess
    expect(act).toThrow(LocalStackNotRunningError);
    expect(act).toThrow(
      `no local stack is running with data folder ${dataDir} (no local.json); start one with \`npm start\`, or pass --bucket (and --table) for AWS`
    );
  });

  it('throws when the state file outlived its process', () => {
    // Prepare: a pid no process has (above the kernel's pid_max).
    const dataDir = testTempDir('state');
    writeFileSync(join(dataDir, STATE_FILE), JSON.stringify({ pid: 2 ** 30 }));

    // Act
    const act = () => readLocalState(dataDir);

    // Assess
    expect(act).toThrow(LocalStackNotRunningError);
  });
});
