/**
 * Temporary folders for tests, removed when they are done with, so a test
 * run leaves nothing behind in the system's temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `dropwire-${prefix}-`));
}

function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A fresh folder, removed when the calling test finishes. Call inside a test. */
export function testTempDir(prefix: string): string {
  const dir = makeTempDir(prefix);
  onTestFinished(() => removeDir(dir));
  return dir;
}

/**
 * A fresh folder, removed after the test file's tests. Call at the top level
 * of a test file (not inside a test or hook).
 */
export function fileTempDir(prefix: string): string {
  const dir = makeTempDir(prefix);
  afterAll(() => removeDir(dir));
  return dir;
}
