/**
 * Dead letters (local mode): messages that failed every retry, with the
 * keys they name and their last error, and a redrive for each or all.
 */
import { post, request } from './api.js';
import { announce, h, plural, replace, time, update } from './dom.js';
import { poll } from './poll.js';

const POLL_MS = 2000;

/** The Dead letters view. */
export function deadLettersView(main) {
  const all = h(
    'button',
    { type: 'button', disabled: true, 'data-focus': 'redrive-all' },
    'Redrive all'
  );
  const rows = h('tbody');
  const table = h(
    'table',
    { class: 'dead-letters' },
    h('caption', { class: 'visually-hidden' }, 'Dead letters, newest first'),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ['Keys', 'Failed', 'Dead-lettered', 'Last error', 'Action'].map((t) =>
          h('th', { scope: 'col' }, t)
        )
      )
    ),
    rows
  );
  const empty = h(
    'p',
    { class: 'empty', hidden: true },
    'No dead letters: every message was processed.'
  );
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  replace(
    main,
    h('h1', null, 'Dead letters'),
    h(
      'p',
      { class: 'lede' },
      'Messages that failed every retry (5 receives, with back-off). Bad input is never here: it is a rejected file. Fix the cause, then redrive: the message goes back to the queue and is processed again.'
    ),
    all,
    error,
    h('div', { class: 'table-wrap' }, table),
    empty
  );

  const redrive = async (ids) => {
    try {
      const { redriven } = await post(
        '/_local/dead-letters/redrive',
        ids ? { ids } : {}
      );
      announce(`${plural(redriven.length, 'message')} sent back to the queue`);
      await refresh();
    } catch (failure) {
      error.hidden = false;
      error.textContent = `Could not redrive: ${failure.message}`;
    }
  };
  all.addEventListener('click', () => redrive());

  const refresh = async () => {
    const { items } = await request('/_local/dead-letters');
    error.hidden = true;
    all.disabled = items.length === 0;
    table.hidden = items.length === 0;
    empty.hidden = items.length > 0;
    update(rows, JSON.stringify(items), () =>
      items.map((letter) => {
        const keys =
          letter.keys.length > 0 ? letter.keys.join(', ') : '(not an S3 event)';
        return h(
          'tr',
          null,
          h('td', { 'data-label': 'Keys' }, keys),
          h(
            'td',
            { 'data-label': 'Failed' },
            plural(letter.receiveCount, 'time')
          ),
          h(
            'td',
            { 'data-label': 'Dead-lettered' },
            time(letter.deadLetteredAt)
          ),
          h(
            'td',
            { 'data-label': 'Last error', class: 'last-error' },
            letter.lastError ?? ''
          ),
          h(
            'td',
            { 'data-label': 'Action' },
            h(
              'button',
              {
                type: 'button',
                'data-focus': `redrive-${letter.id}`,
                'aria-label': `Redrive ${keys}`,
                onclick: () => redrive([letter.id]),
              },
              'Redrive'
            )
          )
        );
      })
    );
  };
  return poll(refresh, POLL_MS);
}
