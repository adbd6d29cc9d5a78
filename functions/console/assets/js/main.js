/**
 * The console's shell: hash routes → views. Each view renders into the
 * main element and returns a function that stops what it started (its
 * polling), called when the route changes.
 */
import { localMode } from './api.js';
import { articlesView, articleView } from './articles.js';
import { deadLettersView } from './dead-letters.js';
import { h, replace } from './dom.js';
import { extractionView } from './extraction.js';
import { filesView, fileView } from './files.js';
import { acceptDrops, uploadView } from './upload.js';

/** Routes: a pattern of the hash path, and the view it shows. */
const ROUTES = [
  { pattern: /^\/files\/(.+)$/u, section: 'files', view: fileView },
  { pattern: /^\/files$/u, section: 'files', view: filesView },
  { pattern: /^\/upload$/u, section: 'upload', view: uploadView },
  {
    pattern: /^\/articles\/([0-9a-f]{32})\/extraction$/u,
    section: 'articles',
    view: extractionView,
  },
  {
    pattern: /^\/articles\/([0-9a-f]{32})$/u,
    section: 'articles',
    view: articleView,
  },
  { pattern: /^\/articles$/u, section: 'articles', view: articlesView },
  {
    pattern: /^\/dead-letters$/u,
    section: 'dead-letters',
    view: deadLettersView,
  },
];

const main = /** @type {HTMLElement} */ (document.getElementById('view'));
let stopView = () => {};

async function show() {
  const path = location.hash.replace(/^#/u, '') || '/files';
  const route = ROUTES.find((r) => r.pattern.test(path));
  stopView();
  for (const link of document.querySelectorAll('[data-section]')) {
    if (route && link.getAttribute('data-section') === route.section)
      link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (!route) {
    replace(
      main,
      h('h1', null, 'Not found'),
      h(
        'p',
        null,
        'No page here. ',
        h('a', { href: '#/files' }, 'See the files'),
        '.'
      )
    );
    stopView = () => {};
    return;
  }
  const params =
    route.pattern.exec(path)?.slice(1).map(decodeURIComponent) ?? [];
  const local = await localMode();
  stopView = route.view(main, params, { local }) ?? (() => {});
  // Move focus to the new page, as a page load would, for keyboards and
  // screen readers; the main element is focusable for this.
  main.focus();
}

async function start() {
  const local = await localMode();
  document.getElementById('mode')?.append(local ? 'local mode' : '');
  if (local) {
    for (const item of document.querySelectorAll('[data-local]'))
      item.removeAttribute('hidden');
    acceptDrops(document);
  }
  addEventListener('hashchange', show);
  await show();
}

start();
