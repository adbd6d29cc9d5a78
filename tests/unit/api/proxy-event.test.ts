/**
 * proxyEvent: the REST API proxy event for a plain HTTP request, as API
 * Gateway shapes it (local mode and the tests rely on the same shape).
 */
import { describe, expect, it } from 'vitest';
import { proxyEvent } from '../../../functions/api/proxy-event.ts';

describe('Function: proxyEvent', () => {
  it('splits a query string off the path, decoded, keeping repeats', () => {
    // Act
    const event = proxyEvent({
      method: 'get',
      path: '/articles?publisher=The%20Telegraph&limit=5&limit=6',
    });

    // Assess
    expect(event.httpMethod).toBe('GET');
    expect(event.path).toBe('/articles');
    expect(event.queryStringParameters).toEqual({
      publisher: 'The Telegraph',
      limit: '6',
    });
    expect(event.multiValueQueryStringParameters).toEqual({
      publisher: ['The Telegraph'],
      limit: ['5', '6'],
    });
    expect(event.pathParameters).toBeNull();
  });

  it('keeps the path percent-encoded and merges query objects and headers', () => {
    // Act
    const event = proxyEvent({
      method: 'GET',
      path: '/files/a%20b/c.txt',
      query: { from: '2023-09-14', tags: ['x', 'y'], skipped: undefined },
      headers: { Accept: 'text/plain', 'x-many': ['1', '2'] },
      stage: 'prod',
    });

    // Assess
    expect(event.path).toBe('/files/a%20b/c.txt');
    expect(event.requestContext.path).toBe('/prod/files/a%20b/c.txt');
    expect(event.queryStringParameters).toEqual({
      from: '2023-09-14',
      tags: 'y',
    });
    expect(event.headers).toEqual({ Accept: 'text/plain', 'x-many': '2' });
    expect(event.multiValueHeaders['x-many']).toEqual(['1', '2']);
  });

  it('gives null query maps when there is no query', () => {
    // Act
    const event = proxyEvent({ method: 'GET', path: '/articles' });

    // Assess
    expect(event.queryStringParameters).toBeNull();
    expect(event.multiValueQueryStringParameters).toBeNull();
    expect(event.body).toBeNull();
  });
});
