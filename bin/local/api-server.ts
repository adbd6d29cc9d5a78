/**
 * The local read API: plain HTTP → API Gateway REST proxy events → the same
 * read handler the Lambda runs, and its result back as HTTP.
 */
import { createServer, maxHeaderSize, type Server } from 'node:http';
import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import type { ApiHandler } from '../../functions/api/api-handler.ts';
import type { ApiErrorCode } from '../../functions/api/errors.ts';
import {
  DEFAULT_CACHE_CONTROL,
  RESPONSE_HEADERS,
} from '../../functions/api/http.ts';
import { proxyEvent } from '../../functions/api/proxy-event.ts';
import { SERVED_METHODS } from '../../functions/api/route-manifest.ts';
import type { RequestInterceptor } from './console-routes.ts';
import { invocationContext } from './lambda-context.ts';
import { listenOnLoopback } from './servers.ts';

/** A running local API. */
export interface LocalApi {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

let requests = 0;

/**
 * Serves `handler` on `port` (0 for a free one) on the loopback interface.
 * `intercept`, when given, sees each request first and may answer it
 * itself (local mode's console); what it leaves goes to the read handler.
 */
export async function startApiServer(
  handler: ApiHandler,
  port: number,
  intercept?: RequestInterceptor
): Promise<LocalApi> {
  const server: Server = createServer(async (request, response) => {
    if (intercept && (await intercept(request, response))) return;
    requests += 1;
    let result: APIGatewayProxyResult;
    try {
      result = await handler(
        proxyEvent({
          method: request.method ?? 'GET',
          path: request.url ?? '/',
          headers: request.headers,
        }),
        context(`local-api-${process.pid}-${requests}`)
      );
    } catch (error) {
      result = {
        statusCode: 502,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          error: {
            code: 'internal-error',
            message: `the read handler failed: ${error instanceof Error ? error.message : String(error)}`,
          },
        }),
      };
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(result.headers ?? {}))
      headers[name] = String(value);
    for (const [name, values] of Object.entries(
      result.multiValueHeaders ?? {}
    )) {
      headers[name] = values.map(String);
    }
    response.writeHead(result.statusCode, headers);
    response.end(
      result.body === undefined || result.body === ''
        ? undefined
        : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8')
    );
  });
  // Requests Node's HTTP parser refuses never reach the handler: answer
  // them in the API's JSON error shape, as the handler answers the rest.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return;
    const answer = clientErrorAnswer(error.code);
    const body = JSON.stringify({ error: answer.error });
    socket.end(
      [
        `HTTP/1.1 ${answer.status}`,
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        `X-Content-Type-Options: ${RESPONSE_HEADERS['X-Content-Type-Options']}`,
        `Cache-Control: ${DEFAULT_CACHE_CONTROL}`,
        ...(answer.status.startsWith('405')
          ? [`Allow: ${SERVED_METHODS.join(', ')}`]
          : []),
        'Connection: close',
        '',
        body,
      ].join('\r\n')
    );
  });
  const actual = await listenOnLoopback(server, port, 'the read API');
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The answer to a request Node's parser refused, by its error code. */
function clientErrorAnswer(code: string | undefined): {
  status: string;
  error: { code: ApiErrorCode; message: string };
} {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: '431 Request Header Fields Too Large',
      error: {
        code: 'headers-too-large',
        message: `the request's header fields are over ${maxHeaderSize.toLocaleString('en')} bytes; send fewer or shorter headers`,
      },
    };
  }
  if (code === 'HPE_INVALID_METHOD') {
    return {
      status: '405 Method Not Allowed',
      error: {
        code: 'method-not-allowed',
        message: `the request's method is not one HTTP knows; expected ${SERVED_METHODS.join(', ')}`,
      },
    };
  }
  return {
    status: '400 Bad Request',
    error: {
      code: 'bad-request',
      message: `the request is not valid HTTP/1.1 (${code ?? 'unreadable'})`,
    },
  };
}

function context(requestId: string): Context {
  return invocationContext({
    functionName: 'dropwire-api-local',
    requestId,
    memoryLimitInMB: '512',
  });
}
