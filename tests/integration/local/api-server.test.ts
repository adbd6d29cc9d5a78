/**
 * Local mode's HTTP server in front of the read handler: HEAD, and the
 * requests Node's parser refuses before any handler sees them, answered in
 * the API's JSON error shape.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LocalApi,
  startApiServer,
} from '../../../bin/local/api-server.ts';
import { testApiHandler } from '../../support/api.ts';
import { createTestTable, localClients } from '../../support/aws.ts';

const { dynamoDb } = localClients();
let api: LocalApi;

beforeAll(async () => {
  const tableName = await createTestTable(dynamoDb);
  api = await startApiServer(
    testApiHandler(dynamoDb, tableName, { strictTransportSecurity: false }),
    0
  );
});
afterAll(() => api.stop());

/** Sends `request` as it is and resolves with the whole raw answer. */
function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(api.port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.write(request);
  });
}

function jsonOf(answer: string): { error: { code: string } } {
  return JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
}

describe('Local API server', () => {
  it('answers HEAD with the GET status and headers and no body', async () => {
    // Act
    const response = await fetch(`${api.url}/articles`, { method: 'HEAD' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('');
  });

  it('answers header fields over the limit with a JSON 431', async () => {
    // Act
    const answer = await raw(
      `GET /articles HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`
    );

    // Assess
    expect(answer).toMatch(/^HTTP\/1\.1 431 /u);
    expect(answer).toContain('X-Content-Type-Options: nosniff');
    expect(jsonOf(answer).error.code).toBe('headers-too-large');
  });

  it('answers a method HTTP does not know with a JSON 405', async () => {
    // Act
    const answer = await raw('FROB /articles HTTP/1.1\r\nHost: x\r\n\r\n');

    // Assess
    expect(answer).toMatch(/^HTTP\/1\.1 405 /u);
    expect(answer).toContain('Allow: GET, HEAD');
    expect(jsonOf(answer).error.code).toBe('method-not-allowed');
  });

  it('answers a malformed request with a JSON 400, and keeps serving', async () => {
    // Act
    const answer = await raw('GET /articles HTTP/9\r\n\r\n');
    const after = await fetch(`${api.url}/articles`);

    // Assess
    expect(answer).toMatch(/^HTTP\/1\.1 400 /u);
    expect(jsonOf(answer).error.code).toBe('bad-request');
    expect(after.status).toBe(200);
  });
});
