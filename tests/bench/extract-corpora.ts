/**
 * The labelled page sets of `bench:extract`, and how each is scored.
 *
 * - WCXB dev (`../shared/data/wcxb-dev`): 1,497 pages of every kind, each
 *   with its page type and reference text. Scored as its README says:
 *   tokens are lower-cased runs of `[\p{L}\p{N}_]`; per page, precision
 *   and recall from the multiset overlap with `main_content`; the mean of
 *   the pages' F1. Metadata accuracy, over pages whose truth has the
 *   field: title (same token sequence), first author (its tokens all in
 *   the truth's, or the other way round: the truth often adds degrees),
 *   date (same calendar day).
 * - trafilatura's evaluation set (`../shared/data/trafilatura-eval`): 990
 *   pages, mostly news and blog articles, each with snippets that must
 *   and must not appear in the text. Scored as trafilatura scores itself
 *   (`tests/eval_common.py`): white space collapsed, a `with` snippet
 *   found is a true positive, missed a false negative; a `without`
 *   snippet found is a false positive. Counts are summed over all pages.
 * Pages are read as bytes: WCXB's are UTF-8, trafilatura's are in their
 * own charset, which `parseFile` must find itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { REPO_ROOT } from '../support/paths.ts';

/**
 * The shared data folder beside the repository: only benchmarks read it
 * (`npm test` reads the repository alone). `DROPWIRE_SHARED_DIR` overrides
 * that location.
 */
export const SHARED_DIR = resolve(
  process.env.DROPWIRE_SHARED_DIR ?? resolve(REPO_ROOT, '..', 'shared')
);

/** Where WCXB's development split lives. */
export const WCXB_DIR = join(SHARED_DIR, 'data', 'wcxb-dev');
/** Where trafilatura's evaluation set lives. */
export const TRAFILATURA_DIR = join(SHARED_DIR, 'data', 'trafilatura-eval');

/** WCXB pages whose id is divisible by this are the holdout split. */
const HOLDOUT_EVERY = 5;
const TOKEN = /[\p{L}\p{N}_]+/gu;
const SPACE_RUN = /\s+/g;

/** One WCXB page's ground truth. */
export interface WcxbTruth {
  readonly id: string;
  /** WCXB's page type: article, listing, product, … */
  readonly type: string;
  readonly text: string;
  readonly title?: string;
  readonly author?: string;
  readonly date?: string;
}

/** One trafilatura page's labels. */
export interface SnippetTruth {
  /** The page's file name (`html/<file>.gz`). */
  readonly file: string;
  /** Snippets of main text the extraction must hold. */
  readonly with: readonly string[];
  /** Snippets of boilerplate it must not hold. */
  readonly without: readonly string[];
}

/** Which WCXB pages to read: all, the tuning part, or the holdout. */
export type WcxbSplit = 'all' | 'dev' | 'holdout';

/** The WCXB ground truths of `split`, in id order, at most `limit`. */
export function loadWcxb(split: WcxbSplit, limit: number): WcxbTruth[] {
  const ids = readdirSync(join(WCXB_DIR, 'ground-truth'))
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
      readFileSync(join(WCXB_DIR, 'ground-truth', `${id}.json`), 'utf8')
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

/** A WCXB page's bytes. */
export function wcxbPage(id: string): Buffer {
  return gunzipSync(readFileSync(join(WCXB_DIR, 'html', `${id}.html.gz`)));
}

/** trafilatura's labelled pages, in the file's order, at most `limit`. */
export function loadSnippetTruths(limit: number): SnippetTruth[] {
  const data = JSON.parse(
    readFileSync(join(TRAFILATURA_DIR, 'evaldata.json'), 'utf8')
  ) as Record<string, SnippetTruth>;
  return Object.values(data)
    .slice(0, limit)
    .map((entry) => ({
      file: entry.file,
      with: entry.with,
      without: entry.without,
    }));
}

/** A trafilatura page's bytes, in the page's own charset. */
export function snippetPage(file: string): Buffer {
  return gunzipSync(readFileSync(join(TRAFILATURA_DIR, 'html', `${file}.gz`)));
}

/** A charset declared in the first bytes of a page (`<meta charset>`). */
const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i;
/** How far into a page a browser looks for the declared charset. */
const CHARSET_SNIFF_BYTES = 1024;

/**
 * A page's bytes as a browser without a `Content-Type` header reads them,
 * for the reference extractor (ours reads bytes itself): the charset the
 * page declares, else UTF-8 when the bytes are valid UTF-8, else
 * Windows-1252.
 */
export function browserDecode(bytes: Uint8Array): string {
  const head = new TextDecoder('latin1').decode(
    bytes.subarray(0, CHARSET_SNIFF_BYTES)
  );
  const declared = head.match(META_CHARSET)?.[1];
  if (declared) {
    try {
      return new TextDecoder(declared).decode(bytes);
    } catch {
      // An unknown label: read on as if none was declared.
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Word tokens, lower-cased, as WCXB's README defines them. */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/** Precision, recall and F1 of one page. */
export interface PageScore {
  readonly p: number;
  readonly r: number;
  readonly f: number;
}

/** Word P/R/F1 of `got` against `want`, as token multisets. */
export function wordScore(got: string, want: string): PageScore {
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

/** Snippet counts of one page, or of a whole set once summed. */
export interface SnippetCounts {
  tp: number;
  fn: number;
  fp: number;
  tn: number;
}

/** How the snippets of one page fare in its extracted `text`. */
export function snippetCounts(
  text: string,
  truth: SnippetTruth
): SnippetCounts {
  const collapsed = text.replace(SPACE_RUN, ' ');
  const found = (snippet: string) =>
    collapsed.includes(snippet.replace(SPACE_RUN, ' '));
  const tp = truth.with.filter(found).length;
  const fp = truth.without.filter(found).length;
  return {
    tp,
    fn: truth.with.length - tp,
    fp,
    tn: truth.without.length - fp,
  };
}

/** Precision, recall and F1 of summed snippet counts. */
export function snippetScore(counts: SnippetCounts): PageScore {
  const { tp, fn, fp } = counts;
  return {
    p: tp + fp === 0 ? 0 : tp / (tp + fp),
    r: tp + fn === 0 ? 0 : tp / (tp + fn),
    f: tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn),
  };
}

/** Whether two strings are the same token sequence. */
export function sameTokens(a: string | undefined, b: string): boolean {
  return a !== undefined && tokens(a).join(' ') === tokens(b).join(' ');
}

/** Whether an extracted author names the ground truth's author. */
export function authorMatches(got: string | undefined, want: string): boolean {
  if (!got) return false;
  const g = tokens(got);
  const w = tokens(want);
  if (g.length === 0) return false;
  const wantSet = new Set(w);
  const gotSet = new Set(g);
  return g.every((t) => wantSet.has(t)) || w.every((t) => gotSet.has(t));
}

/** Whether an extracted date is the same calendar day as the truth's. */
export function sameDay(got: string | undefined, want: string): boolean {
  return got !== undefined && got.slice(0, 10) === want.slice(0, 10);
}
