/**
 * A quick inner loop for extraction work: scores our extractor alone
 * (no Readability, no hostile inputs, no child processes) on both sets of
 * `bench:extract`, or one of them, and writes each page's score to a
 * JSON file so that two runs can be compared page by page.
 *
 *   node tests/bench/extract-score.ts [--set wcxb|trafilatura|both]
 *     [--limit N] [--out file.json] [--diff earlier.json]
 *
 * `--diff` prints the pages whose score moved against an earlier `--out`,
 * worst first. The figures are those `bench:extract` prints for ours;
 * confirm a kept change with the full bench.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseFile } from '../../functions/core/index.ts';
import {
  loadSnippetTruths,
  loadWcxb,
  snippetCounts,
  snippetPage,
  snippetScore,
  wcxbPage,
  wordScore,
} from './extract-corpora.ts';

/** One page's result, as written to `--out`. */
interface PageResult {
  /** WCXB: word F1, P, R; trafilatura: the page's snippet counts. */
  readonly f?: number;
  readonly p?: number;
  readonly r?: number;
  readonly tp?: number;
  readonly fn?: number;
  readonly fp?: number;
  readonly type: string;
  readonly pageType: string;
  readonly ms: number;
}

function option(name: string): string | undefined {
  const argv = process.argv.slice(2);
  const i = argv.indexOf(name);
  return i === -1 ? undefined : argv[i + 1];
}

function extract(bytes: Buffer, key: string) {
  const start = performance.now();
  const result = parseFile(bytes, { key, contentType: 'text/html' });
  const ms = performance.now() - start;
  const article = result.ok ? result.articles[0] : undefined;
  return { text: article?.text ?? '', pageType: article?.pageType ?? '', ms };
}

const f3 = (n: number) => n.toFixed(4);
const mean = (v: number[]) =>
  v.length === 0 ? 0 : v.reduce((s, x) => s + x, 0) / v.length;
const median = (v: number[]) =>
  [...v].sort((a, b) => a - b)[v.length >> 1] ?? 0;

function main(): void {
  const set = option('--set') ?? 'both';
  const limit = Number(option('--limit') ?? Number.POSITIVE_INFINITY);
  const results: Record<string, PageResult> = {};
  if (set !== 'trafilatura') {
    const truths = loadWcxb('all', limit);
    const byType = new Map<string, number[]>();
    const ms: number[] = [];
    for (const t of truths) {
      const out = extract(wcxbPage(t.id), `${t.id}.html`);
      const s = wordScore(out.text, t.text);
      results[`wcxb/${t.id}`] = {
        ...s,
        type: t.type,
        pageType: out.pageType,
        ms: out.ms,
      };
      for (const key of ['all', t.type]) {
        byType.set(key, [...(byType.get(key) ?? []), s.f]);
      }
      ms.push(out.ms);
    }
    const cells = [...byType].map(([k, v]) => `${k} ${f3(mean(v))}`);
    console.log(
      `WCXB F1: ${cells.join(', ')}; median ms ${median(ms).toFixed(2)}`
    );
  }
  if (set !== 'wcxb') {
    const truths = loadSnippetTruths(limit);
    const total = { tp: 0, fn: 0, fp: 0, tn: 0 };
    const ms: number[] = [];
    for (const t of truths) {
      const out = extract(snippetPage(t.file), t.file);
      const c = snippetCounts(out.text, t);
      total.tp += c.tp;
      total.fn += c.fn;
      total.fp += c.fp;
      total.tn += c.tn;
      results[`traf/${t.file}`] = {
        tp: c.tp,
        fn: c.fn,
        fp: c.fp,
        type: '',
        pageType: out.pageType,
        ms: out.ms,
      };
      ms.push(out.ms);
    }
    const s = snippetScore(total);
    console.log(
      `trafilatura F1 ${f3(s.f)} P ${f3(s.p)} R ${f3(s.r)} (${total.tp}/${total.fn}, ${total.fp}); median ms ${median(ms).toFixed(2)}`
    );
  }
  const out = option('--out');
  if (out) writeFileSync(out, JSON.stringify(results));
  const diff = option('--diff');
  if (diff && existsSync(diff)) {
    const before = JSON.parse(readFileSync(diff, 'utf8')) as Record<
      string,
      PageResult
    >;
    const moved: [string, number, string][] = [];
    for (const [key, now] of Object.entries(results)) {
      const was = before[key];
      if (!was) continue;
      const delta =
        now.f !== undefined
          ? now.f - (was.f ?? 0)
          : (now.tp ?? 0) - (now.fp ?? 0) - ((was.tp ?? 0) - (was.fp ?? 0));
      if (Math.abs(delta) > 1e-4)
        moved.push([key, delta, `${was.pageType}→${now.pageType}`]);
    }
    moved.sort((a, b) => a[1] - b[1]);
    for (const [key, delta, types] of moved)
      console.log(`${delta.toFixed(3).padStart(7)} ${key} ${types}`);
  }
}

main();
