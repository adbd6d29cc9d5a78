/**
 * One test group per article fixture (tests/fixtures/articles/<slug>):
 * `parseFile` on the source must give expected.json, checked field by
 * field so that a failure names what changed (RD `test-readability.js`).
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
  'origin',
  'id',
] as const satisfies readonly (keyof ExpectedArticle)[];

for (const fixture of loadArticleFixtures()) {
  describe(`Fixture: ${fixture.slug}`, () => {
    // Act (shared: every test reads the same result)
    const result = parseFile(fixture.source, fixture.meta);

    if ('rejected' in fixture.expected) {
      const expected = fixture.expected.rejected;
      it(`rejects the file as ${expected.code}`, () => {
        // Assess
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.rejection).toEqual(expected);
      });
      return;
    }

    const expectedArticles = fixture.expected.articles;
    const articles = result.ok ? result.articles.map(withoutIngestedAt) : [];

    it('finds the expected number of articles', () => {
      // Assess
      expect(result.ok ? 'ok' : result.rejection).toBe('ok');
      expect(articles).toHaveLength(expectedArticles.length);
    });

    it('extracts the body blocks and text', () => {
      // Assess
      expect(articles.map((a) => a.body)).toEqual(
        expectedArticles.map((a) => a.body)
      );
      expect(articles.map((a) => a.text)).toEqual(
        expectedArticles.map((a) => a.text)
      );
    });

    for (const field of FIELDS) {
      it(`extracts the ${field}`, () => {
        // Assess
        expect(articles.map((a) => a[field])).toEqual(
          expectedArticles.map((a) => a[field])
        );
      });
    }

    it('matches expected.json as a whole', () => {
      // Assess
      expect(articles).toEqual(expectedArticles);
    });
  });
}
