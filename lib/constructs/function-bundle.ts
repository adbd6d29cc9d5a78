/**
 * How a Dropwire function's code is bundled: one set of esbuild settings,
 * run at synth time by the local esbuild (no Docker, no network).
 *
 * An ESM bundle for Node 24, minified, with the AWS SDK bundled rather
 * than taken from the runtime (the runtime's SDK version drifts under us;
 * the bundle is what the tests ran). Cold start is what the settings trade
 * for: no source maps (Node parsing a map costs ~10 ms of every cold start,
 * and the map doubles the download), but function and class names kept,
 * so stack traces still say where; `node:http` imported through a shim
 * that spares loading undici (see functions/shared/node-http.ts); and code
 * splitting: what a handler loads with `import()` (the ingest pipeline on
 * the first message, the read routes' Markdown renderer) lands in chunk
 * files beside `index.mjs`, which Node parses only when they are first
 * imported, not at every cold start.
 *
 * `NodejsFunction` cannot split: it passes esbuild `--outfile`, and
 * splitting needs `--outdir`. So {@link FunctionBundler} runs esbuild
 * itself as the asset's local bundling, into the asset folder.
 */
import { fileURLToPath } from 'node:url';
import { type BuildOptions, buildSync } from 'esbuild';

/** The `node:http` stand-in the bundles use (see its module doc). */
const NODE_HTTP_SHIM = fileURLToPath(
  new URL('../../functions/shared/node-http.ts', import.meta.url)
);

/** The repository root: metafile paths are relative to it. */
const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The file Lambda loads: the handler is `index.handler`. */
export const BUNDLE_ENTRY_NAME = 'index';

/**
 * The esbuild options that bundle the handler module `entry` into
 * `outdir`: `index.mjs` and its chunks. The one place the settings live;
 * the infra tests build with them to read the metafile.
 */
export function functionBuildOptions(
  entry: string,
  outdir: string
): BuildOptions & { outdir: string } {
  return {
    entryPoints: { [BUNDLE_ENTRY_NAME]: entry },
    outdir,
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    minify: true,
    sourcemap: false,
    keepNames: true,
    mainFields: ['module', 'main'],
    alias: { 'node:http': NODE_HTTP_SHIM },
    // Some CommonJS dependencies call require(); give each ESM chunk one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  };
}

/**
 * The asset's local bundling: esbuild with {@link functionBuildOptions}
 * into the folder CDK hands it. `entry` is a field, not only a closure,
 * so that CDK's asset cache (keyed by the bundling options) tells two
 * functions' bundles apart.
 */
export class FunctionBundler {
  /** The handler module, absolute. */
  public readonly entry: string;

  public constructor(entry: string) {
    this.entry = entry;
  }

  /** Builds the bundle; an esbuild error fails the synth with its message. */
  public tryBundle(outputDir: string): boolean {
    buildSync(functionBuildOptions(this.entry, outputDir));
    return true;
  }
}
