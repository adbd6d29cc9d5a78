/**
 * The JSON entry mapping: which entries a JSON value holds, how each
 * field is read from the names scrapers and CMS exports use, and which
 * values make an entry malformed.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../../functions/core/limits.ts';
import {
  jsonEntries,
  jsonEntryDraft,
  jsonEntryFields,
  parseJsonText,
} from '../../../../functions/core/parsers/json.ts';
import { thrownRejection } from '../helpers.ts';

const BODY = 'The council met on Tuesday.\n\nIt voted to keep the library.';

describe('Function: jsonEntries', () => {
  it('reads a list as one entry per element', () => {
    // Act
    const out = jsonEntries([{ title: 'a' }, 2, null]);

    // Assess
    expect(out).toEqual({ entries: [{ title: 'a' }, 2, null], many: true });
  });

  it.each([
    'items',
    'articles',
    'posts',
    'entries',
    'data',
    'results',
    'records',
  ])('unwraps the list under "%s" of an object without article text', (key) => {
    // Act
    const out = jsonEntries({ version: 1, [key]: [{ title: 'a' }] });

    // Assess
    expect(out).toEqual({ entries: [{ title: 'a' }], many: true });
  });

  it('keeps an object that has article text as one entry, list or not', () => {
    // Prepare: a post whose `tags` or `items` are data, not entries.
    const post = { title: 'Post', body: BODY, items: [{ title: 'x' }] };

    // Act
    const out = jsonEntries(post);

    // Assess
    expect(out).toEqual({ entries: [post], many: false });
  });
});

describe('Function: jsonEntryFields', () => {
  it('reads each field from the first of its names the entry has', () => {
    // Act
    const fields = jsonEntryFields({
      headline: 'The headline',
      name: 'Not this one',
      canonical_url: 'https://news.example/story?utm_source=feed#top',
      byline: 'By Jane Doe and John Roe',
      date_gmt: '2024-03-05T08:30:00',
      dateModified: '2024-03-06T09:00:00Z',
      body_html: '<p>Text</p>',
      excerpt: 'A teaser.',
      publisher: { name: 'The Gazette' },
      inLanguage: 'en-GB',
      image: [{ url: 'https://news.example/a.jpg', caption: ' A cap ' }],
      keywords: 'council, library',
    });

    // Assess
    expect(fields).toEqual({
      title: 'The headline',
      url: 'https://news.example/story',
      authors: ['Jane Doe', 'John Roe'],
      publishedAt: '2024-03-05T08:30:00Z',
      modifiedAt: '2024-03-06T09:00:00Z',
      content: '<p>Text</p>',
      description: 'A teaser.',
      publisher: 'The Gazette',
      language: 'en',
      images: [{ url: 'https://news.example/a.jpg', caption: 'A cap' }],
      tags: ['council', ' library'],
    });
  });

  it('reads epoch seconds and milliseconds as dates', () => {
    // Act
    const seconds = jsonEntryFields({ published: 1_700_000_000 });
    const millis = jsonEntryFields({ published: '1700000000000' });

    // Assess
    expect(seconds.publishedAt).toBe('2023-11-14T22:13:20Z');
    expect(millis.publishedAt).toBe('2023-11-14T22:13:20Z');
  });

  it('reads WordPress {"rendered": …} objects and author objects', () => {
    // Act
    const fields = jsonEntryFields({
      title: { rendered: 'Rendered &amp; title' },
      authors: [{ name: 'Ann Lee' }, 'By Bo Chan'],
    });

    // Assess
    expect(fields.title).toBe('Rendered &amp; title');
    expect(fields.authors).toEqual(['Ann Lee', 'Bo Chan']);
  });

  it('drops a value of the right type that cannot be read, keeping the rest', () => {
    // Act
    const fields = jsonEntryFields({
      title: 'Kept',
      url: '/relative/path',
      date: 'sometime last week',
      language: 'not a language tag',
    });

    // Assess
    expect(fields.title).toBe('Kept');
    expect(fields.url).toBeUndefined();
    expect(fields.publishedAt).toBeUndefined();
    expect(fields.language).toBeUndefined();
  });

  it.each([
    [{ title: 42 }, 'field "title" is a number (42); expected a string'],
    [
      { body: { nested: true } },
      'field "body" is an object; expected a string',
    ],
    [
      { author: [7] },
      'field "author" is a number (7); expected a string, an object with a name, or a list of them',
    ],
    [
      { date: true },
      'field "date" is a boolean (true); expected a date string or an epoch number',
    ],
    [
      { image: [false] },
      'field "image" is a boolean (false); expected a URL, an image object, or a list of them',
    ],
    [
      { tags: 3 },
      'field "tags" is a number (3); expected a string or a list of strings',
    ],
    [
      { source: ['x'] },
      'field "source" is an array; expected a string or an object with a name',
    ],
  ])('rejects a field of the wrong type: %o', (entry, message) => {
    // Act
    const rejection = thrownRejection(() => jsonEntryFields(entry));

    // Assess
    expect(rejection).toEqual({ code: 'malformed', message });
  });
});

describe('Function: jsonEntryDraft', () => {
  it('builds a draft: plain-text paragraphs, the teaser not as standfirst', () => {
    // Act
    const { draft, steps } = jsonEntryDraft(
      {
        title: 'Library stays open',
        text: BODY,
        summary: 'The council met on Tuesday.',
        tags: ['council', 'council', ' library '],
      },
      DEFAULT_LIMITS
    );

    // Assess
    expect(steps).toBe('text');
    expect(draft.title).toBe('Library stays open');
    expect(draft.body.map((b) => b.text)).toEqual([
      'The council met on Tuesday.',
      'It voted to keep the library.',
    ]);
    // The summary only repeats the opening: no standfirst.
    expect(draft.standfirst).toBeUndefined();
    expect(draft.tags).toEqual(['council', 'library']);
  });

  it('reads an HTML body with the HTML block builder', () => {
    // Act
    const { draft, steps } = jsonEntryDraft(
      {
        title: 'T',
        content_html: '<h2>Part one</h2><p>First.</p><ul><li>a</li></ul>',
        description: 'A standfirst that is not the opening.',
      },
      DEFAULT_LIMITS
    );

    // Assess
    expect(steps).toBe('html');
    expect(draft.body.map((b) => b.type)).toEqual([
      'heading',
      'paragraph',
      'list',
    ]);
    expect(draft.standfirst).toBe('A standfirst that is not the opening.');
  });

  it('marks a description-only entry within maxSummaryWords a summary', () => {
    // Prepare
    const entry = { title: 'T', description: 'Five words of summary here.' };

    // Act
    const short = jsonEntryDraft(entry, DEFAULT_LIMITS);
    const long = jsonEntryDraft(entry, {
      ...DEFAULT_LIMITS,
      maxSummaryWords: 4,
    });

    // Assess
    expect(short.draft.isSummary).toBe(true);
    expect(long.draft.isSummary).toBeUndefined();
  });

  it('rejects an entry that is not an object, naming what it is', () => {
    // Act
    const rejection = thrownRejection(() =>
      jsonEntryDraft('text', DEFAULT_LIMITS)
    );

    // Assess
    expect(rejection).toEqual({
      code: 'malformed',
      message:
        'entry is a string ("text"); expected a JSON object with article fields',
    });
  });

  it('rejects an entry with no text as not an article, naming the fields looked for', () => {
    // Act
    const rejection = thrownRejection(() =>
      jsonEntryDraft({ title: 'Only a title' }, DEFAULT_LIMITS)
    );

    // Assess
    expect(rejection.code).toBe('not-an-article');
    expect(rejection.message).toMatch(
      /^entry has no article text: none of articleBody, content, .*, subtitle$/u
    );
  });
});

describe('Function: parseJsonText', () => {
  it('parses JSON and names a line or file that is not JSON', () => {
    // Act
    const value = parseJsonText('{"a": [1]}', 'file');
    const rejection = thrownRejection(() => parseJsonText('{"a": ', 'line'));

    // Assess
    expect(value).toEqual({ a: [1] });
    expect(rejection.code).toBe('malformed');
    expect(rejection.message).toMatch(/^line is not valid JSON: /u);
  });
});
