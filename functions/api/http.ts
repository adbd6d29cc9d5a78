/**
 * Small HTTP helpers of the read API: reading parameters from a REST API
 * proxy event (each failure an {@link InvalidParameterError} that says which
 * parameter, the value that arrived and what was expected), dates, ETags
 * and responses.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { InvalidParameterError } from './errors.ts';
import {
  PARAMETER_DOCS,
  type ParameterName,
  type ParameterReader,
  type QuerySpec,
  type QueryValues,
} from './parameters.ts';

/** Longest echo of a bad value in an error message, in characters. */
const MAX_ECHOED_CHARS = 100;

/** Quotes a client's value for an error message, cut short if long. */
export function echo(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(
    text.length > MAX_ECHOED_CHARS
      ? `${text.slice(0, MAX_ECHOED_CHARS)}…`
      : text
  );
}

function expected(name: string): string {
  return name in PARAMETER_DOCS
    ? PARAMETER_DOCS[name as ParameterName].expected
    : 'nothing';
}

/**
 * The event's query string, each parameter read by its reader in `spec`;
 * a parameter not in `spec` is refused.
 *
 * @throws InvalidParameterError for a repeated, unknown or malformed
 * parameter (the first one found: a malformed one in `spec`'s order, then
 * an unknown one)
 */
export function parseQuery<Q extends QuerySpec>(
  event: APIGatewayProxyEvent,
  spec: Q
): QueryValues<Q> {
  // API Gateway keeps only the last of repeated parameters in
  // `queryStringParameters`; a repeat is ambiguous, so refuse it.
  for (const [name, values] of Object.entries(
    event.multiValueQueryStringParameters ?? {}
  )) {
    if (values && values.length > 1) {
      throw new InvalidParameterError(
        `query parameter ${echo(name)} is given ${values.length} times; expected it at most once`
      );
    }
  }
  const query: Record<string, unknown> = event.queryStringParameters ?? {};
  const values: Record<string, unknown> = {};
  for (const [name, read] of Object.entries(spec)) {
    const raw = Object.hasOwn(query, name) ? query[name] : undefined;
    if (raw === undefined) continue;
    const result = read(raw);
    if (!result) {
      throw new InvalidParameterError(
        `query parameter ${echo(name)} is ${echo(raw)}; expected ${expected(name)}`
      );
    }
    values[name] = result.value;
  }
  const unknown = Object.keys(query).find((name) => !Object.hasOwn(spec, name));
  if (unknown !== undefined) {
    const known = Object.keys(spec);
    throw new InvalidParameterError(
      `unknown query parameter ${echo(unknown)}; expected ${
        known.length > 0 ? `only ${known.join(', ')}` : 'no query parameters'
      }`
    );
  }
  return values as QueryValues<Q>;
}

/**
 * A path parameter, percent-decoded and validated.
 *
 * The router fills `pathParameters` from `event.path`, which API Gateway
 * REST APIs pass still percent-encoded, so each value is decoded once here.
 *
 * @throws InvalidParameterError if it is missing, badly encoded or invalid
 */
export function pathParameter(
  event: APIGatewayProxyEvent,
  routeName: string,
  name: ParameterName,
  read: ParameterReader<string>
): string {
  const raw = event.pathParameters?.[routeName] ?? '';
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch (error) {
    throw new InvalidParameterError(
      `path parameter ${echo(name)} is ${echo(raw)}, which is not valid percent-encoded UTF-8; expected ${expected(name)}`,
      { cause: error }
    );
  }
  const result = read(value);
  if (!result) {
    throw new InvalidParameterError(
      `path parameter ${echo(name)} is ${echo(value)}; expected ${expected(name)}`
    );
  }
  return result.value;
}

/** Years a UTC date-time can be written with in four digits. */
const MIN_UTC = '0000-01-01T00:00:00Z';
const MAX_UTC = '9999-12-31T23:59:59Z';

/**
 * A date as listings compare them: a calendar date as it is; a date-time
 * in UTC to the second (`2023-09-14T09:17:00Z`), the form article dates
 * are stored in. Fractional seconds are dropped.
 */
export function toUtcDate(date: string): string {
  if (date.length === 10) return date;
  const utc = new Date(date).toISOString();
  // An offset can push a date-time past year 0000 or 9999 in UTC.
  if (!/^\d{4}-/u.test(utc)) return utc.startsWith('-') ? MIN_UTC : MAX_UTC;
  return `${utc.slice(0, 19)}Z`;
}

/** The first and last millisecond a UTC date or date-time stands for. */
export function dateSpan(date: string): { startMs: number; endMs: number } {
  const startMs = Date.parse(date.length === 10 ? `${date}T00:00:00Z` : date);
  return {
    startMs,
    endMs: date.length === 10 ? startMs + 86_400_000 - 1 : startMs,
  };
}

/** A strong ETag of a response body: 128 bits of its SHA-256. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
}

/**
 * Whether `If-None-Match` matches `etag` (RFC 9110 §13.1.2: weak
 * comparison, `*` matches any current representation).
 */
export function ifNoneMatchHits(
  header: string | undefined,
  etag: string
): boolean {
  if (header === undefined) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//u, ''))
    .some((tag) => tag === '*' || tag === etag);
}

/**
 * Headers every response carries, errors included: no content sniffing
 * (a JSON body is never run as a page), and a year of HTTPS only.
 */
export const RESPONSE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Strict-Transport-Security': 'max-age=31536000',
} as const;

/**
 * `Cache-Control` of a response whose route sets none (errors, 304s of
 * routes without one): caches keep nothing.
 */
export const DEFAULT_CACHE_CONTROL = 'no-store';

/** A JSON response. */
export function jsonResponse(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {}
): APIGatewayProxyResult {
  return {
    statusCode,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}
