/**
 * Bench section `extract`: HTML main-content and metadata extraction on two
 * labelled page sets, ours (`parseFile`) against `@mozilla/readability` on
 * `linkedom`, in the same run on the same pages (see `extract-corpora.ts`
 * for the sets and how each is scored):
 * - WCXB dev: word F1 per page type, title/author/date accuracy, and our
 *   page type against WCXB's labels (a confusion table);
 * - trafilatura's evaluation set: snippet precision, recall and F1, and
 *   the page types we give its pages.
 * Time per page is wall time from the page's bytes (ours: `parseFile`,
 * decode included) or string (Readability: `parseHTML` + `parse()`) to
 * the result. Each extractor runs in its own child process, so its peak
 * RSS is its own.
 *
 * Options: `--split dev|holdout|all` for WCXB (default all; holdout is
 * every page whose id is divisible by 5, kept out of tuning), `--limit N`
 * pages of each set.
 * Targets (issue 13): WCXB F1 ≥ 0.880 on all pages and ≥ 0.955 on
 * articles; trafilatura F1 ≥ 0.930; articles called `article` ≥ 0.90 and
 * other pages called something else ≥ 0.85; median time ≤ 0.30× Readability's;
 * title accuracy ≥ 0.909 on articles.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { parseDate } from '../../functions/core/dates.ts';
import { PAGE_TYPES, parseFile } from '../../functions/core/index.ts';
import {
  authorMatches,
  browserDecode,
  loadSnippetTruths,
  loadWcxb,
  type PageScore,
  type SnippetCounts,
  type SnippetTruth,
  sameDay,
  sameTokens,
  snippetCounts,
  snippetPage,
  snippetScore,
  TRAFILATURA_DIR,
  WCXB_DIR,
  type WcxbSplit,
  type WcxbTruth,
  wcxbPage,
  wordScore,
} from './extract-corpora.ts';

const EXTRACTORS = ['ours', 'readability'] as const;
type ExtractorName = (typeof EXTRACTORS)[number];
/** Pages parsed, unmeasured, before the timed run (JIT warm-up). */
const WARM_UP_PAGES = 20;

/** One extractor's output for one page. */
interface Output {
  text: string;
  title?: string | undefined;
  author?: string | undefined;
  date?: string | undefined;
  /** Our page type (Readability has none). */
  pageType?: string | undefined;
  ms: number;
  /** Whether the extractor threw (ours never does: it returns rejections). */
  crashed?: boolean;
}

/** What a child process reports. */
interface RunReport {
  wcxb: Output[];
  snippets: Output[];
  maxRssMb: number;
}

/** The pages of both sets, as one run reads them. */
interface Pages {
  readonly wcxb: readonly WcxbTruth[];
  readonly snippets: readonly SnippetTruth[];
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
  split: WcxbSplit;
  limit: number;
  child?: ExtractorName;
  hostile?: string;
} {
  const argv = process.argv.slice(2);
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i === -1 ? undefined : argv[i + 1];
  };
  const split = value('--split') ?? 'all';
  if (split !== 'all' && split !== 'dev' && split !== 'holdout') {
    throw new Error(`--split must be all, dev or holdout, not ${split}`);
  }
  const child = value('--child') as ExtractorName | undefined;
  const hostile = value('--hostile');
  return {
    split,
    limit: Number(value('--limit') ?? Number.POSITIVE_INFINITY),
    ...(child ? { child } : {}),
    ...(hostile ? { hostile } : {}),
  };
}

function runOurs(bytes: Buffer, key: string): Output {
  const start = performance.now();
  const result = parseFile(bytes, { key, contentType: 'text/html' });
  const ms = performance.now() - start;
  const article = result.ok ? result.articles[0] : undefined;
  return {
    text: article?.text ?? '',
    title: article?.title,
    author: article?.authors[0],
    date: article?.publishedAt,
    pageType: article?.pageType,
    ms,
  };
}

function runReadability(bytes: Buffer): Output {
  // Decoding is not timed: Readability takes a string, and a browser
  // decodes before any script runs.
  const html = browserDecode(bytes);
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

function child(name: ExtractorName, pages: Pages): void {
  const run = (bytes: Buffer, key: string) =>
    name === 'ours' ? runOurs(bytes, key) : runReadability(bytes);
  for (const truth of pages.wcxb.slice(0, WARM_UP_PAGES)) {
    run(wcxbPage(truth.id), `${truth.id}.html`);
  }
  const report: RunReport = {
    wcxb: pages.wcxb.map((t) => run(wcxbPage(t.id), `${t.id}.html`)),
    snippets: pages.snippets.map((t) => run(snippetPage(t.file), t.file)),
    maxRssMb: 0,
  };
  report.maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify(report));
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
const share = (ok: number, n: number) =>
  `${f3(n === 0 ? 0 : ok / n)} (${ok}/${n})`;

function accuracy(
  truths: readonly WcxbTruth[],
  outputs: readonly Output[],
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
  return share(ok, n);
}

/** WCXB: F1 per page type, then metadata accuracy. */
function printWcxb(
  truths: readonly WcxbTruth[],
  reports: ReadonlyMap<ExtractorName, RunReport>
): void {
  const scores = new Map<ExtractorName, PageScore[]>(
    EXTRACTORS.map((name) => [
      name,
      truths.map((t, i) =>
        wordScore(reports.get(name)?.wcxb[i]?.text ?? '', t.text)
      ),
    ])
  );
  const types = ['all', ...new Set(truths.map((t) => t.type))];
  console.log(
    `${'page type'.padEnd(14)}${'n'.padStart(5)}   ${'ours F1'.padStart(8)}${'P'.padStart(7)}${'R'.padStart(7)}   ${'read. F1'.padStart(8)}${'P'.padStart(7)}${'R'.padStart(7)}`
  );
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
  const ours = reports.get('ours')?.wcxb ?? [];
  const theirs = reports.get('readability')?.wcxb ?? [];
  for (const field of ['title', 'author', 'date'] as const) {
    for (const only of ['article', undefined]) {
      const label = `${field} accuracy (${only ?? 'all pages'})`;
      console.log(
        `${label.padEnd(34)} ours ${accuracy(truths, ours, field, only).padEnd(20)} readability ${accuracy(truths, theirs, field, only)}`
      );
    }
  }
}

/** Our page types against WCXB's labels: rows are labels, columns ours. */
function printPageTypes(
  truths: readonly WcxbTruth[],
  ours: readonly Output[],
  snippets: readonly Output[]
): void {
  const labels = [...new Set(truths.map((t) => t.type))];
  const short = (type: string) => type.slice(0, 7);
  console.log(
    `\npage type: WCXB label (rows) against ours (columns)\n${''.padEnd(14)}${PAGE_TYPES.map((t) => short(t).padStart(8)).join('')}`
  );
  for (const label of labels) {
    const row = PAGE_TYPES.map((type) =>
      truths.filter((t, i) => t.type === label && ours[i]?.pageType === type)
    );
    console.log(
      `${label.padEnd(14)}${row.map((cell) => String(cell.length).padStart(8)).join('')}`
    );
  }
  const articles = truths.filter((t) => t.type === 'article').length;
  const called = truths.filter(
    (t, i) => t.type === 'article' && ours[i]?.pageType === 'article'
  ).length;
  const others = truths.length - articles;
  const otherwise = truths.filter(
    (t, i) =>
      t.type !== 'article' &&
      ours[i]?.pageType !== undefined &&
      ours[i]?.pageType !== 'article'
  ).length;
  console.log(
    `articles called article ${share(called, articles)}; other pages called something else ${share(otherwise, others)}`
  );
  const counts = PAGE_TYPES.map(
    (type) => `${type} ${snippets.filter((o) => o.pageType === type).length}`
  );
  console.log(`trafilatura set, our page types: ${counts.join(', ')}`);
}

/** trafilatura's set: snippet P/R/F1 of each extractor. */
function printSnippets(
  truths: readonly SnippetTruth[],
  reports: ReadonlyMap<ExtractorName, RunReport>
): void {
  console.log(
    `${'extractor'.padEnd(14)}${'F1'.padStart(7)}${'P'.padStart(7)}${'R'.padStart(7)}   with found/missed, without found`
  );
  for (const name of EXTRACTORS) {
    const outputs = reports.get(name)?.snippets ?? [];
    const total: SnippetCounts = { tp: 0, fn: 0, fp: 0, tn: 0 };
    truths.forEach((truth, i) => {
      const counts = snippetCounts(outputs[i]?.text ?? '', truth);
      total.tp += counts.tp;
      total.fn += counts.fn;
      total.fp += counts.fp;
      total.tn += counts.tn;
    });
    const s = snippetScore(total);
    console.log(
      `${name.padEnd(14)}${f3(s.f).padStart(7)}${f3(s.p).padStart(7)}${f3(s.r).padStart(7)}   ${total.tp}/${total.fn}, ${total.fp}`
    );
  }
}

/** Median and p95 time per page of each extractor, and their ratio. */
function printTiming(
  label: string,
  pick: (report: RunReport) => readonly Output[],
  reports: ReadonlyMap<ExtractorName, RunReport>
): void {
  const timing = (name: ExtractorName) => {
    const report = reports.get(name);
    const ms = report ? pick(report).map((o) => o.ms) : [];
    return { median: quantile(ms, 0.5), p95: quantile(ms, 0.95) };
  };
  const a = timing('ours');
  const b = timing('readability');
  console.log(
    `${`ms per page, ${label} (median / p95)`.padEnd(42)} ours ${a.median.toFixed(2)} / ${a.p95.toFixed(2)}    readability ${b.median.toFixed(2)} / ${b.p95.toFixed(2)}    ratio ${(a.median / b.median).toFixed(2)}`
  );
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
  for (const dir of [WCXB_DIR, TRAFILATURA_DIR]) {
    if (!existsSync(dir)) {
      console.log(
        `extract: skipped: a development corpus is not at ${dir} (the corpora live in ../shared beside the repository; DROPWIRE_SHARED_DIR points elsewhere)`
      );
      return;
    }
  }
  const pages: Pages = {
    wcxb: loadWcxb(split, limit),
    snippets: loadSnippetTruths(limit),
  };
  if (childName) {
    child(childName, pages);
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

  console.log(
    `WCXB dev split: ${pages.wcxb.length} pages (split ${split}); ours = parseFile, readability = @mozilla/readability on linkedom`
  );
  printWcxb(pages.wcxb, reports);
  console.log(
    `\ntrafilatura evaluation set: ${pages.snippets.length} pages, snippets scored as trafilatura scores itself`
  );
  printSnippets(pages.snippets, reports);
  printPageTypes(pages.wcxb, ours.wcxb, ours.snippets);
  console.log('');
  printTiming('WCXB', (r) => r.wcxb, reports);
  printTiming('trafilatura', (r) => r.snippets, reports);
  printTiming('both sets', (r) => [...r.wcxb, ...r.snippets], reports);
  console.log(
    `${'peak RSS (MB)'.padEnd(42)} ours ${ours.maxRssMb.toFixed(0)}    readability ${theirs.maxRssMb.toFixed(0)}`
  );
  const crashes = (r: RunReport) =>
    [...r.wcxb, ...r.snippets].filter((o) => o.crashed).length;
  console.log(
    `${'pages where the extractor threw'.padEnd(42)} ours ${crashes(ours)}    readability ${crashes(theirs)}`
  );
  hostileTable(script);
}

main();
