/**
 * The one mapping of errors to HTTP answers: what a client may see, and
 * what becomes a generic 500.
 */
import { createError } from '@middy/util';
import { describe, expect, it } from 'vitest';
import {
  InvalidCursorError,
  MethodNotAllowedError,
  NotFoundError,
  toExposedError,
} from '../../../functions/api/errors.ts';

describe('Function: toExposedError', () => {
  it('answers our errors with their status, code, message and headers', () => {
    // Act
    const answers = [
      toExposedError(new InvalidCursorError('cursor "x" was altered')),
      toExposedError(new NotFoundError('no article has id 00')),
      toExposedError(new MethodNotAllowedError('POST', '/articles', 'GET')),
    ];

    // Assess
    expect(answers).toEqual([
      {
        statusCode: 400,
        headers: {},
        body: {
          error: { code: 'invalid-cursor', message: 'cursor "x" was altered' },
        },
      },
      {
        statusCode: 404,
        headers: {},
        body: { error: { code: 'not-found', message: 'no article has id 00' } },
      },
      {
        statusCode: 405,
        headers: { Allow: 'GET' },
        body: {
          error: {
            code: 'method-not-allowed',
            message: 'POST is not allowed on /articles; expected GET',
          },
        },
      },
    ]);
  });

  it('maps the client errors middy throws by their status', () => {
    // Act
    const answer = toExposedError(createError(406, 'Unsupported mediaType'));

    // Assess
    expect(answer?.body.error).toEqual({
      code: 'not-acceptable',
      message: 'Unsupported mediaType',
    });
  });

  it.each([
    ['a plain error', new Error('DynamoDB is down')],
    ['an unexposed HTTP error', createError(400, 'secret', { expose: false })],
    ['a 5xx', createError(503, 'upstream')],
    ['a thrown string', 'oops'],
  ])('leaves %s for the generic 500', (_, error) => {
    // Act
    const answer = toExposedError(error);

    // Assess
    expect(answer).toBeUndefined();
  });
});
