/**
 * The field helpers of entries that name their fields (JSON, feeds, front
 * matter): author strings, language tags, dates, bodies, and how an
 * entry's draft is assembled.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../../functions/core/limits.ts';
import {
  contentBlocks,
  entryDate,
  entryDraft,
  languageCode,
  splitAuthors,
} from '../../../../functions/core/parsers/entry-fields.ts';

describe('Function: splitAuthors', () => {
  it.each([
    ['By Jane Doe and John Roe', ['Jane Doe', 'John Roe']],
    ['Ann Lee; Bo Chan & Cy Dee', ['Ann Lee', 'Bo Chan', 'Cy Dee']],
    ['desk@news.example (Jane Doe)', ['Jane Doe']],
    ['desk@news.example', []],
    ['<b>Jane</b> Doe', ['Jane Doe']],
  ])('reads "%s"', (byline, names) => {
    // Assess
    expect(splitAuthors(byline)).toEqual(names);
  });
});

describe('Function: languageCode', () => {
  it.each([
    ['en-GB', 'en'],
    ['pt_BR', 'pt'],
    [' FR ', 'fr'],
    ['english', undefined],
  ])('reads %s', (tag, code) => {
    // Assess
    expect(languageCode(tag)).toBe(code);
  });
});

describe('Function: entryDate', () => {
  it.each([
    ['ISO 8601', '2024-03-05T08:30:00+01:00', '2024-03-05T07:30:00Z'],
    ['RFC 2822', 'Tue, 05 Mar 2024 08:30:00 GMT', '2024-03-05T08:30:00Z'],
    ['epoch seconds', 1_709_627_400, '2024-03-05T08:30:00Z'],
    ['epoch milliseconds', 1_709_627_400_000, '2024-03-05T08:30:00Z'],
    ['a negative number', -5, undefined],
    ['no date', 'soon', undefined],
  ])('reads %s', (_name, value, iso) => {
    // Assess
    expect(entryDate(value)).toBe(iso);
  });
});

describe('Function: contentBlocks', () => {
  it('makes a paragraph of each blank-line group, or of each line when there are none', () => {
    // Act
    const grouped = contentBlocks('One\nstill one.\n\nTwo.');
    const lines = contentBlocks('One.\nTwo.\nThree.');

    // Assess
    expect(grouped.body.map((b) => b.text)).toEqual(['One still one.', 'Two.']);
    expect(lines.body.map((b) => b.text)).toEqual(['One.', 'Two.', 'Three.']);
    expect(grouped.html).toBe(false);
  });

  it('reads a body with markup or entities as HTML', () => {
    // Act
    const html = contentBlocks('Fish &amp; chips<br>on the pier');

    // Assess
    expect(html.html).toBe(true);
    expect(html.body.map((b) => b.text)).toEqual(['Fish & chips on the pier']);
  });
});

describe('Function: entryDraft', () => {
  const content =
    '<p>The council voted on Tuesday.</p><p>Second paragraph.</p>';

  it('keeps a description as the standfirst unless it is a teaser', () => {
    // Act
    const kept = entryDraft(
      { content, description: 'A vote nobody expected.' },
      DEFAULT_LIMITS
    );
    const cut = entryDraft(
      { content, description: 'A vote nobody expected, and…' },
      DEFAULT_LIMITS
    );
    const opening = entryDraft(
      { content, description: 'The council voted on Tuesday.' },
      DEFAULT_LIMITS
    );

    // Assess
    expect(kept.draft.standfirst).toBe('A vote nobody expected.');
    expect(cut.draft.standfirst).toBeUndefined();
    expect(opening.draft.standfirst).toBeUndefined();
  });

  it('merges a stated image with the body’s image of the same URL', () => {
    // Prepare
    const url = 'https://news.example/a.jpg';

    // Act
    const { draft } = entryDraft(
      {
        content: `<figure><img src="${url}" alt="Alt"><figcaption>The pier</figcaption></figure>${content}`,
        images: [{ url, credit: 'Jo Bloggs/PA' }],
      },
      DEFAULT_LIMITS
    );

    // Assess
    expect(draft.images).toEqual([
      { url, credit: 'Jo Bloggs/PA', alt: 'Alt', caption: 'The pier' },
    ]);
  });

  it('deduplicates authors and takes the title as plain text', () => {
    // Act
    const { draft } = entryDraft(
      {
        title: 'Fish and <i>chips</i> &amp; more',
        authors: ['Ann Lee', 'Ann Lee'],
        content,
      },
      DEFAULT_LIMITS
    );

    // Assess
    expect(draft.title).toBe('Fish and chips & more');
    expect(draft.authors).toEqual(['Ann Lee']);
  });
});
