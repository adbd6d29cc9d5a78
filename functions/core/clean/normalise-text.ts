/**
 * normaliseText: Unicode and white space, everywhere in the draft.
 *
 * NFC, not NFKC: compatibility folding would turn `…` into `...` and
 * `ﬁ` ligatures into letters, but also superscripts and fractions into
 * digits; typography is the author's, so curly quotes, dashes and ellipses
 * stay. Invisible characters (zero-width spaces and joiners, soft hyphens,
 * BOMs, bidi marks, C0/C1 controls) go; every kind of space becomes one
 * ASCII space; runs collapse; ends are trimmed. Empty blocks are dropped.
 */
import type { Block, CleanStep, Draft, Image } from '../draft.ts';

/** Invisible code points that only get in the way of matching and counting. */
const INVISIBLE =
  /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|(?![\n\t])\p{Cc}/gu;
/**
 * {@link INVISIBLE} (group 1, removed) or horizontal white space (group 2,
 * one space), in one pass over the text.
 */
const INVISIBLE_OR_SPACES =
  /([\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|(?![\n\t])\p{Cc})|[^\S\n]+/gu;
/**
 * Anything {@link INVISIBLE_OR_SPACES} would change. Written without the
 * `u` flag and `\p{…}`, which make V8 several times slower, because it runs
 * on every block.
 */
// biome-ignore-start lint/suspicious/noControlCharactersInRegex: finding control characters is this regex's job

const NEEDS_CLEANING =
  /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u0000-\u0008\u000B-\u001F\u007F-\u009F]|[^\S\n ]| {2}| \n|\n /;

// biome-ignore-end lint/suspicious/noControlCharactersInRegex: finding control characters is this regex's job
/** Only printable ASCII and line feeds. */
const PRINTABLE_ASCII = /^[\x20-\x7e\n]*$/;

/** Normalises one string: NFC, invisible characters out, spaces collapsed. */
export function normaliseString(text: string): string {
  // Printable ASCII needs no Unicode work: only spaces to collapse.
  if (PRINTABLE_ASCII.test(text)) {
    return text
      .replace(/ {2,}| *\n */g, (m) => (m.includes('\n') ? '\n' : ' '))
      .trim();
  }
  const nfc = text.normalize('NFC');
  // Most paragraphs are already clean; testing is far cheaper than
  // rewriting every space.
  if (!NEEDS_CLEANING.test(nfc)) return nfc.trim();
  return nfc
    .replace(INVISIBLE_OR_SPACES, (_, invisible) => (invisible ? '' : ' '))
    .replace(/ *\n */gu, '\n')
    .replace(/ {2,}/gu, ' ')
    .trim();
}

function normaliseBlock(block: Block): Block | undefined {
  if (block.type === 'code') {
    // Code keeps its indentation; only invisible characters go.
    const text = block.text.normalize('NFC').replace(INVISIBLE, '').trimEnd();
    return text ? { ...block, text } : undefined;
  }
  if (block.items) {
    const items = block.items.map(normaliseString).filter(Boolean);
    if (items.length === 0) return undefined;
    const marker = (i: number) => (block.ordered ? `${i + 1}.` : '-');
    const text = items.map((item, i) => `${marker(i)} ${item}`).join('\n');
    return { ...block, items, text };
  }
  const text = normaliseString(block.text).replace(/\n/gu, ' ');
  return text ? { ...block, text } : undefined;
}

function normaliseImage(image: Image): Image {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(image)) {
    const clean = typeof value === 'string' ? normaliseString(value) : '';
    if (clean) out[key] = clean;
  }
  return out as Image;
}

function normaliseOptional(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return normaliseString(value).replace(/\n/gu, ' ') || undefined;
}

/** Clean step: normalise Unicode and white space in every text field. */
export const normaliseText: CleanStep = (draft) => {
  const out: Record<string, unknown> = {
    ...draft,
    authors: draft.authors.map(normaliseString).filter(Boolean),
    body: draft.body.map(normaliseBlock).filter((b) => b !== undefined),
    images: draft.images.map(normaliseImage),
  };
  for (const key of ['title', 'standfirst', 'publisher'] as const) {
    const value = normaliseOptional(draft[key]);
    if (value === undefined) delete out[key];
    else out[key] = value;
  }
  return out as unknown as Draft;
};
