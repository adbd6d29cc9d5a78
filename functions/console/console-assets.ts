/**
 * The web console's static assets: plain ES modules, CSS and one HTML page
 * under `functions/console/assets/`, served as they are (no build step),
 * with a strict Content-Security-Policy.
 *
 * The page is `/`; every other asset is under {@link CONSOLE_ASSET_PREFIX}.
 * Only files found in the assets folder at start are served (a fixed
 * table, so no path a request names can reach anything else), each from
 * memory: the whole console is a few tens of kilobytes.
 *
 * The code here is not tied to local mode: any HTTP server (a Lambda too)
 * can answer with {@link ConsoleAssets.response}.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the console's assets are served, below the page at `/`. */
export const CONSOLE_ASSET_PREFIX = '/_console/';

/** The folder the assets are read from. */
export const CONSOLE_ASSETS_DIR = fileURLToPath(
  new URL('./assets/', import.meta.url)
);

/**
 * The console's Content-Security-Policy: everything from its own origin,
 * nothing inline, no eval, no frames, no plugins; `connect-src 'self'`
 * because it talks to the read API and local mode's endpoints on the same
 * origin only. Images are never loaded from articles' URLs (they are shown
 * as links): a page's images would tell its server who is reading.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every console response carries. */
export const CONSOLE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONSOLE_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** A response: status, headers and body. */
export interface AssetResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** The console's assets, read once. */
export class ConsoleAssets {
  /** URL path → content type and bytes. */
  readonly #files = new Map<string, { type: string; body: Buffer }>();

  /** Reads every asset of `dir` (by default the console's own folder). */
  public constructor(dir: string = CONSOLE_ASSETS_DIR) {
    for (const path of walk(dir)) {
      const type = CONTENT_TYPES[extname(path)];
      if (type === undefined) continue;
      const name = relative(dir, path).split(sep).join('/');
      this.#files.set(
        name === 'index.html' ? '/' : `${CONSOLE_ASSET_PREFIX}${name}`,
        { type, body: readFileSync(path) }
      );
    }
  }

  /** The URL paths served, and the size of each in bytes. */
  public get sizes(): ReadonlyMap<string, number> {
    return new Map(
      [...this.#files].map(([path, file]) => [path, file.body.length])
    );
  }

  /**
   * The response for a GET of `path` (no query string), or undefined when
   * the path is not the console's.
   */
  public response(path: string): AssetResponse | undefined {
    const file = this.#files.get(path);
    if (file) {
      return {
        statusCode: 200,
        headers: {
          ...CONSOLE_SECURITY_HEADERS,
          'Content-Type': file.type,
          // Assets change only with Dropwire itself: revalidate each time.
          'Cache-Control': 'no-cache',
        },
        body: file.body,
      };
    }
    if (!path.startsWith(CONSOLE_ASSET_PREFIX)) return undefined;
    return {
      statusCode: 404,
      headers: {
        ...CONSOLE_SECURITY_HEADERS,
        'Content-Type': 'application/json',
      },
      body: Buffer.from(
        JSON.stringify({
          error: {
            code: 'not-found',
            message: `no console asset at ${JSON.stringify(path.slice(0, 200))}`,
          },
        })
      ),
    };
  }
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}
