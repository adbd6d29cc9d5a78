/**
 * Files: every upload and what became of it, live; one file's record.
 */
import { ApiError, request } from './api.js';
import {
  announce,
  bytes,
  definitions,
  encodeKey,
  h,
  plural,
  replace,
  time,
  update,
} from './dom.js';
import { poll } from './poll.js';
import { outcome, STATUSES, statusInfo } from './statuses.js';

const PAGE_SIZE = 50;
const POLL_MS = 2000;

/** The filters, kept while the console is open. */
const filters = { status: '', prefix: '' };

/** The statuses `GET /files` accepts, from its OpenAPI document. */
let apiStatuses;
function fileStatuses() {
  apiStatuses ??= request('/openapi.json')
    .then((doc) => {
      const parameter = doc.paths['/files']?.get?.parameters?.find(
        (p) => p.name === 'status'
      );
      return parameter?.schema?.enum ?? [];
    })
    .catch(() => []);
  return apiStatuses;
}

/** A status badge: styled by its tone, its label in words. */
export function badge(status) {
  const info = statusInfo(status);
  return h('span', { class: `badge tone-${info.tone}` }, info.label);
}

/** A table cell with the label narrow screens show beside it. */
function cell(label, ...children) {
  return h('td', { 'data-label': label }, ...children);
}

function fileRow(record) {
  return h(
    'tr',
    null,
    cell(
      'Key',
      h('a', { href: `#/files/${encodeKey(record.key)}` }, record.key)
    ),
    cell('Status', badge(record.status)),
    cell('What happened', outcome(record)),
    cell('Uploaded', time(record.uploadedAt ?? record.processedAt)),
    cell('Size', bytes(record.sizeBytes))
  );
}

function deadLetterRow(letter, key) {
  return h(
    'tr',
    null,
    cell('Key', h('a', { href: '#/dead-letters' }, key)),
    cell('Status', badge('dead-letter')),
    cell(
      'What happened',
      `failed ${plural(letter.receiveCount, 'time')}: ${letter.lastError ?? 'no error recorded'}`
    ),
    cell('Uploaded', time(letter.sentAt)),
    cell('Size', '')
  );
}

function legend(statuses) {
  return h(
    'details',
    { class: 'legend' },
    h('summary', null, 'What the statuses mean'),
    h(
      'dl',
      null,
      statuses.map((status) => [
        h('dt', null, badge(status)),
        h('dd', null, statusInfo(status).meaning),
      ])
    )
  );
}

/** The Files view. */
export function filesView(main, _params, { local }) {
  const statusSelect = h(
    'select',
    { id: 'filter-status', name: 'status' },
    h('option', { value: '' }, 'All statuses')
  );
  const prefixInput = h('input', {
    id: 'filter-prefix',
    name: 'prefix',
    type: 'search',
    value: filters.prefix,
    placeholder: 'e.g. scrapes/2026-11/',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter files' },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'filter-status' }, 'Status'),
      statusSelect
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'filter-prefix' }, 'Key prefix'),
      prefixInput
    ),
    h('button', { type: 'submit' }, 'Filter')
  );
  const rows = h('tbody');
  const older = h('tbody');
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const updated = h('p', { class: 'hint' });
  const more = h(
    'button',
    { type: 'button', hidden: true },
    'Load older files'
  );
  const empty = h('p', { class: 'empty', hidden: true }, 'No files yet. ');
  if (local) {
    empty.append(
      h('a', { href: '#/upload' }, 'Upload some'),
      ', or copy files into the drop folder.'
    );
  }
  const legendSlot = h('div');
  replace(
    main,
    h('h1', null, 'Files'),
    h(
      'p',
      { class: 'lede' },
      'Every upload to the drop bucket and what became of it, newest first. This page updates by itself.'
    ),
    form,
    error,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'files' },
        h(
          'caption',
          { class: 'visually-hidden' },
          'Files, newest upload first'
        ),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['Key', 'Status', 'What happened', 'Uploaded', 'Size'].map((t) =>
              h('th', { scope: 'col' }, t)
            )
          )
        ),
        rows,
        older
      )
    ),
    empty,
    more,
    updated,
    legendSlot
  );

  fileStatuses().then((statuses) => {
    const all = [...statuses, ...(local ? ['dead-letter'] : [])];
    for (const status of all) {
      statusSelect.append(
        h(
          'option',
          { value: status, selected: status === filters.status },
          statusInfo(status).label
        )
      );
    }
    replace(
      legendSlot,
      legend([...new Set([...all, ...Object.keys(STATUSES)])])
    );
  });

  let cursor = null;
  let firstKeys = new Set();
  const refresh = async () => {
    const wantDeadLetters =
      local && (filters.status === '' || filters.status === 'dead-letter');
    const wantFiles = filters.status !== 'dead-letter';
    try {
      const [page, letters] = await Promise.all([
        wantFiles
          ? request('/files', {
              limit: String(PAGE_SIZE),
              status: filters.status || undefined,
              prefix: filters.prefix || undefined,
            })
          : { items: [], nextCursor: null },
        wantDeadLetters ? request('/_local/dead-letters') : { items: [] },
      ]);
      error.hidden = true;
      const letterRows = letters.items.flatMap((letter) =>
        letter.keys
          .filter((key) => key.startsWith(filters.prefix))
          .map((key) => deadLetterRow(letter, key))
      );
      const shown = letterRows.length + page.items.length;
      update(
        rows,
        JSON.stringify([letters.items, page.items, filters.prefix]),
        () => [letterRows, page.items.map(fileRow)]
      );
      firstKeys = new Set(page.items.map((item) => item.key));
      if (older.childElementCount === 0) {
        cursor = page.nextCursor;
        more.hidden = cursor === null;
      }
      empty.hidden = shown > 0;
      replace(updated, 'Updated ', time(new Date().toISOString()), '.');
    } catch (failure) {
      error.hidden = false;
      error.textContent = `Could not load the files: ${failure.message}`;
    }
  };

  more.addEventListener('click', async () => {
    if (cursor === null) return;
    const page = await request('/files', {
      limit: String(PAGE_SIZE),
      status: filters.status || undefined,
      prefix: filters.prefix || undefined,
      cursor,
    });
    older.append(
      ...page.items.filter((item) => !firstKeys.has(item.key)).map(fileRow)
    );
    cursor = page.nextCursor;
    more.hidden = cursor === null;
    announce(`${plural(page.items.length, 'older file')} loaded`);
  });

  let stop = poll(refresh, POLL_MS);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    filters.status = statusSelect.value;
    filters.prefix = prefixInput.value;
    older.replaceChildren();
    stop();
    stop = poll(refresh, POLL_MS);
    announce('Filter applied');
  });
  return () => stop();
}

/** One file's record and its articles. */
export function fileView(main, [key]) {
  const body = h('div', null, h('p', null, 'Loading…'));
  replace(
    main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/files' }, 'Files')),
    h('h1', { class: 'key' }, key),
    body
  );
  let stop = () => {};
  let shown = '';
  const refresh = async () => {
    let record;
    try {
      record = await request(`/files/${encodeKey(key)}`);
    } catch (failure) {
      replace(
        body,
        h(
          'p',
          { class: 'error', role: 'alert' },
          failure instanceof ApiError && failure.status === 404
            ? 'This file has not been processed (yet). If it was just uploaded, wait a moment; if it failed every retry, see the dead letters.'
            : `Could not load the record: ${failure.message}`
        )
      );
      return;
    }
    // Poll only while the file may still change here.
    if (record.status !== 'processing') stop();
    const signature = JSON.stringify(record);
    if (signature === shown) return;
    shown = signature;
    const articles = h('ul', { class: 'file-articles' });
    replace(
      body,
      definitions([
        [
          'Status',
          h(
            'span',
            null,
            badge(record.status),
            ' ',
            statusInfo(record.status).meaning
          ),
        ],
        ['What happened', outcome(record)],
        [
          'Reason',
          record.reason
            ? `${record.reason.code}: ${record.reason.message}`
            : '',
        ],
        [
          'Counts',
          `${record.counts.found} found, ${record.counts.stored} stored, ${record.counts.duplicate} duplicate, ${record.counts.rejected} skipped`,
        ],
        ['Format', record.format],
        ['Size', bytes(record.sizeBytes)],
        ['Bucket', record.bucket],
        ['ETag', record.etag],
        ['Version', record.versionId],
        ['Uploaded', time(record.uploadedAt)],
        ['Processed', time(record.processedAt)],
      ]),
      record.problems.length > 0
        ? [
            h('h2', null, 'Records skipped'),
            h(
              'ul',
              null,
              record.problems.map((p) =>
                h('li', null, `${p.location}: ${p.code}: ${p.message}`)
              )
            ),
          ]
        : null,
      h('h2', null, `Articles (${record.articleIds.length})`),
      record.articleIds.length > 0 ? articles : h('p', null, 'None.')
    );
    // Titles of the first articles; the rest by id.
    const SHOWN = 20;
    await Promise.all(
      record.articleIds.map(async (id, index) => {
        const item = h('li', null, h('a', { href: `#/articles/${id}` }, id));
        articles.append(item);
        if (index >= SHOWN) return;
        const article = await request(`/articles/${id}`).catch(() => null);
        if (article) {
          replace(item, h('a', { href: `#/articles/${id}` }, article.title));
        }
      })
    );
  };
  stop = poll(refresh, POLL_MS);
  return () => stop();
}
