/**
 * Bench section `bundles`: size and cold module-load time of each Lambda
 * bundle, built exactly as `cdk deploy` builds it, beside an SDK-only
 * baseline built and timed in the same run.
 *
 * Size: the entry file (minified ESM, AWS SDK included), gzip of it, what
 * a cold start parses (the entry and the chunks it imports statically),
 * every file of the asset folder (with the chunks loaded later by
 * `import()`), and the deflated asset folder (source maps are off), close
 * to the zip CDK uploads and Lambda downloads at a cold start. Load time: `import()`
 * of the entry in a fresh Node process, with the environment the template
 * gives the function; median of RUNS processes per bundle, the bundles
 * taking turns so that a load spike on the shared machine hits all alike.
 *
 * Absolute times differ threefold between machines, so the targets are
 * ratios to the baseline (`tests/support/sdk-baseline-handler.ts`: a
 * DynamoDB client and one GetItemCommand, bundled with the functions' own
 * settings), from the same run: ingest ≤ 1.30×, read ≤ 1.00×. The older
 * absolute targets (≤ 300 KB, ≤ 100 ms) are printed beside them.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  type BundledFunction,
  synthBundled,
  synthSdkBaseline,
} from '../support/assembly.ts';

const RUNS = 11;

/** Init-time targets, as ratios to the baseline, by logical id prefix. */
const RATIO_TARGETS: Readonly<Record<string, number>> = {
  Ingest: 1.3,
  Read: 1.0,
};

const { outdir, functions } = synthBundled();

try {
  const baseline = synthSdkBaseline(join(outdir, 'sdk-baseline'));
  const bundles = [baseline, ...functions];
  const times = new Map<BundledFunction, number[]>(
    bundles.map((fn) => [fn, []])
  );
  for (let i = 0; i < RUNS; i++) {
    for (const fn of bundles) times.get(fn)?.push(initMs(fn));
  }
  const medians = new Map(
    bundles.map((fn) => [fn, median(times.get(fn) ?? [])])
  );
  const baselineMs = medians.get(baseline) ?? Number.NaN;
  for (const fn of bundles) {
    const sorted = [...(times.get(fn) ?? [])].sort((a, b) => a - b);
    const bundle = readFileSync(fn.entryFile);
    const dir = dirname(fn.entryFile);
    const ratio = (medians.get(fn) ?? Number.NaN) / baselineMs;
    console.log(
      `${fn.logicalId.padEnd(28)} bundle ${kb(bundle.length).padStart(7)}  gzip ${kb(gzipSync(bundle).length).padStart(6)}  at init ${kb(initBytes(fn.entryFile)).padStart(7)}  asset ${kb(folderBytes(dir)).padStart(7)} in ${readdirSync(dir).length} files (deflated ${kb(zipSize(dir))})  load ${medians.get(fn)?.toFixed(0).padStart(4)} ms median (min ${sorted[0]?.toFixed(0)}, max ${sorted.at(-1)?.toFixed(0)}), ${ratio.toFixed(2)}× baseline  targets ≤ 300 KB, ≤ 100 ms`
    );
  }
  for (const fn of functions) {
    const name = Object.keys(RATIO_TARGETS).find((prefix) =>
      fn.logicalId.startsWith(prefix)
    );
    if (!name) continue;
    const ratio = (medians.get(fn) ?? Number.NaN) / baselineMs;
    const target = RATIO_TARGETS[name] ?? Number.NaN;
    console.log(
      `${name.toLowerCase()} init / SDK-only baseline: ${ratio.toFixed(2)}× (median of ${RUNS} fresh processes each, this run; target ≤ ${target.toFixed(2)}×: ${ratio <= target ? 'met' : 'NOT met'})`
    );
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}

/**
 * Milliseconds to `import()` a bundle's entry in a fresh Node process,
 * with the function's environment from the template.
 */
function initMs(fn: BundledFunction): number {
  const env: Record<string, string> = {
    ...process.env,
    AWS_REGION: 'eu-west-1',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
  for (const [name, value] of Object.entries(fn.environment)) {
    // A CloudFormation reference resolves at deploy time; stand in a value
    // of the right shape (a URL for *_URL, 32+ characters for the cursor key).
    env[name] =
      typeof value === 'string'
        ? value
        : name.endsWith('_URL')
          ? `https://example.invalid/${name.toLowerCase()}`
          : `${name.toLowerCase()}-00000000-0000-0000-0000-000000000000`;
  }
  const out = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const t = performance.now(); await import(${JSON.stringify(fn.entryFile)}); console.log(performance.now() - t);`,
    ],
    { env, encoding: 'utf8' }
  );
  return Number(out.trim());
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KB`;
}

/**
 * Bytes a cold import parses: the entry and, transitively, the chunks it
 * imports with static `import … from "./chunk-….mjs"` (esbuild's minified
 * output), not those it loads later with `import("./chunk-….mjs")`.
 */
function initBytes(entryFile: string): number {
  const dir = dirname(entryFile);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(dir, file), 'utf8');
    for (const [, chunk] of code.matchAll(
      /(?:\bfrom\s*|\bimport\s*)["']\.\/([\w.-]+\.mjs)["']/gu
    )) {
      visit(chunk as string);
    }
  };
  visit(basename(entryFile));
  return [...seen].reduce(
    (sum, file) => sum + statSync(join(dir, file)).size,
    0
  );
}

/** Bytes of every file in the asset folder. */
function folderBytes(dir: string): number {
  return readdirSync(dir).reduce(
    (sum, file) => sum + statSync(join(dir, file)).size,
    0
  );
}

/**
 * Compressed size of the asset folder (every file in it), close to the
 * zip CDK uploads: both use deflate per file.
 */
function zipSize(dir: string): number {
  return readdirSync(dir).reduce(
    (sum, file) => sum + gzipSync(readFileSync(join(dir, file))).length,
    0
  );
}
