/**
 * Bench section `extract`: HTML main-content and metadata extraction on the
 * WCXB development split (../shared/data/wcxb-dev), ours against
 * `@mozilla/readability` on `linkedom`, in the same run on the same pages.
 *
 * Scoring follows the data set's README: tokens are lower-cased runs of
 * `[\p{L}\p{N}_]`; per page, precision and recall from the multiset overlap
 * with `main_content`, F1 per page; reported as the mean over pages,
 * overall and per page type. Metadata accuracy, over pages whose ground
 * truth has the field:
 * - title: same token sequence as the ground-truth title;
 * - author: the first extracted author's tokens all occur in the ground
 *   truth's author string, or the other way round (ground truth often
 *   adds degrees: "Dylan Bailey, MS, RD");
 * - date: the same calendar day (`YYYY-MM-DD`) as `publish_date`.
 * Time per page is wall time from the page's bytes (ours: `parseFile`,
 * decode included) or string (Readability: `parseHTML` + `parse()`) to
 * the result. Each extractor runs in its own child process, so its peak
 * RSS is its own.
 *
 * Options: `--split dev|holdout|all` (default all; holdout is every page
 * whose id is divisible by 5, kept out of tuning), `--limit N`.
 * Targets (issue 7): F1 ≥ 0.87 on all pages and ≥ 0.945 on articles;
 * median time ≤ 0.5× Readability's; title accuracy ≥ 0.95 on articles.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { parseDate } from '../../functions/core/dates.ts';
import { parseFile } from '../../functions/core/index.ts';
import { SHARED_DIR } from '../support/paths.ts';

const DATA_DIR = join(SHARED_DIR, 'data', 'wcxb-dev');
const TOKEN = /[\p{L}\p{N}_]+/gu;
const HOLDOUT_EVERY = 5;
const EXTRACTORS = ['ours', 'readability'] as const;
type ExtractorName = (typeof EXTRACTORS)[number];

/** One page's ground truth. */
interface Truth {
  id: string;
  type: string;
  text: string;
  title?: string;
  author?: string;
  date?: string;
}

/** One extractor's output for one page. */
interface Output {
  text: string;
  title?: string | undefined;
  author?: string | undefined;
  date?: string | undefined;
  ms: number;
  /** Whether the extractor threw (ours never does: it returns rejections). */
  crashed?: boolean;
}

/** What a child process reports. */
interface RunReport {
  outputs: Output[];
  maxRssMb: number;
}

/** Hostile inputs, generated in a child process each (see `hostile`). */
const HOSTILE: Readonly<Record<string, () => string>> = {
  '50 MB page': () =>
    `<html><body>${HOSTILE_ARTICLE}${'<div class="row"><span>cell</span><p>filler text</p></div>'.repeat(850_000)}</body></html>`,
  '20,000-deep nesting': () =>
    `<html><body>${'<div>'.repeat(20_000)}deep${'</div>'.repeat(20_000)}${HOSTILE_ARTICLE}</body></html>`,
  '20 MB attribute': () =>
    `<html><body><div data-state="${'x'.repeat(20_000_000)}"></div>${HOSTILE_ARTICLE}</body></html>`,
  '10,000 scripts and styles': () =>
    `<html><body>${'<script>var a = "<p>x</p>";</script><style>.x{color:red}</style>'.repeat(10_000)}${HOSTILE_ARTICLE}</body></html>`,
  '1 MB of unclosed tags': () =>
    `<html><body>${HOSTILE_ARTICLE}${'<span><b><i><div>'.repeat(60_000)}`,
};
const HOSTILE_ARTICLE = `<article><h1>Keeper retires</h1>${[1, 2, 3, 4, 5]
  .map(
    (n) =>
      `<p>In the keeper's ${n}th decade at the light, he climbed its steps each night, trimmed the wick and kept a log of every ship that passed the rocks.</p>`
  )
  .join('')}</article>`;

function args(): {
  split: string;
  limit: number;
  child?: ExtractorName;
  hostile?: string;
} {
  const argv = process.argv.slice(2);
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const child = value('--child') as ExtractorName | undefined;
  const hostile = value('--hostile');
  return {
    split: value('--split') ?? 'all',
    limit: Number(value('--limit') ?? Number.POSITIVE_INFINITY),
    ...(child ? { child } : {}),
    ...(hostile ? { hostile } : {}),
  };
}

function loadTruths(split: string, limit: number): Truth[] {
  const ids = readdirSync(join(DATA_DIR, 'ground-truth'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort()
    .filter((id) => {
      const holdout = Number(id) % HOLDOUT_EVERY === 0;
      return split === 'all' || (split === 'holdout') === holdout;
    })
    .slice(0, limit);
  return ids.map((id) => {
    const json = JSON.parse(
      readFileSync(join(DATA_DIR, 'ground-truth', `${id}.json`), 'utf8')
    );
    const gt = json.ground_truth ?? {};
    return {
      id,
      type: json._internal?.page_type?.primary ?? 'unknown',
      text: gt.main_content ?? '',
      ...(gt.title ? { title: gt.title } : {}),
      ...(gt.author ? { author: gt.author } : {}),
      ...(gt.publish_date ? { date: gt.publish_date } : {}),
    };
  });
}

function loadPage(id: string): Buffer {
  return gunzipSync(readFileSync(join(DATA_DIR, 'html', `${id}.html.gz`)));
}

function runOurs(bytes: Buffer, id: string): Output {
  const start = performance.now();
  const result = parseFile(bytes, {
    key: `${id}.html`,
    contentType: 'text/html',
  });
  const ms = performance.now() - start;
  const article = result.ok ? result.articles[0] : undefined;
  return {
    text: article?.text ?? '',
    title: article?.title,
    author: article?.authors[0],
    date: article?.publishedAt,
    ms,
  };
}

function runReadability(bytes: Buffer): Output {
  const html = bytes.toString('utf8');
  const start = performance.now();
  let parsed: ReturnType<Readability['parse']> = null;
  let crashed = false;
  try {
    const { document } = parseHTML(html);
    // linkedom's document satisfies what Readability reads of a Document.
    parsed = new Readability(
      document as unknown as ConstructorParameters<typeof Readability>[0]
    ).parse();
  } catch {
    // Readability throws on a few pages (a null parent in _grabArticle on
    // linkedom); such a page scores as an empty extraction.
    crashed = true;
  }
  const ms = performance.now() - start;
  const published = parsed?.publishedTime ?? undefined;
  return {
    text: parsed?.textContent ?? '',
    title: parsed?.title ?? undefined,
    author: parsed?.byline ?? undefined,
    date: published ? (parseDate(published) ?? published) : undefined,
    ms,
    crashed,
  };
}

function child(name: ExtractorName, truths: Truth[]): void {
  const outputs: Output[] = [];
  // Warm up the JIT on a few pages, unmeasured.
  for (const truth of truths.slice(0, 20)) {
    const bytes = loadPage(truth.id);
    if (name === 'ours') runOurs(bytes, truth.id);
    else runReadability(bytes);
  }
  for (const truth of truths) {
    const bytes = loadPage(truth.id);
    outputs.push(
      name === 'ours' ? runOurs(bytes, truth.id) : runReadability(bytes)
    );
  }
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const report: RunReport = { outputs, maxRssMb };
  process.stdout.write(JSON.stringify(report));
}

function tokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/** Precision, recall and F1 of `got` against `want` as token multisets. */
function score(got: string, want: string): { p: number; r: number; f: number } {
  const a = tokens(got);
  const b = tokens(want);
  if (a.length === 0 && b.length === 0) return { p: 1, r: 1, f: 1 };
  if (a.length === 0 || b.length === 0) return { p: 0, r: 0, f: 0 };
  const counts = new Map<string, number>();
  for (const t of b) counts.set(t, (counts.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of a) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      overlap++;
      counts.set(t, n - 1);
    }
  }
  const p = overlap / a.length;
  const r = overlap / b.length;
  return { p, r, f: p + r === 0 ? 0 : (2 * p * r) / (p + r) };
}

function sameTokens(a: string | undefined, b: string): boolean {
  return a !== undefined && tokens(a).join(' ') === tokens(b).join(' ');
}

function authorMatches(got: string | undefined, want: string): boolean {
  if (!got) return false;
  const g = tokens(got);
  const w = tokens(want);
  if (g.length === 0) return false;
  const wantSet = new Set(w);
  const gotSet = new Set(g);
  return g.every((t) => wantSet.has(t)) || w.every((t) => gotSet.has(t));
}

function sameDay(got: string | undefined, want: string): boolean {
  return got !== undefined && got.slice(0, 10) === want.slice(0, 10);
}

const mean = (values: number[]) =>
  values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0
  );
};
const f3 = (n: number) => n.toFixed(3);

function accuracy(
  truths: Truth[],
  outputs: Output[],
  field: 'title' | 'author' | 'date',
  onlyType?: string
): string {
  let n = 0;
  let ok = 0;
  truths.forEach((truth, i) => {
    const want = truth[field];
    if (!want || (onlyType && truth.type !== onlyType)) return;
    const got = outputs[i]?.[field];
    n++;
    const match =
      field === 'title'
        ? sameTokens(got, want)
        : field === 'author'
          ? authorMatches(got, want)
          : sameDay(got, want);
    if (match) ok++;
  });
  return `${f3(n === 0 ? 0 : ok / n)} (${ok}/${n})`;
}

/** Child: parses one hostile input and reports time, outcome and peak RSS. */
function hostileChild(name: string): void {
  const make = HOSTILE[name];
  if (!make) throw new Error(`unknown hostile input ${name}`);
  const bytes = new TextEncoder().encode(make());
  const before = process.resourceUsage().maxRSS / 1024;
  const start = performance.now();
  const result = parseFile(bytes, { key: 'hostile.html' });
  const ms = performance.now() - start;
  const outcome = result.ok
    ? `article, ${result.articles[0]?.wordCount ?? 0} words`
    : `rejected ${result.rejection.code}`;
  process.stdout.write(
    JSON.stringify({
      mb: bytes.length / 1e6,
      ms,
      outcome,
      baseRssMb: before,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    })
  );
}

/** The hostile-input table: each input in a fresh process. */
function hostileTable(script: string): void {
  console.log(
    `\nhostile HTML (one process each; peak RSS includes the input bytes and Node itself)`
  );
  for (const name of Object.keys(HOSTILE)) {
    const run = spawnSync(process.execPath, [script, '--hostile', name], {
      encoding: 'utf8',
      maxBuffer: 1024 * 1024,
    });
    if (run.status !== 0) {
      console.log(
        `${name.padEnd(28)} FAILED (exit ${run.status}) ${run.stderr.slice(0, 300)}`
      );
      continue;
    }
    const r = JSON.parse(run.stdout);
    console.log(
      `${name.padEnd(28)} ${r.mb.toFixed(1).padStart(6)} MB in ${r.ms.toFixed(0).padStart(5)} ms, peak RSS ${r.maxRssMb.toFixed(0)} MB (input generated: ${r.baseRssMb.toFixed(0)} MB) → ${r.outcome}`
    );
  }
}

function main(): void {
  const { split, limit, child: childName, hostile } = args();
  if (hostile) {
    hostileChild(hostile);
    return;
  }
  if (!existsSync(DATA_DIR)) {
    console.log(
      `extract: skipped: the WCXB development set is not at ${DATA_DIR} (it lives in ../shared beside the repository; DROPWIRE_SHARED_DIR points elsewhere)`
    );
    return;
  }
  const truths = loadTruths(split, limit);
  if (childName) {
    child(childName, truths);
    return;
  }
  const script = fileURLToPath(import.meta.url);
  const reports = new Map<ExtractorName, RunReport>();
  for (const name of EXTRACTORS) {
    const run = spawnSync(
      process.execPath,
      [script, '--split', split, '--limit', String(limit), '--child', name],
      { maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8' }
    );
    if (run.status !== 0) {
      console.error(run.stderr);
      throw new Error(
        `extract bench: the ${name} run failed (exit ${run.status})`
      );
    }
    reports.set(name, JSON.parse(run.stdout) as RunReport);
  }
  const ours = reports.get('ours') as RunReport;
  const theirs = reports.get('readability') as RunReport;
  const scores = new Map(
    EXTRACTORS.map((name) => [
      name,
      truths.map((t, i) =>
        score((reports.get(name) as RunReport).outputs[i]?.text ?? '', t.text)
      ),
    ])
  );

  console.log(
    `WCXB dev split: ${truths.length} pages (split ${split}); ours = parseFile, readability = @mozilla/readability on linkedom`
  );
  const types = ['all', ...new Set(truths.map((t) => t.type))];
  const header = `${'page type'.padEnd(14)}${'n'.padStart(5)}   ${'ours F1'.padStart(8)}${'P'.padStart(7)}${'R'.padStart(7)}   ${'read. F1'.padStart(8)}${'P'.padStart(7)}${'R'.padStart(7)}`;
  console.log(header);
  for (const type of types) {
    const idx = truths
      .map((t, i) => (type === 'all' || t.type === type ? i : -1))
      .filter((i) => i >= 0);
    const cols = EXTRACTORS.map((name) => {
      const s = scores.get(name) ?? [];
      const pick = (k: 'p' | 'r' | 'f') => mean(idx.map((i) => s[i]?.[k] ?? 0));
      return `${f3(pick('f')).padStart(8)}${f3(pick('p')).padStart(7)}${f3(pick('r')).padStart(7)}`;
    });
    console.log(
      `${type.padEnd(14)}${String(idx.length).padStart(5)}   ${cols.join('   ')}`
    );
  }
  for (const field of ['title', 'author', 'date'] as const) {
    for (const only of ['article', undefined]) {
      const label = `${field} accuracy (${only ?? 'all pages'})`;
      console.log(
        `${label.padEnd(34)} ours ${accuracy(truths, ours.outputs, field, only).padEnd(20)} readability ${accuracy(truths, theirs.outputs, field, only)}`
      );
    }
  }
  const timing = (r: RunReport) => {
    const ms = r.outputs.map((o) => o.ms);
    return { median: quantile(ms, 0.5), p95: quantile(ms, 0.95) };
  };
  const t1 = timing(ours);
  const t2 = timing(theirs);
  console.log(
    `${'ms per page (median / p95)'.padEnd(34)} ours ${t1.median.toFixed(2)} / ${t1.p95.toFixed(2)}    readability ${t2.median.toFixed(2)} / ${t2.p95.toFixed(2)}    ratio ${(t1.median / t2.median).toFixed(2)}`
  );
  console.log(
    `${'peak RSS (MB)'.padEnd(34)} ours ${ours.maxRssMb.toFixed(0)}    readability ${theirs.maxRssMb.toFixed(0)}`
  );
  const crashes = (r: RunReport) => r.outputs.filter((o) => o.crashed).length;
  console.log(
    `${'pages where the extractor threw'.padEnd(34)} ours ${crashes(ours)}    readability ${crashes(theirs)}`
  );
  hostileTable(script);
}

main();
