/**
 * Errors of the read API, and the one place that turns errors into HTTP.
 *
 * Every error a client can cause is an {@link ApiError}: it carries the
 * `statusCode`, a stable `code` and `expose: true`, as middy's `HttpError`
 * does. {@link toExposedError} maps those, and the few errors middy's own
 * middlewares throw (the router's 404, content negotiation's 406), to the
 * body `{ "error": { "code", "message" } }`; anything else is not exposed
 * and becomes a generic 500 (see `api-handler.ts`).
 */
import { DropwireError } from '../core/errors.ts';

/**
 * Stable error codes, part of the public API: clients branch on them.
 * Add new ones, never rename.
 */
export const API_ERROR_CODES = [
  /** A query or path parameter is malformed, unknown or out of range. */
  'invalid-parameter',
  /** `cursor` was altered, or belongs to a listing with other filters. */
  'invalid-cursor',
  /** No such article, file record or route. */
  'not-found',
  /** The article was removed (its object deleted or overwritten). */
  'deleted',
  /** The route exists, but not for this method. */
  'method-not-allowed',
  /** None of the route's media types is acceptable (`Accept`). */
  'not-acceptable',
  /** The request's header fields are too large to read (431). */
  'headers-too-large',
  /** The request is not valid HTTP (400, from the server, not a route). */
  'bad-request',
  /** Dropwire failed; the message says nothing more, the logs do. */
  'internal-error',
] as const;

/** One of {@link API_ERROR_CODES}. */
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

/** The JSON body of every error response. */
export interface ErrorBody {
  readonly error: { readonly code: ApiErrorCode; readonly message: string };
}

/** The body of a 500: the same for every failure, so nothing leaks. */
export const INTERNAL_ERROR_BODY: ErrorBody = {
  error: {
    code: 'internal-error',
    message: 'the request failed on our side; try again later',
  },
};

/** An error a client caused, with its HTTP status and stable code. */
export class ApiError extends DropwireError {
  public readonly statusCode: number;
  public readonly code: ApiErrorCode;
  /** Clients may see the message: it describes their own input. */
  public readonly expose = true;
  /** Headers the response must carry (e.g. `Allow` on a 405). */
  public readonly headers: Readonly<Record<string, string>>;

  public constructor(
    statusCode: number,
    code: ApiErrorCode,
    message: string,
    options?: ErrorOptions & { headers?: Record<string, string> }
  ) {
    super(message, options);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.code = code;
    this.headers = options?.headers ?? {};
  }
}

/** A query or path parameter is malformed, unknown or out of range: 400. */
export class InvalidParameterError extends ApiError {
  public constructor(message: string, options?: ErrorOptions) {
    super(400, 'invalid-parameter', message, options);
    this.name = 'InvalidParameterError';
  }
}

/** A cursor that this listing did not issue: 400. */
export class InvalidCursorError extends ApiError {
  public constructor(message: string, options?: ErrorOptions) {
    super(400, 'invalid-cursor', message, options);
    this.name = 'InvalidCursorError';
  }
}

/** No such article, file record or route: 404. */
export class NotFoundError extends ApiError {
  public constructor(message: string) {
    super(404, 'not-found', message);
    this.name = 'NotFoundError';
  }
}

/**
 * The article was removed, and its tombstone says so: 410 (404 once the
 * tombstone expires).
 */
export class GoneError extends ApiError {
  public constructor(message: string) {
    super(410, 'deleted', message);
    this.name = 'GoneError';
  }
}

/** The route exists for other methods: 405, with `Allow`. */
export class MethodNotAllowedError extends ApiError {
  public constructor(method: string, path: string, allowed: string) {
    super(
      405,
      'method-not-allowed',
      `${method.slice(0, 20)} is not allowed on ${path.slice(0, 200)}; expected ${allowed}`,
      { headers: { Allow: allowed } }
    );
    this.name = 'MethodNotAllowedError';
  }
}

/** Codes of the errors middy's middlewares throw, by status. */
const CODES_BY_STATUS: Readonly<Record<number, ApiErrorCode>> = {
  400: 'invalid-parameter',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
};

/** What an exposed error becomes: a status, headers and a JSON body. */
export interface ExposedError {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ErrorBody;
}

/**
 * The response for an error a client may see, or undefined for any other
 * (a bug, a DynamoDB fault), which must become a generic 500.
 *
 * Exposed: an {@link ApiError}, or an error middy threw with a 4xx
 * `statusCode` and `expose` not false (middy's `HttpError`).
 */
export function toExposedError(error: unknown): ExposedError | undefined {
  if (error instanceof ApiError) {
    return {
      statusCode: error.statusCode,
      headers: error.headers,
      body: { error: { code: error.code, message: error.message } },
    };
  }
  if (!(error instanceof Error)) return undefined;
  const { statusCode, expose } = error as {
    statusCode?: unknown;
    expose?: unknown;
  };
  if (typeof statusCode !== 'number' || expose === false) return undefined;
  const code = CODES_BY_STATUS[statusCode];
  if (code === undefined) return undefined;
  return {
    statusCode,
    headers: {},
    body: { error: { code, message: error.message } },
  };
}
