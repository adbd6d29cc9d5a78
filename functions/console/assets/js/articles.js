/**
 * Articles: the newest first with the API's filters and cursors, and one
 * article in a reader view. Article text comes from untrusted pages: it is
 * only ever text content here (see dom.js).
 */
import { request } from './api.js';
import {
  announce,
  definitions,
  encodeKey,
  externalLink,
  h,
  plural,
  replace,
  time,
  update,
} from './dom.js';
import { poll } from './poll.js';

const PAGE_SIZE = 20;
const POLL_MS = 3000;
/** Formats whose source the extraction view can show. */
export const VIEWABLE_FORMATS = new Set(['html', 'text', 'markdown']);

/** Filters and the cursors of the pages before this one. */
const state = { publisher: '', from: '', to: '', cursors: [null] };

function summaryItem(summary) {
  const meta = [
    summary.publisher,
    summary.publishedAt ? time(summary.publishedAt) : null,
    summary.authors?.length ? summary.authors.join(', ') : null,
    summary.language,
    typeof summary.wordCount === 'number'
      ? plural(summary.wordCount, 'word')
      : null,
  ].filter(Boolean);
  return h(
    'li',
    null,
    h(
      'a',
      { class: 'article-link', href: `#/articles/${summary.id}` },
      summary.title
    ),
    summary.standfirst
      ? h('p', { class: 'standfirst' }, summary.standfirst)
      : null,
    h(
      'p',
      { class: 'meta' },
      meta.flatMap((part, i) => (i === 0 ? [part] : [' · ', part]))
    )
  );
}

function field(id, label, attrs) {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h('input', { id, name: id, ...attrs })
  );
}

/** The Articles view. */
export function articlesView(main) {
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter articles' },
    field('publisher', 'Publisher', {
      type: 'search',
      value: state.publisher,
      autocomplete: 'off',
    }),
    field('from', 'From', { type: 'date', value: state.from }),
    field('to', 'To', { type: 'date', value: state.to }),
    h('button', { type: 'submit' }, 'Filter'),
    h('button', { type: 'reset' }, 'Clear')
  );
  const list = h('ol', { class: 'article-list', 'aria-label': 'Articles' });
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const empty = h('p', { class: 'empty', hidden: true }, 'No articles match.');
  const newer = h('button', { type: 'button' }, 'Newer');
  const olderButton = h('button', { type: 'button' }, 'Older');
  const where = h('span', { class: 'hint' });
  replace(
    main,
    h('h1', null, 'Articles'),
    h(
      'p',
      { class: 'lede' },
      'Newest first, by publication date (or when it was ingested).'
    ),
    form,
    error,
    list,
    empty,
    h(
      'nav',
      { class: 'pager', 'aria-label': 'Pages' },
      newer,
      ' ',
      where,
      ' ',
      olderButton
    )
  );

  let next = null;
  const page = () => state.cursors.length;
  const refresh = async () => {
    try {
      const body = await request('/articles', {
        limit: String(PAGE_SIZE),
        publisher: state.publisher || undefined,
        from: state.from || undefined,
        to: state.to || undefined,
        cursor: state.cursors.at(-1) ?? undefined,
      });
      error.hidden = true;
      next = body.nextCursor;
      update(list, JSON.stringify(body.items), () =>
        body.items.map(summaryItem)
      );
      empty.hidden = body.items.length > 0;
      newer.disabled = page() === 1;
      olderButton.disabled = next === null;
      where.textContent = `Page ${page()}`;
    } catch (failure) {
      error.hidden = false;
      error.textContent = `Could not load the articles: ${failure.message}`;
    }
  };

  // Only the first page is live: later pages stay as they were paged to.
  let stop = () => {};
  const load = () => {
    stop();
    if (page() === 1) stop = poll(refresh, POLL_MS);
    else refresh();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    state.publisher = String(data.get('publisher') ?? '').trim();
    state.from = String(data.get('from') ?? '');
    state.to = String(data.get('to') ?? '');
    state.cursors = [null];
    load();
    announce('Filter applied');
  });
  form.addEventListener('reset', () => {
    Object.assign(state, { publisher: '', from: '', to: '', cursors: [null] });
    setTimeout(load);
  });
  olderButton.addEventListener('click', () => {
    if (next === null) return;
    state.cursors.push(next);
    load();
    announce(`Page ${page()}`);
  });
  newer.addEventListener('click', () => {
    if (state.cursors.length === 1) return;
    state.cursors.pop();
    load();
    announce(`Page ${page()}`);
  });
  load();
  return () => stop();
}

/** One body block as its type says: heading, quote, list, code, paragraph. */
function blockElement(block) {
  switch (block.type) {
    case 'heading': {
      // The title is the h1: body headings start at h2.
      const level = Math.min(6, Math.max(2, (block.level ?? 1) + 1));
      return h(`h${level}`, null, block.text);
    }
    case 'quote':
      return h('blockquote', null, h('p', null, block.text));
    case 'list':
      return h(
        block.ordered ? 'ol' : 'ul',
        null,
        (block.items ?? [block.text]).map((item) => h('li', null, item))
      );
    case 'code':
      return h('pre', null, h('code', null, block.text));
    default:
      return h('p', null, block.text);
  }
}

function imageFigure(image) {
  return h(
    'figure',
    { class: 'image' },
    h(
      'figcaption',
      null,
      image.caption ? h('span', { class: 'caption' }, image.caption) : null,
      image.credit ? h('span', { class: 'credit' }, image.credit) : null,
      image.alt && image.alt !== image.caption
        ? h('span', { class: 'alt' }, `Alt text: ${image.alt}`)
        : null,
      image.url
        ? h('span', { class: 'image-url' }, 'Image: ', externalLink(image.url))
        : null
    )
  );
}

/** The article as a reader reads it; `headingTag` for its title. */
export function readerArticle(article, headingTag = 'h1') {
  const origin = article.origin ?? {};
  return h(
    'article',
    { class: 'reader' },
    h(headingTag, { class: 'reader-title' }, article.title),
    article.standfirst
      ? h('p', { class: 'standfirst' }, article.standfirst)
      : null,
    definitions([
      ['Authors', article.authors?.join(', ')],
      ['Publisher', article.publisher],
      ['Published', time(article.publishedAt)],
      ['Modified', time(article.modifiedAt)],
      ['Language', article.language],
      [
        'Length',
        `${plural(article.wordCount ?? 0, 'word')}, ${plural(article.readingTimeMinutes ?? 0, 'minute')} to read`,
      ],
      ['URL', article.url ? externalLink(article.url) : ''],
      ['Tags', article.tags?.join(', ')],
      [
        'Summary only',
        article.isSummary ? 'yes: the source gave no full text' : '',
      ],
      [
        'Origin',
        origin.key
          ? h(
              'span',
              null,
              h('a', { href: `#/files/${encodeKey(origin.key)}` }, origin.key),
              origin.entry ? ` (entry ${origin.entry})` : '',
              ` · ${origin.format}`
            )
          : origin.format,
      ],
      ['Ingested', time(article.ingestedAt)],
    ]),
    (article.images ?? []).length > 0
      ? h(
          'section',
          { class: 'images', 'aria-label': 'Images' },
          article.images.map(imageFigure)
        )
      : null,
    h('div', { class: 'body' }, (article.body ?? []).map(blockElement))
  );
}

/** The reader view of one article. */
export function articleView(main, [id], { local }) {
  replace(main, h('p', null, 'Loading…'));
  request(`/articles/${id}`)
    .then((article) => {
      const origin = article.origin ?? {};
      const viewable =
        local &&
        VIEWABLE_FORMATS.has(origin.format) &&
        !origin.entry &&
        origin.key;
      replace(
        main,
        h(
          'p',
          { class: 'crumbs' },
          h('a', { href: '#/articles' }, 'Articles'),
          viewable
            ? [
                ' · ',
                h(
                  'a',
                  { href: `#/articles/${id}/extraction` },
                  'Extraction view'
                ),
              ]
            : null
        ),
        readerArticle(article)
      );
    })
    .catch((failure) => {
      replace(
        main,
        h('h1', null, 'Article'),
        h(
          'p',
          { class: 'error', role: 'alert' },
          `Could not load it: ${failure.message}`
        )
      );
    });
}
