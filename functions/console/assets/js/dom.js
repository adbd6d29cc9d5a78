/**
 * DOM helpers. Every piece of data becomes a text node or an attribute
 * value, never markup: article text comes from untrusted pages, and
 * nothing here ever parses a string as HTML.
 */

/**
 * Creates an element.
 *
 * @param {string} tag
 * @param {Record<string, unknown> | null} [attrs] attribute values (set
 *   with setAttribute); `on<event>` functions become listeners; `true`
 *   sets an empty attribute; `false`, null and undefined set nothing
 * @param {...unknown} children strings (as text), nodes, arrays; null,
 *   undefined and false are skipped
 * @returns {HTMLElement}
 */
export function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2), /** @type {any} */ (value));
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

/** Appends children as {@link h} takes them. */
export function append(parent, children) {
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === undefined || child === null || child === false) continue;
    parent.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's children. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

/** A link to an http(s) URL, or the URL as text when it is anything else. */
export function externalLink(url, text = url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return h('span', null, text);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return h('span', null, text);
  }
  return h(
    'a',
    {
      href: parsed.href,
      rel: 'noopener noreferrer nofollow',
      target: '_blank',
    },
    text
  );
}

/** A key as a path of a hash route: each segment percent-encoded. */
export function encodeKey(key) {
  return key.split('/').map(encodeURIComponent).join('/');
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});
const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A `<time>` for an ISO 8601 date or date-time; empty for none. */
export function time(iso) {
  if (!iso) return '';
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return h('span', null, iso);
  const text = iso.length === 10 ? DATE.format(date) : DATE_TIME.format(date);
  return h('time', { datetime: iso }, text);
}

/** Bytes for people: 1.2 MB. */
export function bytes(count) {
  if (typeof count !== 'number') return '';
  const units = ['bytes', 'KB', 'MB', 'GB'];
  let value = count;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** `n thing(s)`. */
export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

/** Says something to screen readers (the page's polite live region). */
export function announce(message) {
  const region = document.getElementById('announce');
  if (region) region.textContent = message;
}

/** A definition list from [term, value] pairs; empty values are left out. */
export function definitions(pairs) {
  return h(
    'dl',
    { class: 'fields' },
    pairs
      .filter(
        ([, value]) => value !== undefined && value !== null && value !== ''
      )
      .map(([term, value]) => [h('dt', null, term), h('dd', null, value)])
  );
}

/**
 * Replaces an element's children only when `signature` (what they were
 * built from) changed, keeping keyboard focus on the link or button of the
 * same `href` or `data-focus` when it was inside: live updates must not
 * throw a keyboard user out of the list.
 */
export function update(parent, signature, build) {
  if (parent.dataset.signature === signature) return;
  parent.dataset.signature = signature;
  const active = document.activeElement;
  const focusKey =
    active && parent.contains(active)
      ? (active.getAttribute('data-focus') ?? active.getAttribute('href'))
      : null;
  replace(parent, build());
  if (focusKey === null) return;
  for (const candidate of parent.querySelectorAll('[href], [data-focus]')) {
    const key =
      candidate.getAttribute('data-focus') ?? candidate.getAttribute('href');
    if (key === focusKey) {
      /** @type {HTMLElement} */ (candidate).focus();
      return;
    }
  }
}
