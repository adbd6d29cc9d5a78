/**
 * Bench section `parse`: plain-text parse + clean throughput on one core.
 *
 * Runs `parseFile` over every plain-text fixture (tests/fixtures/articles
 * and the shared seed) for several rounds and prints articles/s and MB/s,
 * the median of the rounds. Target: ≥ 20 MB/s.
 */
import { parseFile } from '../../functions/core/index.ts';
import { loadArticleFixtures } from '../support/fixtures.ts';

const ROUNDS = 7;
/** Each round parses the corpus this many times, so a round takes ~0.5 s. */
const REPEATS_PER_ROUND = 40;
const TARGET_MB_PER_S = 20;

const fixtures = loadArticleFixtures().filter((f) => f.format === 'text');
const corpusBytes = fixtures.reduce((sum, f) => sum + f.source.length, 0);

// Warm up the JIT before measuring.
for (let i = 0; i < 5; i++)
  for (const f of fixtures) parseFile(f.source, f.meta);

const rounds: { articlesPerS: number; mbPerS: number }[] = [];
for (let round = 0; round < ROUNDS; round++) {
  let articles = 0;
  const start = process.hrtime.bigint();
  for (let r = 0; r < REPEATS_PER_ROUND; r++) {
    for (const fixture of fixtures) {
      const result = parseFile(fixture.source, fixture.meta);
      if (result.ok) articles += result.articles.length;
    }
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  rounds.push({
    articlesPerS: articles / seconds,
    mbPerS: (corpusBytes * REPEATS_PER_ROUND) / 1e6 / seconds,
  });
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const mbPerS = median(rounds.map((r) => r.mbPerS));
console.log(
  `plain text: ${fixtures.length} fixtures, ${(corpusBytes / 1024).toFixed(1)} KiB per pass, ${ROUNDS} rounds × ${REPEATS_PER_ROUND} passes`
);
console.log(
  `parse+clean: ${median(rounds.map((r) => r.articlesPerS)).toFixed(0)} articles/s, ${mbPerS.toFixed(1)} MB/s (median; target ≥ ${TARGET_MB_PER_S} MB/s: ${mbPerS >= TARGET_MB_PER_S ? 'met' : 'NOT met'})`
);
