/**
 * Local mode's web console: the page and its assets, and the endpoints only
 * local mode serves, under {@link LOCAL_PREFIX} (a path the read API never
 * uses):
 *
 * | route | does |
 * |---|---|
 * | `GET /` , `GET /_console/…` | the console (see `functions/console/`) |
 * | `GET /_local/info` | that this is local mode, and its bucket and limits |
 * | `GET /_local/dead-letters` | the dead letters, with their keys and last errors |
 * | `POST /_local/dead-letters/redrive` | `{ "ids"?: [...] }`: back to the queue (all without ids) |
 * | `PUT /_local/objects/{key}` | uploads the body to the drop bucket, streamed |
 * | `GET /_local/articles/{id}/extraction` | the extraction view of an article's source |
 *
 * Uploads go through this server rather than from the browser to s3rver:
 * the browser would need S3 credentials and a SigV4 signer (the AWS SDK is
 * larger than the whole console), a CORS rule on the bucket and a second
 * origin in the page's `connect-src`. Here the body is streamed to S3 with
 * the SDK as it arrives, within {@link MAX_UPLOAD_BYTES}.
 *
 * The server listens on loopback only, but a web page in the same browser
 * can still send it requests: every route here checks that `Host` is the
 * loopback address it listens on (no DNS rebinding), and the two that
 * change something also need the console's own `Origin` and a JSON or
 * upload request a cross-site form cannot send without a preflight, which
 * nothing here answers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync } from 'node:zlib';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { ConsoleAssets } from '../../functions/console/console-assets.ts';
import { extractionView } from '../../functions/console/extraction-view.ts';
import { decodeText } from '../../functions/core/decode.ts';
import {
  type Article,
  DEFAULT_LIMITS,
  DEFAULT_MAX_STREAM_BYTES,
} from '../../functions/core/index.ts';
import type { ArticleStore } from '../../functions/store/article-store.ts';
import { messageKeys } from './event-bridge.ts';
import type { LocalQueue } from './local-queue.ts';

/** The prefix of local-only endpoints. */
export const LOCAL_PREFIX = '/_local/';

/**
 * Largest upload through the console: what the ingest function reads of
 * one object (a larger one would only be recorded `too-large`).
 */
export const MAX_UPLOAD_BYTES = DEFAULT_MAX_STREAM_BYTES;

/** Largest source the extraction view reads, in bytes. */
export const MAX_VIEW_SOURCE_BYTES = 8 * 1024 * 1024;

/** Largest JSON request body (a redrive's list of ids), in bytes. */
const MAX_JSON_BODY_BYTES = 64 * 1024;

/** S3 object keys are at most 1,024 bytes of UTF-8. */
const MAX_KEY_BYTES = 1024;

/** Formats whose source the extraction view can show, and how it reads them. */
const VIEW_READINGS = {
  html: 'html',
  text: 'lines',
  markdown: 'lines',
} as const;

/** What the console routes need. */
export interface ConsoleRoutesOptions {
  readonly queue: LocalQueue;
  readonly s3: S3Client;
  readonly store: Pick<ArticleStore, 'getArticle'>;
  readonly bucket: string;
  /** @default the console's own assets */
  readonly assets?: ConsoleAssets;
}

/** A request handler: true when it answered, false to leave it to the API. */
export type RequestInterceptor = (
  request: IncomingMessage,
  response: ServerResponse
) => Promise<boolean>;

/** An error with the HTTP status and code to answer it with. */
class LocalRouteError extends Error {
  public readonly statusCode: number;
  public readonly code: string;
  public readonly headers: Record<string, string>;

  public constructor(
    statusCode: number,
    code: string,
    message: string,
    headers: Record<string, string> = {}
  ) {
    super(message);
    this.name = 'LocalRouteError';
    this.statusCode = statusCode;
    this.code = code;
    this.headers = headers;
  }
}

/** Builds the interceptor that serves the console and `/_local/…`. */
export function createConsoleRoutes(
  options: ConsoleRoutesOptions
): RequestInterceptor {
  const assets = options.assets ?? new ConsoleAssets();
  return async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const asset =
      request.method === 'GET' || request.method === 'HEAD'
        ? assets.response(path)
        : undefined;
    if (!asset && !path.startsWith(LOCAL_PREFIX)) return false;
    try {
      checkHost(request);
      if (asset) {
        response.writeHead(asset.statusCode, asset.headers);
        response.end(request.method === 'HEAD' ? undefined : asset.body);
        return true;
      }
      const result = await route(request, path.slice(LOCAL_PREFIX.length), {
        ...options,
        assets,
      });
      send(response, result.statusCode, result.body);
    } catch (error) {
      const known = error instanceof LocalRouteError ? error : undefined;
      // Drain what is left of a refused upload, so the client sees the answer.
      request.resume();
      send(
        response,
        known?.statusCode ?? 500,
        {
          error: {
            code: known?.code ?? 'internal-error',
            message: error instanceof Error ? error.message : String(error),
          },
        },
        known?.headers
      );
    }
    return true;
  };
}

interface RouteResult {
  readonly statusCode: number;
  readonly body: unknown;
}

async function route(
  request: IncomingMessage,
  rest: string,
  deps: ConsoleRoutesOptions
): Promise<RouteResult> {
  const method = request.method ?? 'GET';
  const allow = (allowed: string) => {
    if (method !== allowed) {
      throw new LocalRouteError(
        405,
        'method-not-allowed',
        `${method.slice(0, 20)} is not allowed on ${LOCAL_PREFIX}${rest.slice(0, 100)}; expected ${allowed}`,
        { Allow: allowed }
      );
    }
  };
  if (rest === 'info') {
    allow('GET');
    return {
      statusCode: 200,
      body: {
        mode: 'local',
        bucket: deps.bucket,
        maxUploadBytes: MAX_UPLOAD_BYTES,
      },
    };
  }
  if (rest === 'dead-letters') {
    allow('GET');
    return { statusCode: 200, body: { items: deadLetters(deps.queue) } };
  }
  if (rest === 'dead-letters/redrive') {
    allow('POST');
    checkSameOrigin(request);
    const ids = redriveIds(await readJson(request));
    return { statusCode: 200, body: { redriven: deps.queue.redrive(ids) } };
  }
  if (rest.startsWith('objects/')) {
    allow('PUT');
    checkSameOrigin(request);
    const key = objectKey(rest.slice('objects/'.length));
    return { statusCode: 201, body: await upload(request, key, deps) };
  }
  const extraction = /^articles\/([0-9a-f]{32})\/extraction$/u.exec(rest);
  if (extraction) {
    allow('GET');
    return {
      statusCode: 200,
      body: await extractionOf(extraction[1] as string, deps),
    };
  }
  throw new LocalRouteError(
    404,
    'not-found',
    `no local endpoint at ${JSON.stringify(`${LOCAL_PREFIX}${rest.slice(0, 100)}`)}`
  );
}

/** The dead letters for people: newest first, with the keys they name. */
function deadLetters(queue: LocalQueue) {
  return [...queue.deadLetters].reverse().map((letter) => ({
    id: letter.id,
    keys: messageKeys(letter.body),
    receiveCount: letter.receiveCount,
    sentAt: letter.sentAt,
    deadLetteredAt: letter.deadLetteredAt,
    lastError: letter.lastError ?? null,
  }));
}

function redriveIds(body: unknown): string[] | undefined {
  const ids = (body as { ids?: unknown } | null)?.ids;
  if (ids === undefined) return undefined;
  if (
    !Array.isArray(ids) ||
    !ids.every((id) => typeof id === 'string' && id.length <= 100)
  ) {
    throw new LocalRouteError(
      400,
      'invalid-parameter',
      `"ids" is ${JSON.stringify(ids).slice(0, 100)}; expected a list of dead-letter ids, or no "ids" for all`
    );
  }
  return ids;
}

/** The object key of an upload path: its segments percent-decoded. */
function objectKey(encoded: string): string {
  let key: string;
  try {
    key = encoded.split('/').map(decodeURIComponent).join('/');
  } catch {
    throw new LocalRouteError(
      400,
      'invalid-parameter',
      `the key ${JSON.stringify(encoded.slice(0, 100))} is not valid percent-encoded UTF-8`
    );
  }
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes === 0 || bytes > MAX_KEY_BYTES || key.endsWith('/')) {
    throw new LocalRouteError(
      400,
      'invalid-parameter',
      `the key ${JSON.stringify(key.slice(0, 100))} has ${bytes} bytes; expected an object key of 1 to ${MAX_KEY_BYTES} bytes, not ending in /`
    );
  }
  return key;
}

/** Streams the request body to the drop bucket as `key`. */
async function upload(
  request: IncomingMessage,
  key: string,
  deps: ConsoleRoutesOptions
): Promise<{ bucket: string; key: string; sizeBytes: number }> {
  const length = Number(request.headers['content-length']);
  if (request.headers['content-length'] === undefined || !(length >= 0)) {
    throw new LocalRouteError(
      411,
      'length-required',
      'an upload needs a Content-Length header; expected the file’s size in bytes'
    );
  }
  if (length > MAX_UPLOAD_BYTES) {
    throw new LocalRouteError(
      413,
      'too-large',
      `the file has ${length} bytes; expected at most ${MAX_UPLOAD_BYTES} (what the ingest function reads of one object)`
    );
  }
  const contentType = request.headers['content-type'];
  await deps.s3.send(
    new PutObjectCommand({
      Bucket: deps.bucket,
      Key: key,
      Body: request,
      ContentLength: length,
      ...(contentType ? { ContentType: contentType } : {}),
    })
  );
  return { bucket: deps.bucket, key, sizeBytes: length };
}

/** The extraction view of an article's source object. */
async function extractionOf(id: string, deps: ConsoleRoutesOptions) {
  const article = await deps.store.getArticle(id);
  if (!article) {
    throw new LocalRouteError(404, 'not-found', `no article has id ${id}`);
  }
  const { origin } = article;
  const reading =
    VIEW_READINGS[origin.format as keyof typeof VIEW_READINGS] ?? undefined;
  if (
    reading === undefined ||
    origin.entry !== undefined ||
    origin.key === undefined
  ) {
    throw new LocalRouteError(
      422,
      'not-available',
      `the extraction view shows HTML, plain-text and Markdown files that are one article; this article came from ${origin.entry ? `the archive entry ${origin.entry}` : `a ${origin.format} file`}`
    );
  }
  const source = await readSource(article, deps);
  return {
    articleId: id,
    source: {
      bucket: origin.bucket ?? deps.bucket,
      key: origin.key,
      format: origin.format,
      sizeBytes: source.sizeBytes,
      // The object was replaced since this article was stored from it.
      changed:
        origin.etag !== undefined &&
        source.etag !== undefined &&
        unquoted(origin.etag) !== source.etag,
    },
    view: extractionView(source.text, reading, article),
  };
}

async function readSource(
  article: Article,
  deps: ConsoleRoutesOptions
): Promise<{ text: string; sizeBytes: number; etag?: string }> {
  const { origin } = article;
  let object: GetObjectCommandOutput;
  try {
    object = await deps.s3.send(
      new GetObjectCommand({
        Bucket: origin.bucket ?? deps.bucket,
        Key: origin.key,
        ...(origin.versionId ? { VersionId: origin.versionId } : {}),
      })
    );
  } catch (error) {
    if (error instanceof Error && error.name === 'NoSuchKey') {
      throw new LocalRouteError(
        404,
        'not-found',
        `the source object ${JSON.stringify(origin.key)} is no longer in the bucket`
      );
    }
    throw error;
  }
  const sizeBytes = object.ContentLength ?? 0;
  if (sizeBytes > MAX_VIEW_SOURCE_BYTES) {
    (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
    throw new LocalRouteError(
      413,
      'too-large',
      `the source has ${sizeBytes} bytes; the extraction view reads at most ${MAX_VIEW_SOURCE_BYTES}`
    );
  }
  const raw = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  const { text } = decodeText(gunzipped(raw), object.ContentType);
  return {
    text,
    sizeBytes,
    ...(object.ETag ? { etag: unquoted(object.ETag) } : {}),
  };
}

/**
 * A gzipped source's content (the view shows what the parser read), within
 * the parser's decompressed-size limit; other bytes as they are.
 */
function gunzipped(bytes: Uint8Array): Uint8Array {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes, {
      maxOutputLength: DEFAULT_LIMITS.maxDecompressedBytes,
    });
  } catch (error) {
    throw new LocalRouteError(
      422,
      'not-available',
      `the gzipped source cannot be shown: ${error instanceof Error ? error.message : String(error)}`
    );
  }
}

/** An ETag without its quotes (S3 quotes them; events do not). */
function unquoted(etag: string): string {
  return etag.replaceAll('"', '');
}

/** Refuses a request whose `Host` is not the loopback address served. */
function checkHost(request: IncomingMessage): void {
  const host = request.headers.host ?? '';
  const port = request.socket.localPort;
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    throw new LocalRouteError(
      421,
      'misdirected',
      `the Host header is ${JSON.stringify(host.slice(0, 100))}; expected 127.0.0.1:${port} or localhost:${port}`
    );
  }
}

/** Refuses a change requested by another origin's page. */
function checkSameOrigin(request: IncomingMessage): void {
  const origin = request.headers.origin;
  if (origin !== `http://${request.headers.host}`) {
    throw new LocalRouteError(
      403,
      'forbidden',
      `the Origin header is ${JSON.stringify(origin ?? null)}; expected the console's own, http://${request.headers.host}`
    );
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  if (!request.headers['content-type']?.startsWith('application/json')) {
    throw new LocalRouteError(
      415,
      'unsupported-media-type',
      `the body is ${JSON.stringify(request.headers['content-type'] ?? null)}; expected application/json`
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_JSON_BODY_BYTES) {
      throw new LocalRouteError(
        413,
        'too-large',
        `the body is over ${MAX_JSON_BODY_BYTES} bytes; expected a short JSON object`
      );
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new LocalRouteError(
      400,
      'invalid-parameter',
      `the body is not JSON: ${JSON.stringify(text.slice(0, 100))}`
    );
  }
}

function send(
  response: ServerResponse,
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {}
): void {
  response.writeHead(statusCode, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  response.end(JSON.stringify(body));
}
