/**
 * Where test data lives.
 *
 * `../shared` (beside the repository) holds the shared data sets and the
 * seed article; they are read from there, never copied into the repo.
 * `DROPWIRE_SHARED_DIR` overrides the location.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The shared data folder beside the repository. */
export const SHARED_DIR = resolve(
  process.env.DROPWIRE_SHARED_DIR ?? resolve(REPO_ROOT, '..', 'shared')
);

/** The repository's own fixtures. */
export const FIXTURES_DIR = resolve(REPO_ROOT, 'tests', 'fixtures');
