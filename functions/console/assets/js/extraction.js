/**
 * The extraction view (local mode): the source's visible blocks beside the
 * article, each marked with what the cleaner did with it. Fates are told
 * in words as well as colour.
 */
import { request } from './api.js';
import { readerArticle } from './articles.js';
import { encodeKey, h, plural, replace } from './dom.js';

/** Each fate: its name in words, and what it means. */
const FATES = {
  title: ['title', 'became the title'],
  standfirst: ['standfirst', 'became the standfirst'],
  kept: ['kept', 'in the article body'],
  caption: ['caption', 'lifted into an image caption or credit'],
  byline: ['byline', 'read as the authors'],
  removed: [
    'removed',
    'left out: navigation, promos, share bars, repeats (dates and site names are read as metadata)',
  ],
};

function fateLabel(fate) {
  return (FATES[fate] ?? [fate])[0];
}

/** The Extraction view of one article. */
export function extractionView(main, [id]) {
  replace(main, h('p', null, 'Loading…'));
  Promise.all([
    request(`/articles/${id}`),
    request(`/_local/articles/${id}/extraction`),
  ])
    .then(([article, { source, view }]) => {
      const shownFates = Object.keys(FATES).filter((f) => view.counts[f] > 0);
      replace(
        main,
        h(
          'p',
          { class: 'crumbs' },
          h('a', { href: '#/articles' }, 'Articles'),
          ' · ',
          h('a', { href: `#/articles/${id}` }, 'Reader view')
        ),
        h('h1', null, 'What the cleaner kept'),
        h(
          'p',
          { class: 'lede' },
          'The source ',
          h('a', { href: `#/files/${encodeKey(source.key)}` }, source.key),
          ` (${source.format}, read ${view.reading === 'html' ? 'as an HTML page, block by block' : 'line by line'}) beside the article it became.`
        ),
        source.changed
          ? h(
              'p',
              { class: 'warning', role: 'note' },
              'The object has been replaced since this article was stored from it: the source shown is the newer one.'
            )
          : null,
        h(
          'ul',
          { class: 'fate-legend', 'aria-label': 'Legend' },
          shownFates.map((fate) =>
            h(
              'li',
              { class: `segment fate-${fate}` },
              h('span', { class: 'fate' }, fateLabel(fate)),
              ` ${plural(view.counts[fate], 'block')}: ${FATES[fate][1]}`
            )
          )
        ),
        view.truncated
          ? h(
              'p',
              { class: 'warning' },
              `Only the first ${view.segments.length} blocks are shown.`
            )
          : null,
        h(
          'div',
          { class: 'columns' },
          h(
            'section',
            { class: 'source', 'aria-labelledby': 'source-heading' },
            h('h2', { id: 'source-heading' }, 'Source'),
            h(
              'ol',
              { class: 'segments' },
              view.segments.map((segment) =>
                h(
                  'li',
                  { class: `segment fate-${segment.fate}` },
                  h('span', { class: 'fate' }, fateLabel(segment.fate)),
                  segment.element !== 'line'
                    ? h(
                        'span',
                        { class: 'element' },
                        segment.region
                          ? `${segment.region} › ${segment.element}`
                          : segment.element
                      )
                    : null,
                  h('span', { class: 'text' }, segment.text)
                )
              )
            )
          ),
          h(
            'section',
            { class: 'result', 'aria-labelledby': 'result-heading' },
            h('h2', { id: 'result-heading' }, 'Article'),
            readerArticle(article, 'h3')
          )
        )
      );
    })
    .catch((failure) => {
      replace(
        main,
        h(
          'p',
          { class: 'crumbs' },
          h('a', { href: `#/articles/${id}` }, 'Reader view')
        ),
        h('h1', null, 'What the cleaner kept'),
        h(
          'p',
          { class: 'error', role: 'alert' },
          `No extraction view: ${failure.message}`
        )
      );
    });
}
