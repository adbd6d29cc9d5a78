/**
 * Upload: files or whole folders, dropped anywhere on the page or chosen
 * with the file pickers, sent through local mode to the drop bucket with a
 * progress bar each. Keys are as `dropwire upload` makes them: a file's
 * name, or its path inside a dropped folder, after an optional prefix.
 */
import { upload } from './api.js';
import { announce, encodeKey, h, plural, replace } from './dom.js';

/** Uploads in flight at once. */
const CONCURRENCY = 4;

/** Every upload of this session: { key, file, state, progress, error }. */
const uploads = [];
const waiting = [];
let running = 0;
let prefix = '';
/** Redraws the list when the Upload view is on screen. */
let redraw = () => {};

/**
 * Files of a dropped entry, with their keys: a file's name, or its path
 * inside the dropped folder (without the folder's own name).
 */
async function filesOf(entry, path = '', top = true) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) =>
      entry.file(resolve, reject)
    );
    return [{ file, key: `${path}${entry.name}` }];
  }
  if (!entry.isDirectory) return [];
  const inside = top ? '' : `${path}${entry.name}/`;
  const reader = entry.createReader();
  const found = [];
  // readEntries answers in batches until it answers none.
  for (;;) {
    const batch = await new Promise((resolve, reject) =>
      reader.readEntries(resolve, reject)
    );
    if (batch.length === 0) break;
    for (const child of batch)
      found.push(...(await filesOf(child, inside, false)));
  }
  return found;
}

/** Queues files: [{ file, key }]. */
function enqueue(items) {
  for (const { file, key } of items) {
    const item = {
      key: `${prefix}${key}`,
      file,
      state: 'queued',
      progress: 0,
      error: '',
    };
    uploads.unshift(item);
    waiting.push(item);
  }
  announce(`${plural(items.length, 'file')} queued for upload`);
  pump();
  redraw();
}

function pump() {
  while (running < CONCURRENCY && waiting.length > 0) {
    const item = waiting.shift();
    running += 1;
    item.state = 'uploading';
    upload(item.key, item.file, (fraction) => {
      item.progress = fraction;
      redraw();
    })
      .then(() => {
        item.state = 'done';
        item.progress = 1;
      })
      .catch((error) => {
        item.state = 'failed';
        item.error = error.message;
      })
      .finally(() => {
        running -= 1;
        redraw();
        if (running === 0 && waiting.length === 0) {
          const failed = uploads.filter((u) => u.state === 'failed').length;
          announce(
            failed > 0
              ? `Uploads finished, ${plural(failed, 'failure')}`
              : 'Uploads finished'
          );
        }
        pump();
      });
  }
}

/** Lets files and folders be dropped anywhere on the page. */
export function acceptDrops(target) {
  target.addEventListener('dragover', (event) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    document.body.classList.add('dragging');
  });
  target.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null)
      document.body.classList.remove('dragging');
  });
  target.addEventListener('drop', async (event) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    document.body.classList.remove('dragging');
    const entries = [...event.dataTransfer.items]
      .map((item) => item.webkitGetAsEntry?.())
      .filter(Boolean);
    const items =
      entries.length > 0
        ? (await Promise.all(entries.map((entry) => filesOf(entry)))).flat()
        : [...event.dataTransfer.files].map((file) => ({
            file,
            key: file.name,
          }));
    if (location.hash !== '#/upload') location.hash = '#/upload';
    enqueue(items);
  });
}

function stateText(item) {
  switch (item.state) {
    case 'queued':
      return 'waiting';
    case 'uploading':
      return `${Math.round(item.progress * 100)}%`;
    case 'done':
      return 'uploaded';
    default:
      return `failed: ${item.error}`;
  }
}

/** The Upload view. */
export function uploadView(main) {
  const picker = h('input', {
    id: 'upload-files',
    type: 'file',
    multiple: true,
  });
  const folderPicker = h('input', {
    id: 'upload-folder',
    type: 'file',
    multiple: true,
    webkitdirectory: true,
  });
  const prefixInput = h('input', {
    id: 'upload-prefix',
    type: 'text',
    value: prefix,
    placeholder: 'e.g. scrapes/2026-11/',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const list = h('ul', { class: 'uploads', 'aria-label': 'Uploads' });
  picker.addEventListener('change', () => {
    enqueue([...picker.files].map((file) => ({ file, key: file.name })));
    picker.value = '';
  });
  folderPicker.addEventListener('change', () => {
    enqueue(
      [...folderPicker.files].map((file) => ({
        file,
        // webkitRelativePath starts with the folder's own name.
        key: file.webkitRelativePath.split('/').slice(1).join('/') || file.name,
      }))
    );
    folderPicker.value = '';
  });
  prefixInput.addEventListener('input', () => {
    prefix = prefixInput.value;
  });
  replace(
    main,
    h('h1', null, 'Upload'),
    h(
      'p',
      { class: 'lede' },
      'Drop files or folders anywhere on this page, or choose them below. They go to the local drop bucket, as ',
      h('code', null, 'npx dropwire upload'),
      ' sends them, and are processed as soon as they land: see ',
      h('a', { href: '#/files' }, 'Files'),
      '.'
    ),
    h(
      'div',
      { class: 'dropzone', 'aria-hidden': 'true' },
      'Drop files or folders here'
    ),
    h(
      'div',
      { class: 'filters' },
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'upload-prefix' }, 'Key prefix (optional)'),
        prefixInput
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'upload-files' }, 'Choose files'),
        picker
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'upload-folder' }, 'Choose a folder'),
        folderPicker
      )
    ),
    list
  );
  redraw = () =>
    replace(
      list,
      uploads.map((item) =>
        h(
          'li',
          { class: `upload state-${item.state}` },
          item.state === 'done'
            ? h('a', { href: `#/files/${encodeKey(item.key)}` }, item.key)
            : h('span', { class: 'key' }, item.key),
          h('progress', {
            max: '1',
            value: String(item.progress),
            'aria-label': `Upload of ${item.key}`,
          }),
          h('span', { class: 'upload-state' }, stateText(item))
        )
      )
    );
  redraw();
  return () => {
    redraw = () => {};
  };
}
