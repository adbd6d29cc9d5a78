import { describe, expect, it } from 'vitest';
import {
  articleId,
  canonicalUrl,
  contentHash,
} from '../../../functions/core/ids.ts';

describe('Function: canonicalUrl', () => {
  it.each([
    [
      'HTTPS://Example.COM/a/b?utm_source=x&id=3#top',
      'https://example.com/a/b?id=3',
    ],
    ['http://example.com:80/x?fbclid=abc', 'http://example.com/x'],
    ['  https://example.com/ok  ', 'https://example.com/ok'],
  ])('canonicalises %s', (input, expected) => {
    // Assess
    expect(canonicalUrl(input)).toBe(expected);
  });

  it.each([
    'not a url',
    'ftp://example.com/x',
    'javascript:alert(1)',
    '/relative',
  ])('refuses %s', (input) => {
    // Assess
    expect(canonicalUrl(input)).toBeUndefined();
  });
});

describe('Function: contentHash', () => {
  it('ignores case, quote style, dash style and white space', () => {
    // Assess
    expect(contentHash('“It’s over” – he said.\n\nNext.')).toBe(
      contentHash('"it\'s   over" - HE said. Next.')
    );
    expect(contentHash('a')).not.toBe(contentHash('b'));
  });
});

describe('Function: articleId', () => {
  const hash = contentHash('text');

  it('prefers the canonical URL, then the object, then the content', () => {
    // Act
    const byUrl = articleId({
      url: 'https://a.example/x#y',
      origin: { key: 'k' },
      index: 0,
      contentHash: hash,
    });
    const byUrlAgain = articleId({
      url: 'https://a.example/x',
      index: 3,
      contentHash: 'other',
    });
    const byObject = articleId({
      origin: { bucket: 'b', key: 'k' },
      index: 0,
      contentHash: hash,
    });
    const byObjectNext = articleId({
      origin: { bucket: 'b', key: 'k' },
      index: 1,
      contentHash: hash,
    });
    const byContent = articleId({ index: 0, contentHash: hash });

    // Assess
    expect(byUrl).toBe(byUrlAgain);
    expect(new Set([byUrl, byObject, byObjectNext, byContent]).size).toBe(4);
    for (const id of [byUrl, byObject, byContent])
      expect(id).toMatch(/^[0-9a-f]{32}$/u);
  });
});
