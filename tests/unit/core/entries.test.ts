/**
 * The entry emitter: each entry's draft cleaned, checked and finished as
 * an article, or kept as a problem at its location; entries before the
 * resume point skipped before any work.
 */
import { describe, expect, it } from 'vitest';
import { EMPTY_DRAFT, paragraph } from '../../../functions/core/draft.ts';
import { EntryEmitter, rejectionOf } from '../../../functions/core/entries.ts';
import { InputRejectedError } from '../../../functions/core/errors.ts';
import { DEFAULT_LIMITS } from '../../../functions/core/limits.ts';
import type {
  EntryDraft,
  EntryPlace,
  FileMeta,
} from '../../../functions/core/types.ts';

const META: FileMeta = {
  bucket: 'drop',
  key: 'exports/day.jsonl',
  etag: '"abc"',
  ingestedAt: new Date('2026-01-01T00:00:00Z'),
  metadata: { title: 'A title from the metadata', publisher: 'Meta Times' },
};
const PROSE =
  'The council voted on Tuesday to keep the branch library open for another three years, after residents filled the public gallery.';

/** A plain-text entry: its title (if any) and one paragraph. */
function draftOf(title: string | undefined, text = PROSE): EntryDraft {
  return {
    draft: {
      ...EMPTY_DRAFT,
      ...(title ? { title } : {}),
      body: [paragraph(text)],
    },
    steps: 'text',
  };
}

const line = (n: number, archivePath?: string): EntryPlace => ({
  format: 'jsonl',
  location: `line ${n}`,
  index: n - 1,
  archivePath,
});

describe('Class: EntryEmitter', () => {
  it('finishes an entry as an article with its origin and time', () => {
    // Prepare
    const emitter = new EntryEmitter(META, DEFAULT_LIMITS);

    // Act
    emitter.entry(line(3, 'a.zip!/day.jsonl'), () => draftOf('Library stays'));
    const { articles, problems } = emitter.drain();

    // Assess
    expect(problems).toEqual([]);
    expect(articles).toHaveLength(1);
    expect(articles[0]).toMatchObject({
      title: 'Library stays',
      origin: {
        format: 'jsonl',
        bucket: 'drop',
        key: 'exports/day.jsonl',
        etag: '"abc"',
        entry: 'a.zip!/day.jsonl',
      },
      ingestedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(emitter.articleCount).toBe(1);
  });

  it('applies object metadata to a file that is one entry, never to listed ones', () => {
    // Prepare
    const emitter = new EntryEmitter(META, DEFAULT_LIMITS);
    const whole: EntryPlace = { format: 'text', location: '', index: 0 };

    // Act
    emitter.entry(whole, () => draftOf('Own title'));
    emitter.entry(line(1), () => draftOf('Own title'));
    const [single, listed] = emitter.drain().articles;

    // Assess
    expect(single?.title).toBe('A title from the metadata');
    expect(single?.publisher).toBe('Meta Times');
    expect(listed?.title).toBe('Own title');
    expect(listed?.publisher).toBeUndefined();
  });

  it('keeps an entry that fails as a problem at its location, and goes on', () => {
    // Prepare
    const emitter = new EntryEmitter(META, DEFAULT_LIMITS);

    // Act
    emitter.entry(line(1), () => draftOf('Short', 'Too few words.'));
    emitter.entry(line(2), () => draftOf(undefined));
    emitter.entry(line(3), () => {
      throw new InputRejectedError('malformed', 'field "x" is wrong');
    });
    emitter.entry(line(4), () => draftOf('Fine'));
    const { articles, problems } = emitter.drain();

    // Assess
    expect(articles.map((a) => a.title)).toEqual(['Fine']);
    expect(problems).toEqual([
      {
        location: 'line 1',
        code: 'not-an-article',
        message:
          'only 3 words of article text remain after cleaning; an article needs at least 20',
      },
      {
        location: 'line 2',
        code: 'not-an-article',
        message: 'no title could be found',
      },
      { location: 'line 3', code: 'malformed', message: 'field "x" is wrong' },
    ]);
    expect(emitter.problemCount).toBe(3);
    expect(emitter.seen).toBe(4);
  });

  it('needs fewer words for a summary', () => {
    // Prepare
    const emitter = new EntryEmitter(META, DEFAULT_LIMITS);
    const summary = (text: string): EntryDraft => ({
      draft: { ...draftOf('A summary', text).draft, isSummary: true },
      steps: 'text',
    });

    // Act
    emitter.entry(line(1), () => summary('Five words make a summary.'));
    emitter.entry(line(2), () => summary('Four words are not.'));
    const { articles, problems } = emitter.drain();

    // Assess
    expect(articles.map((a) => a.isSummary)).toEqual([true]);
    expect(problems[0]?.message).toBe(
      'only 4 words of summary text remain after cleaning; a summary needs at least 5'
    );
  });

  it('rejects metadata that is not what it claims, naming the field', () => {
    // Prepare
    const emitter = new EntryEmitter(
      { metadata: { url: 'not a url' } },
      DEFAULT_LIMITS
    );

    // Act
    emitter.entry({ format: 'text', location: '', index: 0 }, () =>
      draftOf('Title')
    );

    // Assess
    expect(emitter.drain().problems).toEqual([
      {
        location: '',
        code: 'malformed',
        message:
          'metadata x-amz-meta-url is "not a url"; expected an absolute http(s) URL',
      },
    ]);
  });

  it('turns a bug in a parser into a parser-error naming the format', () => {
    // Prepare
    const emitter = new EntryEmitter(META, DEFAULT_LIMITS);

    // Act
    emitter.entry(line(1), () => {
      throw new TypeError('x is undefined');
    });

    // Assess
    expect(emitter.drain().problems).toEqual([
      {
        location: 'line 1',
        code: 'parser-error',
        message: 'the jsonl parser failed: x is undefined',
      },
    ]);
  });

  it('skips the entries before the resume point without producing them', () => {
    // Prepare
    const emitter = new EntryEmitter(META, DEFAULT_LIMITS, 2);
    const produced: number[] = [];
    const produce = (n: number) => () => {
      produced.push(n);
      return draftOf(`Entry ${n}`);
    };

    // Act
    emitter.entry(line(1), produce(1));
    emitter.problem('line 2', { code: 'too-large', message: 'long' });
    emitter.entry(line(3), produce(3));
    const { articles, problems } = emitter.drain();

    // Assess
    expect(produced).toEqual([3]);
    expect(articles.map((a) => a.title)).toEqual(['Entry 3']);
    expect(problems).toEqual([]);
    expect(emitter.seen).toBe(3);
    expect(emitter.skip).toBe(2);
  });

  it('hands out what was produced once', () => {
    // Prepare
    const emitter = new EntryEmitter(META, DEFAULT_LIMITS);
    emitter.entry(line(1), () => draftOf('One'));

    // Act
    const first = emitter.drain();
    const second = emitter.drain();

    // Assess
    expect(first.articles).toHaveLength(1);
    expect(second).toEqual({ articles: [], problems: [], unlistedProblems: 0 });
  });
});

describe('Function: rejectionOf', () => {
  it('keeps a rejection and calls anything else a parser error', () => {
    // Act
    const kept = rejectionOf(new InputRejectedError('empty', 'no bytes'), 'x');
    const bug = rejectionOf('thrown string', 'rss');

    // Assess
    expect(kept).toEqual({ code: 'empty', message: 'no bytes' });
    expect(bug).toEqual({
      code: 'parser-error',
      message: 'the rss parser failed: thrown string',
    });
  });
});
