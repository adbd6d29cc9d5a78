/**
 * Bench section `bundles`: size and cold module-load time of each Lambda
 * bundle, built exactly as `cdk deploy` builds it.
 *
 * Size: the bundle file (minified ESM, AWS SDK included), gzip of it, and
 * the deflated asset folder (the bundle; source maps are off), close to the zip CDK
 * uploads and Lambda downloads at a cold start. Load time:
 * `import()` of the bundle in a fresh Node process, median of 7 runs, with
 * the environment the template gives the function. Targets: ≤ 300 KB and
 * ≤ 100 ms each.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { synthBundled } from '../support/assembly.ts';

const RUNS = 7;
const { outdir, functions } = synthBundled();

try {
  for (const fn of functions) {
    const bundle = readFileSync(fn.entryFile);
    const assetBytes = zipSize(dirname(fn.entryFile));
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
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const out = execFileSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const t = performance.now(); await import(${JSON.stringify(fn.entryFile)}); console.log(performance.now() - t);`,
        ],
        { env, encoding: 'utf8' }
      );
      times.push(Number(out.trim()));
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(RUNS / 2)] ?? 0;
    const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
    console.log(
      `${fn.logicalId.padEnd(28)} bundle ${kb(bundle.length).padStart(7)}  gzip ${kb(gzipSync(bundle).length).padStart(6)}  asset (deflated) ${kb(assetBytes).padStart(6)}  load ${median.toFixed(0).padStart(4)} ms median (min ${times[0]?.toFixed(0)}, max ${times.at(-1)?.toFixed(0)})  targets ≤ 300 KB, ≤ 100 ms`
    );
  }
} finally {
  rmSync(outdir, { recursive: true, force: true });
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
