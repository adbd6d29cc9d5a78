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
 * taking turns so that a load spike on the shared machine hits all alike,
 * in wall-clock and in CPU time (which other processes do not stretch).
 *
 * Absolute times differ threefold between machines, so the targets are
 * ratios to the baseline (`tests/support/sdk-baseline-handler.ts`: a
 * DynamoDB client and one GetItemCommand, bundled with the functions' own
 * settings), from the same run: ingest ≤ 1.30×, read ≤ 1.00×. The ingest
 * function is also set against its SDK floor, the DynamoDB and S3 clients
 * alone (`sdk-baseline-s3-handler.ts`), which it needs for every object:
 * what lies above that floor is Dropwire's own. The older absolute
 * targets (≤ 300 KB, ≤ 100 ms) are printed beside them.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  type BundledFunction,
  synthBundled,
  synthSdkBaselines,
} from '../support/assembly.ts';

const RUNS = 15;

/** Init-time targets, as ratios to the baseline, by logical id prefix. */
const RATIO_TARGETS: Readonly<Record<string, number>> = {
  Ingest: 1.3,
  Read: 1.0,
};

const { outdir, functions } = synthBundled();

try {
  const baselines = synthSdkBaselines(join(outdir, 'sdk-baselines'));
  const baseline = baselines.dynamoDb;
  const bundles = [baseline, baselines.dynamoDbAndS3, ...functions];
  const costs = new Map<BundledFunction, InitCost[]>(
    bundles.map((fn) => [fn, []])
  );
  for (let i = 0; i < RUNS; i++) {
    for (const fn of bundles) costs.get(fn)?.push(initCost(fn));
  }
  const medianOf = (fn: BundledFunction, measure: keyof InitCost) =>
    median((costs.get(fn) ?? []).map((cost) => cost[measure]));
  const ratioOf = (
    fn: BundledFunction,
    measure: keyof InitCost,
    base: BundledFunction = baseline
  ) => medianOf(fn, measure) / medianOf(base, measure);
  for (const fn of bundles) {
    const walls = (costs.get(fn) ?? [])
      .map((cost) => cost.wallMs)
      .sort((a, b) => a - b);
    const bundle = readFileSync(fn.entryFile);
    const dir = dirname(fn.entryFile);
    console.log(
      `${fn.logicalId.padEnd(28)} bundle ${kb(bundle.length).padStart(7)}  gzip ${kb(gzipSync(bundle).length).padStart(6)}  at init ${kb(initBytes(fn.entryFile)).padStart(7)}  asset ${kb(folderBytes(dir)).padStart(7)} in ${readdirSync(dir).length} files (deflated ${kb(zipSize(dir))})  load ${medianOf(fn, 'wallMs').toFixed(0).padStart(4)} ms median (min ${walls[0]?.toFixed(0)}, max ${walls.at(-1)?.toFixed(0)}), CPU ${medianOf(fn, 'cpuMs').toFixed(0)} ms  targets ≤ 300 KB, ≤ 100 ms`
    );
  }
  for (const fn of functions) {
    const name = Object.keys(RATIO_TARGETS).find((prefix) =>
      fn.logicalId.startsWith(prefix)
    );
    if (!name) continue;
    const target = RATIO_TARGETS[name] ?? Number.NaN;
    const wall = ratioOf(fn, 'wallMs');
    const cpu = ratioOf(fn, 'cpuMs');
    console.log(
      `${name.toLowerCase()} init / SDK-only baseline: ${wall.toFixed(2)}× wall clock, ${cpu.toFixed(2)}× CPU (medians of ${RUNS} fresh processes each, this run); target ≤ ${target.toFixed(2)}×: ${wall <= target && cpu <= target ? 'met' : 'NOT met'} (met when both are)`
    );
    if (name === 'Ingest') {
      const floor = baselines.dynamoDbAndS3;
      console.log(
        `  its SDK floor (DynamoDB + S3 clients alone) / SDK-only baseline: ${ratioOf(floor, 'wallMs').toFixed(2)}× wall clock, ${ratioOf(floor, 'cpuMs').toFixed(2)}× CPU; ingest / that floor: ${ratioOf(fn, 'wallMs', floor).toFixed(2)}× wall clock, ${ratioOf(fn, 'cpuMs', floor).toFixed(2)}× CPU`
      );
    }
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
}

/** A cold import's cost: wall-clock and CPU milliseconds. */
interface InitCost {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/**
 * What it costs to `import()` a bundle's entry in a fresh Node process,
 * with the function's environment from the template. CPU time (user +
 * system, all threads) is printed beside the wall clock because other
 * processes on a shared machine stretch the wall clock, not the CPU time.
 */
function initCost(fn: BundledFunction): InitCost {
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
      `const t = performance.now(); const c = process.cpuUsage(); await import(${JSON.stringify(fn.entryFile)}); const d = process.cpuUsage(c); console.log(JSON.stringify({ wallMs: performance.now() - t, cpuMs: (d.user + d.system) / 1000 }));`,
    ],
    { env, encoding: 'utf8' }
  );
  return JSON.parse(out) as InitCost;
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
