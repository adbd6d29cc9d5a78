/**
 * detect: which format a decoded file is in.
 *
 * Content first, because keys and Content-Types lie (scrapers save HTML as
 * `.txt`, S3 defaults to `binary/octet-stream`); the extension and the
 * Content-Type only decide between formats the content leaves open.
 */
import type { Format } from './article.ts';

/** What detection may use besides the text. */
export interface DetectHints {
  readonly key?: string | undefined;
  readonly contentType?: string | undefined;
}

const HTML_START =
  /^<(?:!doctype\s+html|html|head|body|meta|title|article|div|p|section|main|header|!--)[\s>]/iu;
const XML_DECLARATION = /^<\?xml\b/iu;
const RSS_ROOT = /<rss[\s>]|<rdf:RDF[\s>]/iu;
const ATOM_ROOT =
  /<feed[\s>][^>]*xmlns=["']http:\/\/www\.w3\.org\/2005\/Atom/iu;
const FRONT_MATTER = /^---\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)\r?\n/u;
const MARKDOWN_EXTENSION = /\.(?:md|markdown|mdown|mkd)$/iu;
const JSONL_EXTENSION = /\.(?:jsonl|ndjson|jsonlines)$/iu;
const HTML_TYPE = /^(?:text\/html|application\/xhtml\+xml)\b/iu;
const MARKDOWN_TYPE = /^text\/(?:markdown|x-markdown)\b/iu;

/** How many leading characters the sniffers read. */
const SNIFF_CHARS = 2048;

/**
 * Detects the format of `text`.
 *
 * @example
 * ```ts
 * detectFormat('<!doctype html><html>…'); // 'html'
 * detectFormat('Headline\n\nBody…', { key: 'a.txt' }); // 'text'
 * ```
 */
export function detectFormat(text: string, hints: DetectHints = {}): Format {
  const head = text.slice(0, SNIFF_CHARS).trimStart();
  if (head.startsWith('<')) {
    if (RSS_ROOT.test(head)) return 'rss';
    if (ATOM_ROOT.test(head)) return 'atom';
    if (HTML_START.test(head) || !XML_DECLARATION.test(head)) return 'html';
    return /<html[\s>]/iu.test(head) ? 'html' : 'rss';
  }
  if (head.startsWith('{') || head.startsWith('[')) {
    return looksLikeJsonLines(head, hints.key) ? 'jsonl' : 'json';
  }
  // A `.jsonl` key is JSON Lines even when its first line is broken: the
  // broken line is then that file's problem, not a reason to read it as text.
  if (hints.key && JSONL_EXTENSION.test(hints.key)) return 'jsonl';
  if (FRONT_MATTER.test(head)) return 'markdown';
  if (hints.key && MARKDOWN_EXTENSION.test(hints.key)) return 'markdown';
  if (hints.contentType && MARKDOWN_TYPE.test(hints.contentType)) {
    return 'markdown';
  }
  if (hints.contentType && HTML_TYPE.test(hints.contentType)) return 'html';
  return 'text';
}

/** Several lines that each start with `{`: one JSON object per line. */
function looksLikeJsonLines(head: string, key: string | undefined): boolean {
  if (key && JSONL_EXTENSION.test(key)) return true;
  const lines = head.split('\n').filter((line) => line.trim());
  return (
    lines.length > 1 &&
    lines.slice(0, -1).every((line) => /^\s*\{.*\}\s*$/u.test(line))
  );
}
