/**
 * The README's limits table is the core's defaults: one row per field of
 * `DEFAULT_LIMITS`, with its value, so neither can change alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../functions/core/index.ts';
import { REPO_ROOT } from '../../support/paths.ts';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  Mi: 1024 * 1024,
  MiB: 1024 * 1024,
  GiB: 1024 * 1024 * 1024,
  s: 1000,
};

/** The `limit → default` rows of the README's "## Limits" table. */
function readmeLimits(): Map<string, string> {
  const section = README.slice(README.indexOf('## Limits'));
  const rows = new Map<string, string>();
  for (const line of section.split('\n').slice(2)) {
    if (line.startsWith('## ')) break;
    const match = line.match(/^\| `(\w+)`\s*\| ([^|]+?)\s*\|/u);
    if (match?.[1] && match[2]) rows.set(match[1], match[2]);
  }
  return rows;
}

/** `200,000`, `50 MiB`, `10 s` as a number (bytes, milliseconds). */
function limitValue(text: string): number {
  const match = text.match(/^([\d,]+)\s*(\w*)$/u);
  const unit = UNITS[match?.[2] ?? 'none'];
  if (!match?.[1] || unit === undefined) throw new Error(`unread: ${text}`);
  return Number(match[1].replaceAll(',', '')) * unit;
}

describe('README: limits table', () => {
  it('lists every default limit with its value, and nothing else', () => {
    // Prepare
    const rows = readmeLimits();

    // Act
    const documented = Object.fromEntries(
      [...rows].map(([name, text]) => [name, limitValue(text)])
    );

    // Assess
    expect(documented).toEqual({ ...DEFAULT_LIMITS });
  });
});
