/**
 * The functions' bundles as esbuild builds them at synth time
 * (`functionBuildOptions`), read from the metafile: what a cold start
 * loads (the entry and the chunks it imports statically) and what stays
 * in chunks imported later.
 */
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { functionBuildOptions } from '../../../lib/constructs/function-bundle.ts';
import { fileTempDir } from '../../support/temp-dir.ts';

const outdir = fileTempDir('bundle');

/** A function's bundle: every input, and the inputs of what loads at init. */
interface BundleInputs {
  readonly all: string[];
  readonly atInit: string[];
  readonly outputs: number;
}

/** Each entry's build, made once for all the tests that read it. */
const builds = new Map<string, Promise<BundleInputs>>();

/** `entry` built as the functions are built (once), without writing it. */
function bundleInputs(entry: string): Promise<BundleInputs> {
  let built = builds.get(entry);
  if (!built) {
    built = buildInputs(entry);
    builds.set(entry, built);
  }
  return built;
}

async function buildInputs(entry: string): Promise<BundleInputs> {
  const { metafile } = await build({
    ...functionBuildOptions(entry, outdir),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = metafile.outputs;
  const entryOutput = Object.keys(outputs).find((path) =>
    path.endsWith('/index.mjs')
  );
  if (!entryOutput) throw new Error(`no index.mjs among the outputs`);
  const atInit = new Set<string>();
  const visit = (path: string) => {
    if (atInit.has(path)) return;
    atInit.add(path);
    for (const imported of outputs[path]?.imports ?? []) {
      // A static import loads with the entry; import() loads later.
      if (imported.kind === 'import-statement' && !imported.external) {
        visit(imported.path);
      }
    }
  };
  visit(entryOutput);
  const inputsOf = (paths: Iterable<string>) => [
    ...new Set(
      [...paths].flatMap((path) =>
        Object.keys((outputs[path] as Metafile['outputs'][string]).inputs)
      )
    ),
  ];
  return {
    all: inputsOf(Object.keys(outputs)),
    atInit: inputsOf(atInit),
    outputs: Object.keys(outputs).length,
  };
}

/** Core modules that read files: parsers, format readers, clean steps. */
const PARSER_CODE =
  /^functions\/core\/(?:parsers|formats|read|clean)\/|^functions\/core\/(?:pipeline|entries|decode|detect)\.ts$/u;

/** Libraries only the parsers use. */
const PARSER_LIBRARIES =
  /node_modules\/(?:franc-min|marked|js-yaml|chardet|htmlparser2|entities|fflate)\//u;

describe('Bundle: read function', () => {
  it('holds no parser code, in any chunk', async () => {
    // Act
    const { all } = await bundleInputs('functions/api/handler.ts');

    // Assess
    expect(all.filter((input) => PARSER_CODE.test(input))).toEqual([]);
    expect(all.filter((input) => PARSER_LIBRARIES.test(input))).toEqual([]);
    expect(all).toContain('functions/api/routes/get-article.ts');
  });

  it('holds no write path: it reads through ArticleReader alone', async () => {
    // Act
    const { all } = await bundleInputs('functions/api/handler.ts');

    // Assess
    expect(all).toContain('functions/store/article-reader.ts');
    expect(all).not.toContain('functions/store/article-store.ts');
  });

  it('loads zod, the logger, the Article schemas, the OpenAPI document and the article route on first use only', async () => {
    // Act
    const { all, atInit } = await bundleInputs('functions/api/handler.ts');

    // Assess
    for (const lazy of [
      'functions/api/openapi.ts',
      'functions/api/response-schemas.ts',
      'functions/api/routes/get-article.ts',
      'functions/core/article.ts',
      'functions/core/markdown.ts',
    ]) {
      expect(all).toContain(lazy);
      expect(atInit).not.toContain(lazy);
    }
    // The readers check parameters; zod comes with the document alone.
    expect(all.some((input) => input.includes('node_modules/zod/'))).toBe(true);
    expect(
      atInit.filter((input) => input.includes('node_modules/zod/'))
    ).toEqual([]);
    expect(atInit).not.toContain('functions/api/schemas.ts');
    // Powertools' logger comes with the first line the handler logs.
    const logger = 'node_modules/@aws-lambda-powertools/logger/';
    expect(all.some((input) => input.includes(logger))).toBe(true);
    expect(atInit.filter((input) => input.includes(logger))).toEqual([]);
    const negotiation = '@middy/http-content-negotiation/';
    expect(all.some((input) => input.includes(negotiation))).toBe(true);
    expect(atInit.filter((input) => input.includes(negotiation))).toEqual([]);
  });
});

describe('Bundle: ingest function', () => {
  it('loads the pipeline, its parsers and their libraries in a chunk of their own, after the cold start', async () => {
    // Act
    const { all, atInit, outputs } = await bundleInputs(
      'functions/ingest/handler.ts'
    );

    // Assess
    expect(outputs).toBeGreaterThan(1);
    for (const lazy of [
      'functions/ingest/ingest-object.ts',
      'functions/core/formats/html.ts',
      'functions/core/parsers/markdown.ts',
      'functions/core/clean/detect-language.ts',
    ]) {
      expect(all).toContain(lazy);
      expect(atInit).not.toContain(lazy);
    }
    expect(atInit.filter((input) => PARSER_CODE.test(input))).toEqual([]);
    expect(atInit.filter((input) => PARSER_LIBRARIES.test(input))).toEqual([]);
    expect(all.some((input) => PARSER_LIBRARIES.test(input))).toBe(true);
  });

  it('loads the SQS SDK and zod on first use only', async () => {
    // Act
    const { all, atInit } = await bundleInputs('functions/ingest/handler.ts');

    // Assess
    for (const library of ['@aws-sdk/client-sqs/', 'zod/']) {
      expect(all.some((input) => input.includes(library))).toBe(true);
      expect(atInit.filter((input) => input.includes(library))).toEqual([]);
    }
  });
});
