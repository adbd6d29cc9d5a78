import { describe, expect, it } from 'vitest';
import { parseDom } from '../../../../../functions/core/parsers/html/dom.ts';
import { readJsonLd } from '../../../../../functions/core/parsers/html/json-ld.ts';
import { readMetadata } from '../../../../../functions/core/parsers/html/metadata.ts';
import {
  looksLikeName,
  namesFrom,
} from '../../../../../functions/core/parsers/html/names.ts';
import { chooseTitle } from '../../../../../functions/core/parsers/html/title.ts';

describe('Function: chooseTitle', () => {
  it('prefers the visible h1 to an SEO meta title', () => {
    // Prepare
    const titles = {
      og: 'Best Apps to Learn a Language in 2025 – Top 10 Picks',
      h1s: ['Top 10: Best Language Learning Apps'],
    };

    // Act
    const title = chooseTitle(titles, undefined);

    // Assess
    expect(title).toBe('Top 10: Best Language Learning Apps');
  });

  it('skips an h1 that is the site name', () => {
    // Prepare
    const titles = {
      og: 'Budget guide to travel insurance - Budget Travel With Gabby',
      h1s: ['Budget Travel With Gabby'],
    };

    // Act
    const title = chooseTitle(titles, {
      publisher: 'Budget Travel With Gabby',
    });

    // Assess
    expect(title).toBe('Budget guide to travel insurance');
  });

  it('among several h1s takes the one the meta title confirms', () => {
    // Prepare
    const titles = {
      document: "Where to ride: Houston's best biking trails | Houstonia",
      h1s: ['Houstonia Magazine', 'The best trails in Houston for biking'],
    };

    // Act
    const title = chooseTitle(titles, undefined);

    // Assess
    expect(title).toBe('The best trails in Houston for biking');
  });
});

describe('Function: chooseTitle (voting)', () => {
  it('takes the meta headline over an h1 that shares no word with it', () => {
    // Prepare
    const titles = {
      og: 'How to start an LLC in New York',
      document: 'How to start an LLC in New York | Filing Co',
      h1s: ['Get going today'],
    };

    // Act
    const title = chooseTitle(titles);

    // Assess
    expect(title).toBe('How to start an LLC in New York');
  });

  it('keeps an h1 that rewords the meta headline', () => {
    // Prepare
    const titles = {
      og: 'Espresso machines under $500: top affordable picks',
      h1s: ['The best espresso machines under $500, tested'],
    };

    // Act
    const title = chooseTitle(titles);

    // Assess
    expect(title).toBe('The best espresso machines under $500, tested');
  });

  it('takes the meta spelling of an h1 that says the same words', () => {
    // Prepare
    const titles = {
      og: 'Best electric scooters for commuting in 2025',
      h1s: ['The best electric scooters for commuting in 2025'],
    };

    // Act
    const title = chooseTitle(titles);

    // Assess
    expect(title).toBe('Best electric scooters for commuting in 2025');
  });

  it('cuts a suffix that spells the host name', () => {
    // Prepare
    const titles = {
      document: 'Movers compared for 2026 - Cross Country Checkpoint',
      h1s: [],
    };

    // Act
    const title = chooseTitle(titles, {
      url: 'https://www.crosscountry.example/movers',
    });

    // Assess
    expect(title).toBe('Movers compared for 2026');
  });

  it('cuts a section name between the headline and the site, also from the h1', () => {
    // Prepare
    const titles = {
      og: 'Gym workouts for beginners — Strength Training - Iron Hall',
      document: 'Gym workouts for beginners — Strength Training - Iron Hall',
      h1s: ['Gym workouts for beginners — Strength Training'],
    };

    // Act
    const title = chooseTitle(titles, { publisher: 'Iron Hall' });

    // Assess
    expect(title).toBe('Gym workouts for beginners');
  });

  it('cuts a section and a site name it was not told, also from the h1', () => {
    // Prepare: no URL and no publisher name the site; the last part reads
    // as a site's name, the middle one as a section's.
    const titles = {
      document:
        'How to keep houseplants alive | Plant Care | Fern & Moss Nursery',
      h1s: ['How to keep houseplants alive | Plant Care | Fern & Moss Nursery'],
    };
    // Parts between that are not section names stay.
    const byline = {
      document: 'How to keep houseplants alive | by Jo Penrose | Fern Nursery',
      h1s: [],
    };

    // Act
    const title = chooseTitle(titles);
    const kept = chooseTitle(byline);

    // Assess
    expect(title).toBe('How to keep houseplants alive');
    expect(kept).toBe('How to keep houseplants alive | by Jo Penrose');
  });

  it.each([
    ['a subtitle', 'Zero waste - A Beginner’s Guide - Green Shelf'],
    ['lower-case words', 'Going plant-based – tips and tricks | Green Shelf'],
    ['a sentence', 'Best bread machines - My Favorites! - Green Shelf'],
    ['no site name after it', 'Mobile design - Ultimate Guide 2025'],
  ])('keeps a part after the headline that is %s', (_, document) => {
    // Prepare
    const titles = { document, h1s: [] };

    // Act
    const title = chooseTitle(titles, { publisher: 'Green Shelf' });

    // Assess
    expect(title).toBe(document.replace(/ [-|] Green Shelf$/, ''));
  });

  it('recognises a site name with an apostrophe or a trademark sign', () => {
    // Prepare
    const titles = {
      og: 'How to get toddlers to sleep | SLEEPY’S®',
      h1s: [],
    };

    // Act
    const title = chooseTitle(titles, {
      url: 'https://www.sleepysbaby.example/tips/toddler-sleep',
    });

    // Assess
    expect(title).toBe('How to get toddlers to sleep');
  });

  it('cuts a tagline of sentences after the headline, but keeps a long headline', () => {
    // Prepare
    const tagline =
      'Notes on living slowly and travelling by train. Vegan, minimalist and mindful. Because everyone deserves a quiet life.';
    const withTagline = {
      og: `Affordable, Ethical Clothing Brands | ${tagline}`,
      document: `Affordable, Ethical Clothing Brands | ${tagline}`,
      h1s: [],
    };
    const longHeadline = {
      og: 'Storm Ciarán: what we know so far about the damage, the flooding and the clean-up across the south coast – Weather Desk',
      h1s: [],
    };
    // One long sentence after the site's name or a section is a headline.
    const afterSite = {
      og: 'Acme News - Police say the suspect fled on foot after the robbery and has not yet been found by officers.',
      h1s: [],
    };
    const afterSection = {
      og: 'Politics | U.S. Senate passes the bill to fund the government through March after a long night of votes.',
      h1s: [],
    };

    // Act
    const cut = chooseTitle(withTagline);
    const kept = chooseTitle(longHeadline, { publisher: 'Weather Desk' });
    const keptAfterSite = chooseTitle(afterSite, { publisher: 'Acme News' });
    const keptAfterSection = chooseTitle(afterSection);

    // Assess
    expect(cut).toBe('Affordable, Ethical Clothing Brands');
    expect(kept).toBe(
      'Storm Ciarán: what we know so far about the damage, the flooding and the clean-up across the south coast'
    );
    expect(keptAfterSite).toBe(
      'Police say the suspect fled on foot after the robbery and has not yet been found by officers.'
    );
    expect(keptAfterSection).toContain('U.S. Senate passes the bill');
  });

  it('takes the meta headline over an h1 that adds only a date to it', () => {
    // Prepare
    const dated = (h1: string) => ({
      og: 'Preparing a transition in Debusine',
      h1s: [h1],
    });

    // Act
    const before = chooseTitle(
      dated('Dec 18 2025 Preparing a transition in Debusine')
    );
    const after = chooseTitle(
      dated('Preparing a transition in Debusine 18th December 2025')
    );
    const notADate = chooseTitle(
      dated('Preparing a transition in Debusine 2: the tests')
    );
    const count = chooseTitle({
      og: 'Reasons to Visit Lisbon',
      h1s: ['10 Reasons to Visit Lisbon'],
    });
    const version = chooseTitle({
      og: 'What is new in Python',
      h1s: ['What is new in Python 3.13'],
    });

    // Assess
    expect(before).toBe('Preparing a transition in Debusine');
    expect(after).toBe('Preparing a transition in Debusine');
    expect(notADate).toBe('Preparing a transition in Debusine 2: the tests');
    expect(count).toBe('10 Reasons to Visit Lisbon');
    expect(version).toBe('What is new in Python 3.13');
  });

  it('treats a domain name, and what the <title> adds to og:title, as the site', () => {
    // Prepare
    const titles = {
      og: 'Small adventures with small models',
      document: 'Engora Data Blog: Small adventures with small models',
      h1s: ['Engora Data Blog', 'Small adventures with small models'],
    };
    const domain = {
      document: 'Vibe coding – davidbau.com',
      h1s: ['davidbau.com'],
    };

    // Act
    const title = chooseTitle(titles);
    const fromDomain = chooseTitle(domain);

    // Assess
    expect(title).toBe('Small adventures with small models');
    expect(fromDomain).toBe('Vibe coding');
  });

  it('prefers the first h1 when a later one agrees no better', () => {
    // Prepare
    const titles = {
      og: 'Houston bike trails guide',
      h1s: ['The best bike trails in Houston', 'More bike trails in Houston'],
    };

    // Act
    const title = chooseTitle(titles);

    // Assess
    expect(title).toBe('The best bike trails in Houston');
  });
});

describe('Function: readJsonLd', () => {
  it('finds the article in a @graph and decodes entities', () => {
    // Prepare
    const script = JSON.stringify({
      '@graph': [
        { '@type': 'WebPage', name: 'Page' },
        {
          '@type': ['NewsArticle'],
          headline: 'Tides &amp; mills',
          author: { '@type': 'Person', name: 'Ana Silva' },
          datePublished: '2024-05-02',
          image: [{ url: 'https://img.example/a.jpg' }],
        },
      ],
    });

    // Act
    const ld = readJsonLd([script, '{ broken json']);

    // Assess
    expect(ld).toEqual({
      headline: 'Tides & mills',
      authors: ['Ana Silva'],
      datePublished: '2024-05-02',
      image: 'https://img.example/a.jpg',
    });
  });
});

describe('Function: namesFrom', () => {
  it('splits several authors but keeps a name with its degree', () => {
    // Prepare / Act
    const several = namesFrom('By Ana Silva and Ben Okafor');
    const degree = namesFrom('Dylan Bailey, MS');

    // Assess
    expect(several).toEqual(['Ana Silva', 'Ben Okafor']);
    expect(degree).toEqual(['Dylan Bailey, MS']);
  });

  it('drops URLs, placeholders and user cards', () => {
    // Prepare / Act / Assess
    expect(namesFrom('https://example.com/author/ana')).toEqual([]);
    expect(looksLikeName('page.head.extra.author')).toBe(false);
    expect(looksLikeName('Ralston18 Titan Moderator Oct 11, 2014')).toBe(false);
    expect(looksLikeName('Name *')).toBe(false);
  });

  it.each([
    [', USA TODAY', ['USA TODAY']],
    ['Summer Swann -', ['Summer Swann']],
    ['Articles by Juliette', ['Juliette']],
    ['View all posts by Ray Ansari', ['Ray Ansari']],
    ['Authored by: Dr. Ehsan Jazini', ['Dr. Ehsan Jazini']],
  ])('cleans "%s" to its name', (value, expected) => {
    // Assess
    expect(namesFrom(value)).toEqual(expected);
  });

  it.each(['The Author', 'Read the bio', 'Email', 'Written By', 'Author'])(
    'takes the label "%s" for no name',
    (label) => {
      // Assess
      expect(namesFrom(label)).toEqual([]);
    }
  );
});

describe('Function: readMetadata', () => {
  it('reads a "Posted on <date> by <name>" line', () => {
    // Prepare
    const html =
      '<html><body><div class="post-meta">Posted on October 14, 2023 by <a href="/u/b">Bryn Ellis</a></div></body></html>';

    // Act
    const meta = readMetadata(parseDom(html));

    // Assess
    expect(meta.authors).toEqual(['Bryn Ellis']);
    expect(meta.publishedAt).toBe('2023-10-14');
    expect(meta.metaElements.size).toBe(1);
  });

  it('reads a <time> inside the byline box and skips a <time> without a date', () => {
    // Prepare
    const html =
      '<html><body><time>5 min</time><h1>Watts</h1><div class="post-author"><span class="author-name">Ana Silva</span><time datetime="2025-04-29 21:00:25">2025/4/29</time></div></body></html>';

    // Act
    const meta = readMetadata(parseDom(html));

    // Assess
    expect(meta.authors).toEqual(['Ana Silva']);
    expect(meta.publishedAt).toBe('2025-04-29T21:00:25Z');
  });

  it.each([
    [
      'the first date of a date line',
      '<p class="date-length-text">Jun 08, 2023 • 11 Minute Read</p>',
      '2023-06-08',
    ],
    [
      'the publication in a date line that also gives the update',
      '<p class="post-date">August 16, 2019 - Updated July 9, 2025</p>',
      '2019-08-16',
    ],
    [
      'a labelled date in any short element',
      '<div><div>Reyan Perumal</div><div>Published on July 18, 2025</div></div>',
      '2025-07-18',
    ],
    [
      'nothing from a count or a sentence that starts with the label',
      '<div>Posted 3 comments</div><p>Published on a Friday, the report found that July 18, 2025 was the hottest day.</p>',
      undefined,
    ],
  ])('reads %s', (_, body, expected) => {
    // Act
    const meta = readMetadata(parseDom(`<html><body>${body}</body></html>`));

    // Assess
    expect(meta.publishedAt).toBe(expected);
  });

  it.each([
    [
      'a name in the element after a "Written by" label',
      '<div><p class="label">Written by</p><p class="grey">Edzel Tabing</p></div>',
      ['Edzel Tabing'],
    ],
    [
      'a "By" whose name is in its own element',
      '<div>By<!-- --> <span class="x1">Reyan Perumal</span></div>',
      ['Reyan Perumal'],
    ],
    [
      'no name when the label is followed by prose',
      '<div><p>By</p><p>the end of the year, the council had spent its whole budget on roads.</p></div>',
      [],
    ],
  ])('finds %s', (_, body, expected) => {
    // Act
    const meta = readMetadata(parseDom(`<html><body>${body}</body></html>`));

    // Assess
    expect(meta.authors).toEqual(expected);
  });

  it('resolves a relative canonical URL against og:url', () => {
    // Prepare
    const html =
      '<html><head><meta property="og:url" content="https://news.example/a?utm_source=x"><link rel="canonical" href="/world/story-1#top"></head></html>';

    // Act
    const meta = readMetadata(parseDom(html));

    // Assess
    expect(meta.url).toBe('https://news.example/world/story-1');
  });

  it('spaces h1 parts laid out as lines and decodes leftover entities', () => {
    // Prepare
    const html =
      '<html><body><h1>Scalable End-to-End<span>Interpretability</span> &amp;#x26; more</h1></body></html>';

    // Act
    const meta = readMetadata(parseDom(html));

    // Assess
    expect(meta.titles.h1s).toEqual([
      'Scalable End-to-End Interpretability & more',
    ]);
  });

  it('takes the language from og:locale when <html lang> is missing', () => {
    // Prepare
    const html =
      '<html><head><meta property="og:locale" content="pt_BR"></head></html>';

    // Act
    const meta = readMetadata(parseDom(html));

    // Assess
    expect(meta.language).toBe('pt-BR');
  });
});

describe('Function: readMetadata, datelines', () => {
  it.each(['Published on', 'Veröffentlicht am', 'Publié le', 'Publicado el'])(
    'takes the dateline "%s <date>" whole',
    (label) => {
      // Prepare
      const html = `<html><body><article><span class="posted-on">${label} <time datetime="2024-05-08">8 May 2024</time></span><p>The story.</p></article></body></html>`;

      // Act
      const meta = readMetadata(parseDom(html));

      // Assess
      const tags = [...meta.metaElements].map((e) => e.tag);
      expect(meta.publishedAt).toBe('2024-05-08');
      expect(tags).toContain('span');
    }
  );

  it('leaves the line of a date inside prose', () => {
    // Prepare
    const html =
      '<html><body><p>The vote on <time datetime="2024-05-08">8 May</time> was close.</p></body></html>';

    // Act
    const meta = readMetadata(parseDom(html));

    // Assess
    const tags = [...meta.metaElements].map((e) => e.tag);
    expect(tags).toEqual(['time']);
  });

  it('reads what the page declares it is', () => {
    // Prepare
    const html =
      '<html><head><meta property="og:type" content="Product"><script type="application/ld+json">{"@graph":[{"@type":"WebSite"},{"@type":["Product"]}]}</script></head><body></body></html>';

    // Act
    const meta = readMetadata(parseDom(html));

    // Assess
    expect(meta.ogType).toBe('product');
    expect(meta.declaredTypes).toEqual(['WebSite', 'Product']);
  });
});
