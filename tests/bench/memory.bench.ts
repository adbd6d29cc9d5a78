/**
 * Bench section `memory`: the largest file of each format the ingest
 * function parses within the memory of a Lambda size (512, 1,024 and
 * 1,769 MB: 1,769 MB is the size with one full vCPU).
 *
 * How memory maps to a budget: a Lambda of M MB is killed when the
 * process's RSS passes M, so a file counts as handled at M if its parse
 * ended (not rejected, not out of memory) with a peak RSS at most M. Each
 * file is parsed in a fresh Node process, started with
 * `--max-old-space-size` at 90% of the largest size (the rest is for code,
 * buffers and the runtime), which loads the ingest function's modules (the
 * SDK clients among them) and pushes the file into the core's
 * `FileParser` in 64 KiB slices as `ingestObject` does, the file made on
 * the fly so that only the parser holds it. Peak RSS is the process's
 * `maxRSS`. A larger heap limit lets the collector run later, so the peak
 * RSS at a smaller size is at most what it shows: the table errs low.
 *
 * The ingest's own limits apply (`DEFAULT_LIMITS`; the object limit, 1 GiB,
 * as `maxStreamBytes`), except the 10 s CPU time of one step
 * (`maxStepMs`), which is lifted: it measures this machine's load, not
 * memory. Whole formats are buffered within `maxInputBytes` (50 MiB), so
 * their ladder stops below it; a streamed format's memory follows its
 * largest entry, not the file, which two sizes show.
 *
 * Prints one line per file parsed, then a table: per format, the largest
 * size of its ladder that fits each memory size.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import {
  DEFAULT_MAX_STREAM_BYTES,
  FileParser,
} from '../../functions/core/index.ts';
import {
  articleParagraphs,
  articleTitle,
  jsonLine,
} from '../support/formats.ts';

const MIB = 1024 * 1024;
const SLICE_BYTES = 64 * 1024;
/** Lambda memory sizes, in MB. */
const MEMORY_SIZES = [512, 1024, 1769];
/** Share of a memory size given to V8's old space. */
const HEAP_SHARE = 0.9;

/** Each format and the sizes (MiB) it is parsed at. */
const LADDERS: Record<string, readonly number[]> = {
  json: [12, 24, 48],
  'json.gz': [12, 48],
  html: [12, 48],
  jsonl: [8, 32],
  'jsonl.gz': [8, 32],
};

/** What a child reports. */
interface Measure {
  readonly ok: boolean;
  readonly outcome: string;
  readonly articles: number;
  readonly ms: number;
  readonly rssMb: number;
}

const encoder = new TextEncoder();

/** A file of about `bytes` bytes of `format`, in slices of about 64 KiB. */
function* fileOf(format: string, bytes: number): Generator<Uint8Array> {
  const base = format.replace(/\.gz$/u, '');
  const open = base === 'json' ? '[' : base === 'html' ? HTML_HEAD : '';
  const close = base === 'json' ? ']' : base === 'html' ? HTML_TAIL : '';
  let size = open.length;
  let n = 0;
  yield encoder.encode(open);
  while (size < bytes - close.length) {
    const parts: string[] = [];
    let part = 0;
    while (part < SLICE_BYTES && size + part < bytes - close.length) {
      const piece =
        base === 'json'
          ? `${n > 0 ? ',' : ''}${jsonLine(n)}`
          : base === 'jsonl'
            ? `${jsonLine(n)}\n`
            : `<h2>${articleTitle(n)}</h2>\n${articleParagraphs(n)
                .map((p) => `<p>${p}</p>`)
                .join('\n')}\n`;
      n += 1;
      parts.push(piece);
      part += piece.length;
    }
    size += part;
    yield encoder.encode(parts.join(''));
  }
  yield encoder.encode(close);
}

const HTML_HEAD =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The long read</title></head><body><article><h1>The long read</h1>\n';
const HTML_TAIL = '</article></body></html>\n';

/** The child: parses one file and prints its measure as JSON. */
async function child(format: string, mib: number): Promise<void> {
  // The ingest function's modules, so their memory counts.
  await import('../../functions/ingest/dependencies.ts');
  const started = performance.now();
  const parser = new FileParser(
    { key: `memory/file.${format}` },
    {
      limits: {
        maxStreamBytes: DEFAULT_MAX_STREAM_BYTES,
        maxStepMs: 3_600_000,
      },
    }
  );
  let articles = 0;
  const push = (bytes: Uint8Array) => {
    for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
      articles += parser.push(bytes.subarray(at, at + SLICE_BYTES)).articles
        .length;
    }
  };
  if (format.endsWith('.gz')) {
    // Gzipped as it is made: one gzip member, as S3 would hold it.
    const gzip = createGzip();
    const feed = async () => {
      for (const slice of fileOf(format, mib * MIB)) {
        if (!gzip.write(slice)) await once(gzip, 'drain');
      }
      gzip.end();
    };
    const fed = feed();
    for await (const chunk of gzip) push(chunk as Buffer);
    await fed;
  } else {
    for (const slice of fileOf(format, mib * MIB)) push(slice);
  }
  const end = parser.end();
  articles += end.articles.length;
  const measure: Measure = {
    ok: end.ok && !/too-large|too-complex/u.test(JSON.stringify(end.problems)),
    outcome: end.ok
      ? `${articles} articles${end.problems.length > 0 ? `, ${end.problems[0]?.code}` : ''}`
      : `rejected ${end.rejection.code}`,
    articles,
    ms: performance.now() - started,
    rssMb: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(measure));
}

/** Parses one file in a fresh process; undefined if it died. */
function measure(
  format: string,
  mib: number,
  heapMb: number
): Measure | undefined {
  const run = spawnSync(
    process.execPath,
    [
      `--max-old-space-size=${heapMb}`,
      fileURLToPath(import.meta.url),
      '--child',
      format,
      String(mib),
    ],
    { encoding: 'utf8', maxBuffer: 16 * MIB }
  );
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0 || !line.startsWith('{')) return undefined;
  return JSON.parse(line) as Measure;
}

async function main(): Promise<void> {
  const heapMb = Math.floor(Math.max(...MEMORY_SIZES) * HEAP_SHARE);
  console.log(
    `memory: each file parsed in a fresh process (--max-old-space-size=${heapMb}); handled at M MB if it parsed with peak RSS <= M`
  );
  const started = performance.now();
  const rows: string[][] = [];
  for (const [format, ladder] of Object.entries(LADDERS)) {
    const fits = new Map<number, number>();
    let largestRss = 0;
    for (const mib of ladder) {
      const result = measure(format, mib, heapMb);
      const said = result
        ? `${result.outcome}, ${(result.ms / 1000).toFixed(1)} s, peak RSS ${Math.round(result.rssMb)} MB`
        : 'died (out of memory)';
      console.log(
        `  ${format.padEnd(9)} ${String(mib).padStart(4)} MiB  ${said}`
      );
      if (!result?.ok) break;
      largestRss = Math.max(largestRss, result.rssMb);
      for (const memory of MEMORY_SIZES) {
        if (result.rssMb <= memory) fits.set(memory, mib);
      }
    }
    rows.push([
      format,
      ...MEMORY_SIZES.map((memory) => {
        const mib = fits.get(memory);
        if (mib === undefined) return `< ${ladder[0]} MiB`;
        // The top of the ladder fitted: larger files were not tried.
        return mib === ladder.at(-1) ? `>= ${mib} MiB` : `${mib} MiB`;
      }),
      `${Math.round(largestRss)} MB`,
    ]);
  }
  console.log(
    `\n  format     ${MEMORY_SIZES.map((m) => `${m} MB`.padEnd(12)).join('')}peak RSS at the largest`
  );
  for (const [format, ...cells] of rows) {
    const last = cells.pop();
    console.log(
      `  ${(format as string).padEnd(10)} ${cells.map((c) => (c as string).padEnd(12)).join('')}${last}`
    );
  }
  console.log(
    '  (limits: a whole file is at most 50 MiB, maxInputBytes, or 50 Mi characters of text, maxTextChars, gzipped or not; a streamed one 1 GiB, the object limit)'
  );
  console.log(`  (${Math.round((performance.now() - started) / 1000)} s)`);
}

const at = process.argv.indexOf('--child');
if (at >= 0) {
  await child(process.argv[at + 1] as string, Number(process.argv[at + 2]));
} else {
  await main();
}
