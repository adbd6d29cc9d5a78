/**
 * Where test data lives.
 *
 * Everything `npm test` reads is in the repository: the article fixtures
 * (the seed article among them) and the event fixtures under
 * `tests/fixtures/`. The large shared data sets (the WCXB and trafilatura
 * development corpora) live in the shared data folder beside the
 * repository, and only benchmarks read them (`tests/bench/extract-corpora.ts`
 * says where); a bench whose data is missing says so and skips.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The repository's own fixtures. */
export const FIXTURES_DIR = resolve(REPO_ROOT, 'tests', 'fixtures');

/**
 * The seed article, as scraped: the plain-text file whose cleaned form is
 * the contract in one example (`tests/unit/core/seed-article.test.ts`).
 */
export const SEED_PATH = join(
  FIXTURES_DIR,
  'articles',
  'telegraph-putin-kim-gifts',
  'source.txt'
);
