/**
 * `node:http` for the Lambda bundles, without the cost of its namespace.
 *
 * An ESM `import` of `node:http` makes Node build the module's namespace,
 * which reads every export; three of them (`WebSocket`, `CloseEvent`,
 * `MessageEvent`) are lazy getters that load undici, Node's fetch engine,
 * which these functions never use: 15–25 ms of every cold start, measured.
 * The bundler points the ESM imports of `node:http` in dependencies (middy's
 * util, Smithy's metadata client) here (an esbuild alias set in
 * `lib/constructs/dropwire-function.ts`), and this module gets the real one
 * through `require`, which builds no namespace.
 */
import { createRequire } from 'node:module';

const http = createRequire(import.meta.url)(
  'node:http'
) as typeof import('node:http');

export default http;
export const {
  METHODS,
  STATUS_CODES,
  Agent,
  ClientRequest,
  IncomingMessage,
  OutgoingMessage,
  Server,
  ServerResponse,
  createServer,
  validateHeaderName,
  validateHeaderValue,
  get,
  request,
  setMaxIdleHTTPParsers,
} = http;
