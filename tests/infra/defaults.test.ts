/**
 * The defaults in lib/defaults.ts are the ones the README states: its
 * configuration table (one row per CDK context key) and the figures of
 * "What is deployed" and "When things fail".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTEXT_DEFAULTS } from '../../lib/app-config.ts';
import { INGEST_DEFAULTS, READ_API_DEFAULTS } from '../../lib/defaults.ts';
import { REPO_ROOT } from '../support/paths.ts';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

/** The rows of the table that follows `heading` in the README. */
function tableAfter(heading: string): string[][] {
  const start = README.indexOf(heading);
  const lines = README.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim())
    );
  }
  return rows;
}

/** A default as the README writes it: `none`, a number, or `code`. */
function written(value: string | number | boolean | undefined): string {
  if (value === undefined) return 'none';
  return typeof value === 'number' ? String(value) : `\`${value}\``;
}

describe('Module: lib/defaults.ts', () => {
  it('is what the README configuration table says, key by key', () => {
    // Prepare
    const rows = tableAfter('**Configuration** is CDK context');

    // Act
    const documented = Object.fromEntries(
      rows.map(([key, value]) => [key?.replaceAll('`', ''), value])
    );

    // Assess
    expect(Object.keys(documented).sort()).toEqual(
      Object.keys(CONTEXT_DEFAULTS).sort()
    );
    for (const [key, value] of Object.entries(CONTEXT_DEFAULTS)) {
      expect(documented[key], key).toBe(written(value));
    }
    expect(written(CONTEXT_DEFAULTS.ingestMemorySize)).toBe('1024');
  });

  it('gives the figures the README states for what is deployed', () => {
    // Prepare
    const window = INGEST_DEFAULTS.maxBatchingWindow.toSeconds();
    const receives = INGEST_DEFAULTS.maxReceiveCount;

    // Assess
    expect(README).toContain(
      `the queue's visibility timeout is 6× this + ${window} s`
    );
    expect(README).toContain(
      `old versions expire after ${INGEST_DEFAULTS.noncurrentVersionExpiration.toDays()} days`
    );
    expect(README).toContain(
      `throttled at ${READ_API_DEFAULTS.throttlingRateLimit} requests/s, burst ${READ_API_DEFAULTS.throttlingBurstLimit}`
    );
    expect(README).toContain(`(after ${receives} receives)`);
    expect(README.replaceAll('\n', ' ')).toContain(
      `after ${receives} receives it moves to the dead-letter queue`
    );
  });
});
