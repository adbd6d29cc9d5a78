/**
 * Property tests of parseFile (fast-check):
 * - it never throws, whatever the bytes or the string, and never fails
 *   inside: a parser that throws is caught and reported as a
 *   `parser-error`, so "never throws" alone would accept a parser that
 *   throws on every input;
 * - cleaning an article's own text again changes nothing (idempotence);
 * - every word of the output text occurs in the input (nothing invented).
 * The article generator writes scraped-text-like files: a title, bylines,
 * dates, prose, subheadings, lists, captions with credits, and the kinds of
 * boilerplate the clean steps remove, in random order and amounts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseString } from '../../../functions/core/clean/normalise-text.ts';
import {
  type Article,
  type ParseResult,
  parseFile,
  REJECTION_CODES,
} from '../../../functions/core/index.ts';
import { words } from '../../../functions/core/text.ts';
import { loadArticleFixtures } from '../../support/fixtures.ts';

const RUNS = 300;
const utf8 = (text: string) => new TextEncoder().encode(text);

const VOCABULARY = [
  'the',
  'minister',
  'said',
  'council',
  'river',
  'flood',
  'budget',
  'voters',
  'Kremlin',
  'Kyiv',
  'doctors',
  'strike',
  'rates',
  'inflation',
  'garden',
  'school',
  'café',
  'naïve',
  'Jong-un',
  'don’t',
  '3.5%',
  '£4bn',
  'Zürich',
  'would',
  'not',
  'after',
  'before',
  'week',
  'years',
  'officials',
  'report',
] as const;

const word = fc.constantFrom(...VOCABULARY);
const capitalised = (text: string) =>
  text.charAt(0).toUpperCase() + text.slice(1);
const sentence = fc
  .array(word, { minLength: 4, maxLength: 18 })
  .chain((ws) =>
    fc
      .constantFrom('.', '!', '?', '.”')
      .map((end) => `${capitalised(ws.join(' '))}${end}`)
  );
const paragraph = fc
  .array(sentence, { minLength: 1, maxLength: 4 })
  .map((s) => s.join(' '));
const heading = fc
  .array(word, { minLength: 2, maxLength: 6 })
  .map((ws) => capitalised(ws.join(' ')));
const name = fc.constantFrom(
  'Jane Smith',
  'Olu Adeyemi',
  'María José Pérez',
  'LISA MASCARO'
);
const byline = fc
  .array(name, { minLength: 1, maxLength: 2 })
  .map((names) => `By ${names.join(' and ')}`);
const dateLine = fc.constantFrom(
  'Published 14 September 2023',
  'Updated: Sep 15, 2023 10:32 am BST',
  'Thursday 14 September 2023 10.17 BST'
);
const captionPair = fc
  .tuple(
    heading,
    fc.constantFrom(
      'Getty Images',
      'REUTERS/Jane Doe',
      'PA Wire',
      'EPA-EFE/Staff'
    )
  )
  .map(([caption, credit]) => `${caption}\n\n${caption} – ${credit}`);
const list = fc
  .array(heading, { minLength: 2, maxLength: 5 })
  .map((items) => items.map((item) => `- ${item}`).join('\n'));
const boilerplate = fc.constantFrom(
  'Share this article',
  'Advertisement',
  'Source link',
  'Read more: Ministers under pressure over budget',
  'Sign up to our free daily newsletter for the latest news',
  'Try The Example Times free for 1 month, then just $9 a month.',
  'We use cookies to improve your experience.',
  '© 2023 Example Media Ltd. All rights reserved.',
  '5 min read'
);

/** A scraped article: title, meta lines, then a mix of body lines. */
const scrapedArticle = fc
  .tuple(
    heading,
    fc.array(fc.oneof(byline, dateLine), { maxLength: 2 }),
    fc.array(
      fc.oneof(
        { weight: 6, arbitrary: paragraph },
        { weight: 1, arbitrary: heading },
        { weight: 1, arbitrary: list },
        { weight: 1, arbitrary: captionPair },
        { weight: 2, arbitrary: boilerplate }
      ),
      { minLength: 3, maxLength: 25 }
    ),
    fc.constantFrom('\n\n', '\n')
  )
  .map(([title, meta, body, separator]) =>
    [title, ...meta, ...body].join(separator)
  );

function parseText(text: string): Article | undefined {
  const result = parseFile(utf8(text), { key: 'property.txt' });
  return result.ok ? result.articles[0] : undefined;
}

/**
 * The internal failures a result reports: its rejection and problems with
 * the code `parser-error`, which only a parser that threw produces.
 */
function parserErrors(result: ParseResult): string[] {
  const reported = [
    ...(result.ok ? [] : [result.rejection]),
    ...(result.problems ?? []),
  ];
  return reported
    .filter((reason) => reason.code === 'parser-error')
    .map((reason) => reason.message);
}

/** An article as a file again: its title, a blank line, its text. */
const asFile = (article: Article) => `${article.title}\n\n${article.text}`;

describe('Property: parseFile', () => {
  it('never throws or fails inside on arbitrary bytes, and rejects with a known code', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (bytes) => {
        // Act
        const result = parseFile(bytes);

        // Assess
        if (!result.ok)
          expect(REJECTION_CODES).toContain(result.rejection.code);
        expect(parserErrors(result)).toEqual([]);
      }),
      { numRuns: RUNS }
    );
  });

  it('never throws or fails inside on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), (text) => {
        // Act
        const result = parseFile(utf8(text), { key: 'any.txt' });

        // Assess
        expect(typeof result.ok).toBe('boolean');
        expect(parserErrors(result)).toEqual([]);
      }),
      { numRuns: RUNS }
    );
  });

  it('never throws or fails inside on article-like text with random noise inserted', () => {
    fc.assert(
      fc.property(
        scrapedArticle,
        fc.string({ unit: 'binary', maxLength: 20 }),
        fc.nat(),
        (text, noise, at) => {
          // Prepare
          const position = at % (text.length + 1);
          const noisy = text.slice(0, position) + noise + text.slice(position);

          // Act
          const result = parseFile(utf8(noisy));

          // Assess
          expect(typeof result.ok).toBe('boolean');
          expect(parserErrors(result)).toEqual([]);
        }
      ),
      { numRuns: RUNS }
    );
  });

  it('changes nothing when cleaning an article’s own text again', () => {
    fc.assert(
      fc.property(scrapedArticle, (text) => {
        // Prepare
        const first = parseText(text);
        fc.pre(first !== undefined);
        if (!first) return;

        // Act
        const second = parseText(asFile(first));

        // Assess
        expect(second?.title).toBe(first.title);
        expect(second?.standfirst).toBe(first.standfirst);
        expect(second?.body.map((b) => b.text)).toEqual(
          first.body.map((b) => b.text)
        );
        expect(second?.text).toBe(first.text);
      }),
      { numRuns: RUNS }
    );
  });

  it('changes nothing when cleaning a fixture’s text again', () => {
    for (const fixture of loadArticleFixtures()) {
      // Prepare
      const result = parseFile(fixture.source, fixture.meta);
      if (!result.ok) continue;

      // A code block's lines read as paragraphs in plain text (`text`
      // renders code without fences), so such articles cannot round-trip;
      // nor can summaries, which are shorter than an article may be.
      const plain = result.articles.filter(
        (article) =>
          !article.isSummary &&
          !article.body.some((block) => block.type === 'code')
      );
      for (const article of plain) {
        // Act
        const again = parseText(asFile(article));

        // Assess
        expect(again?.text, fixture.slug).toBe(article.text);
      }
    }
  });

  it('outputs only words that occur in the input', () => {
    fc.assert(
      fc.property(scrapedArticle, (text) => {
        // Prepare
        const article = parseText(text);
        fc.pre(article !== undefined);
        const inputWords = new Set(words(normaliseString(text)));

        // Act
        const invented = words(article?.text ?? '').filter(
          (w) => !inputWords.has(w)
        );

        // Assess
        expect(invented).toEqual([]);
      }),
      { numRuns: RUNS }
    );
  });
});
