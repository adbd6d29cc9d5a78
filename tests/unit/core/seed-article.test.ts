/**
 * The seed article (tests/fixtures/articles/telegraph-putin-kim-gifts/
 * source.txt) against the design's "The seed article, cleaned", clause by
 * clause. The fixture loop compares it with expected.json too; this file
 * states the contract itself, so a wrong expected.json cannot hide a
 * regression.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Article, parseFile } from '../../../functions/core/index.ts';
import { SEED_PATH } from '../../support/paths.ts';

function parseSeed(): Article {
  const result = parseFile(readFileSync(SEED_PATH), { key: 'seed.txt' });
  if (!result.ok) throw new Error(`seed rejected: ${result.rejection.message}`);
  expect(result.articles).toHaveLength(1);
  return result.articles[0] as Article;
}

describe('Seed: telegraph-putin-kim-gifts', () => {
  const article = parseSeed();

  it('has the title line as its title', () => {
    // Assess
    expect(article.title).toBe(
      'Putin gives Kim Jong-un parting gifts as tour ends early'
    );
  });

  it('takes the paragraph after the title as the standfirst', () => {
    // Assess
    expect(article.standfirst).toBe(
      'Vladimir Putin gifted a cosmonaut’s glove and a rifle to North Korean leader Kim Jong-un during his visit to Russia, which appeared to end early.'
    );
  });

  it('keeps the 13 news paragraphs, in order, from Peskov to Skabeyeva', () => {
    // Assess
    expect(article.body).toHaveLength(13);
    expect(article.body.every((block) => block.type === 'paragraph')).toBe(
      true
    );
    expect(article.body[0]?.text).toMatch(
      /^Dmitry Peskov, the Kremlin spokesman/u
    );
    expect(article.body[12]?.text).toMatch(
      /^“It’s simply incredible,” said Olga Skabeyeva/u
    );
  });

  it('keeps curly quotes and apostrophes', () => {
    // Assess
    expect(article.body[1]?.text).toBe(
      '“This is their prerogative,” he said. “We appreciated the visit itself. It was timely, useful and constructive.”'
    );
  });

  it('does not repeat the standfirst in the body; text is standfirst then body', () => {
    // Assess
    expect(article.body.map((b) => b.text)).not.toContain(article.standfirst);
    expect(article.text).toBe(
      [article.standfirst, ...article.body.map((b) => b.text)].join('\n\n')
    );
  });

  it('lifts the bare caption and the credited caption into one image', () => {
    // Assess
    expect(article.images).toEqual([
      {
        caption:
          'Vladimir Putin gifted the North Korean dictator a used cosmonaut glove and rifle at a visit to the Vostochny Cosmodrome',
        credit: 'STR/KCNA VIA KNS/AFP via Getty Images',
      },
    ]);
    expect(article.text).not.toContain('Cosmodrome –');
    expect(article.text).not.toContain('at a visit to the Vostochny');
  });

  it.each([
    'Best quotes from Kim Jong-un and Putin',
    'Broaden your horizons',
    'Source link',
    'About The Author',
    'Scroll to Top',
  ])('removes "%s"', (line) => {
    // Assess
    expect(article.text).not.toContain(line);
  });

  it('infers the publisher from the promo, and detects English', () => {
    // Assess
    expect(article.publisher).toBe('The Telegraph');
    expect(article.language).toBe('en');
  });

  it('has no byline or dates, because the text states none', () => {
    // Assess
    expect(article.authors).toEqual([]);
    expect(article.publishedAt).toBeUndefined();
  });
});
