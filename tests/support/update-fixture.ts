/**
 * `npm run fixture:update -- <slug> [...]`: writes a fixture's expected.json
 * from what `parseFile` returns now.
 *
 * This is how a new fixture is added (create the folder with its source,
 * run this, then read expected.json line by line before committing it) and
 * how a deliberate behaviour change is recorded. Never run it to make a
 * failing test pass without reading the diff.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFile } from '../../functions/core/index.ts';
import { expectedOf, loadArticleFixture } from './fixtures.ts';

const slugs = process.argv.slice(2);
if (slugs.length === 0) {
  console.error('usage: npm run fixture:update -- <slug> [...]');
  process.exit(64);
}
for (const slug of slugs) {
  const fixture = loadArticleFixture(slug);
  const result = parseFile(fixture.source, fixture.meta);
  const expected = expectedOf(result);
  writeFileSync(
    join(fixture.dir, 'expected.json'),
    `${JSON.stringify(expected, null, 2)}\n`
  );
  console.log(
    `${slug}: wrote expected.json (${result.ok ? `${result.articles.length} article(s)` : `rejected ${result.rejection.code}`})`
  );
}
