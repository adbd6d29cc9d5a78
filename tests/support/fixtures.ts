/**
 * Article fixtures: `tests/fixtures/articles/<slug>/`.
 *
 * Each folder holds one input and its expected output:
 * - `source.<ext>`: the file as a user would upload it (any encoding,
 *   possibly gzipped);
 * - `meta.json` (optional): the `FileMeta` to parse with (key, contentType,
 *   metadata); the key defaults to `<slug>/<source file name>`;
 * - `expected.json`: `{ "articles": [...], "problems"?: [...] }` without
 *   `ingestedAt` (problems: the records of a multi-article file that were
 *   skipped), or `{ "rejected": { "code", "message" }, "problems"?: [...] }`.
 * `npm run fixture:update -- <slug>` writes expected.json from the current
 * output; review the diff before committing it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  Article,
  EntryProblem,
  FileMeta,
  ParseResult,
  Rejection,
} from '../../functions/core/index.ts';
import { parseFile } from '../../functions/core/index.ts';
import { FIXTURES_DIR } from './paths.ts';

/** The fixed `ingestedAt` fixtures are parsed with. */
export const FIXTURE_INGESTED_AT = new Date('2026-01-01T00:00:00Z');

/** An expected article: everything but the time of ingestion. */
export type ExpectedArticle = Omit<Article, 'ingestedAt' | 'parserVersion'>;

/** What a fixture expects `parseFile` to return. */
export type Expected =
  | {
      readonly articles: readonly ExpectedArticle[];
      readonly problems?: readonly EntryProblem[];
    }
  | {
      readonly rejected: Rejection;
      readonly problems?: readonly EntryProblem[];
    };

/** One loaded fixture. */
export interface ArticleFixture {
  readonly slug: string;
  readonly dir: string;
  readonly sourceName: string;
  readonly source: Uint8Array;
  readonly meta: FileMeta;
  readonly expected: Expected;
  /** The format the expected output records, or `rejected`. */
  readonly format: string;
}

/** The articles fixture folder. */
export const ARTICLE_FIXTURES_DIR = join(FIXTURES_DIR, 'articles');

/** Loads one fixture folder. */
export function loadArticleFixture(slug: string): ArticleFixture {
  const dir = join(ARTICLE_FIXTURES_DIR, slug);
  const files = readdirSync(dir);
  const sourceName = files.find((f) => f.startsWith('source.'));
  if (!sourceName) throw new Error(`fixture ${slug} has no source.* file`);
  const source = readFileSync(join(dir, sourceName));
  const metaFile = files.includes('meta.json')
    ? (JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as FileMeta)
    : {};
  const meta: FileMeta = {
    key: `${slug}/${sourceName}`,
    ...metaFile,
    ingestedAt: FIXTURE_INGESTED_AT,
  };
  const expected = files.includes('expected.json')
    ? (JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected)
    : { articles: [] };
  const format =
    'rejected' in expected
      ? 'rejected'
      : (expected.articles[0]?.origin.format ?? 'unknown');
  return { slug, dir, sourceName, source, meta, expected, format };
}

/** Loads every article fixture, in name order. */
export function loadArticleFixtures(): ArticleFixture[] {
  return readdirSync(ARTICLE_FIXTURES_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map(loadArticleFixture);
}

/**
 * An article without its `ingestedAt` and `parserVersion`, for comparison
 * with expected.json: neither is the cleaner's output for the fixture (a
 * version bump must not rewrite every fixture).
 */
export function withoutIngestedAt(article: Article): ExpectedArticle {
  const {
    ingestedAt: _ingestedAt,
    parserVersion: _parserVersion,
    ...rest
  } = article;
  return rest;
}

/** What a fixture's expected.json holds for a parse result. */
export function expectedOf(result: ParseResult): Expected {
  if (!result.ok) {
    return result.problems && result.problems.length > 0
      ? { rejected: result.rejection, problems: result.problems }
      : { rejected: result.rejection };
  }
  const articles = result.articles.map(withoutIngestedAt);
  return result.problems.length > 0
    ? { articles, problems: result.problems }
    : { articles };
}

/**
 * The article a fixture's source parses to, as if uploaded as `key` to the
 * bucket `drop`, after `edit` has changed its text (for "a new version").
 */
export function articleFromFixture(
  slug: string,
  key: string,
  edit: (text: string) => string = (text) => text
): Article {
  const text = edit(new TextDecoder().decode(loadArticleFixture(slug).source));
  const result = parseFile(new TextEncoder().encode(text), {
    bucket: 'drop',
    key,
  });
  if (!result.ok) throw new Error(`${slug}: ${result.rejection.message}`);
  return result.articles[0] as Article;
}
