/**
 * One test group per article fixture (tests/fixtures/articles/<slug>/):
 * each field is asserted on its own, so a failure names what changed, and
 * then the whole article is compared with expected.json.
 */
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../functions/core/index.ts';
import {
  type ExpectedArticle,
  loadArticleFixtures,
  withoutIngestedAt,
} from '../../support/fixtures.ts';

const FIELDS = [
  'title',
  'standfirst',
  'authors',
  'publisher',
  'url',
  'language',
  'publishedAt',
  'modifiedAt',
  'images',
  'tags',
  'isSummary',
  'wordCount',
  'contentHash',
  'id',
] as const satisfies readonly (keyof ExpectedArticle)[];

describe.each(loadArticleFixtures())('Fixture: $slug', (fixture) => {
  const result = parseFile(fixture.source, fixture.meta);

  if ('rejected' in fixture.expected) {
    const expected = fixture.expected.rejected;
    it('is rejected with the expected code and message', () => {
      // Assess
      expect(result.ok).toBe(false);
      expect(result.ok ? undefined : result.rejection).toEqual(expected);
    });

    it('lists the entries that failed', () => {
      // Assess
      expect(result.ok ? undefined : (result.problems ?? [])).toEqual(
        fixture.expected.problems ?? []
      );
    });
    return;
  }

  it('lists the entries that were skipped, with their locations', () => {
    // Assess
    expect(result.ok ? result.problems : undefined).toEqual(
      fixture.expected.problems ?? []
    );
  });

  const expectedArticles = fixture.expected.articles;
  const articles = result.ok ? result.articles.map(withoutIngestedAt) : [];

  it('parses into the expected number of articles', () => {
    // Assess
    expect(result.ok ? 'ok' : result.rejection).toBe('ok');
    expect(articles).toHaveLength(expectedArticles.length);
  });

  expectedArticles.forEach((expected, index) => {
    it.each(FIELDS)(`article ${index}: %s`, (field) => {
      // Assess
      expect(articles[index]?.[field]).toEqual(expected[field]);
    });

    it(`article ${index}: body blocks, in order`, () => {
      // Assess
      expect(articles[index]?.body).toEqual(expected.body);
    });

    it(`article ${index}: the whole article`, () => {
      // Assess
      expect(articles[index]).toEqual(expected);
    });
  });
});
