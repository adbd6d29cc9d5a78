/**
 * Synthetic articles for store and API tests: valid by the Article schema,
 * each with its own id, title and text, dated as a test needs.
 */
import { createHash } from 'node:crypto';
import {
  type Article,
  ArticleSchema,
  PARSER_VERSION,
} from '../../functions/core/index.ts';

/** The bucket synthetic articles say they came from. */
export const SYNTHETIC_BUCKET = 'drop-test';

/** What a synthetic article varies by. */
export interface SyntheticArticleOptions {
  readonly n: number;
  readonly publishedAt?: string;
  readonly ingestedAt?: string;
  readonly publisher?: string;
}

/** A valid article with a distinct id, text and title, numbered `n`. */
export function syntheticArticle(options: SyntheticArticleOptions): Article {
  const { n } = options;
  const id = createHash('sha256')
    .update(`synthetic-${n}`)
    .digest('hex')
    .slice(0, 32);
  const paragraph = `Paragraph of article ${n}, long enough to be an article body with several words in it.`;
  const standfirst = `Standfirst ${n}: what this article is about.`;
  const text = `${standfirst}\n\n${paragraph}`;
  const wordCount = text.split(/\s+/u).length;
  return ArticleSchema.parse({
    id,
    title: `Article ${n}`,
    standfirst,
    authors: [`Author ${n % 7}`],
    ...(options.publisher ? { publisher: options.publisher } : {}),
    url: `https://news.example/articles/${n}`,
    language: 'en',
    ...(options.publishedAt ? { publishedAt: options.publishedAt } : {}),
    body: [{ type: 'paragraph', text: paragraph }],
    text,
    images: [],
    wordCount,
    readingTimeMinutes: 1,
    contentHash: createHash('sha256').update(text).digest('hex'),
    parserVersion: PARSER_VERSION,
    origin: {
      bucket: SYNTHETIC_BUCKET,
      key: `synthetic/${n}.txt`,
      format: 'text',
    },
    ingestedAt: options.ingestedAt ?? '2026-11-01T00:00:00Z',
  });
}
