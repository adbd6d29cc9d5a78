/**
 * The route manifest's paths as the three readers need them: API Gateway's
 * own, middy's router's and OpenAPI's.
 */
import { describe, expect, it } from 'vitest';
import {
  openApiPath,
  pathParameters,
  queryParameters,
  ROUTE_NAMES,
  ROUTES,
  routerPath,
} from '../../../functions/api/route-manifest.ts';

describe('Module: route-manifest', () => {
  it('writes each route for the router and for OpenAPI', () => {
    // Act
    const paths = ROUTE_NAMES.map((name) => [
      ROUTES[name].path,
      routerPath(ROUTES[name]),
      openApiPath(ROUTES[name]),
    ]);

    // Assess
    expect(paths).toEqual([
      ['/articles', '/articles', '/articles'],
      ['/articles/{id}', '/articles/{id}', '/articles/{id}'],
      ['/files', '/files', '/files'],
      ['/files/{key+}', '/files/{proxy+}', '/files/{key}'],
      ['/openapi.json', '/openapi.json', '/openapi.json'],
    ]);
  });

  it('lists the parameters of each route', () => {
    // Act
    const parameters = Object.fromEntries(
      ROUTE_NAMES.map((name) => [
        name,
        {
          path: pathParameters(ROUTES[name]),
          query: queryParameters(ROUTES[name]),
        },
      ])
    );

    // Assess
    expect(parameters).toEqual({
      listArticles: {
        path: [],
        query: ['limit', 'cursor', 'publisher', 'from', 'to', 'file'],
      },
      getArticle: { path: [{ name: 'id', greedy: false }], query: [] },
      listFiles: { path: [], query: ['limit', 'cursor', 'status', 'prefix'] },
      getFile: { path: [{ name: 'key', greedy: true }], query: [] },
      getOpenApi: { path: [], query: [] },
    });
  });
});
