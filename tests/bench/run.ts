/**
 * `npm run bench [-- <section> ...]`: runs the benchmark sections.
 *
 * Each section is a `tests/bench/<name>.bench.ts` script that prints its own
 * figures. Sections run one after another, each in a fresh Node process so
 * that one section's heap and JIT state do not colour the next one's
 * figures. With no arguments every section runs, in the order below.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Known sections, in the order a full run uses. */
const SECTIONS = [
  'parse',
  'extract',
  'ingest',
  'api',
  'bundles',
  'local-load',
  'streaming',
  'long-file',
  'faults',
  'hostile',
  'reprocess',
  'paging',
  'memory',
];

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !SECTIONS.includes(name));
if (unknown.length > 0) {
  console.error(
    `unknown bench section(s): ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`
  );
  process.exit(64);
}

let failed = 0;
for (const name of requested.length > 0 ? requested : SECTIONS) {
  const script = fileURLToPath(new URL(`./${name}.bench.ts`, import.meta.url));
  if (!existsSync(script)) continue;
  console.log(`\n=== bench: ${name} ===`);
  const { status } = spawnSync(process.execPath, ['--expose-gc', script], {
    stdio: 'inherit',
  });
  if (status !== 0) {
    console.error(`bench section ${name} failed (exit ${status})`);
    failed++;
  }
}
process.exit(failed > 0 ? 1 : 0);
