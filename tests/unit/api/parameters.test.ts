/**
 * The read API's parameter readers against the zod schemas the OpenAPI
 * document is generated from: for every parameter of every route, a value
 * the reader accepts is one the schema accepts, read to the same value,
 * and a value it refuses is one the schema refuses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CURSOR_CHARS } from '../../../functions/api/cursor.ts';
import {
  MAX_OBJECT_KEY_BYTES,
  MAX_PUBLISHER_CHARS,
  PATH_PARAMETER_READERS,
  type ParameterReader,
} from '../../../functions/api/parameters.ts';
import {
  ROUTE_NAMES,
  ROUTES,
  type RouteSpec,
} from '../../../functions/api/route-manifest.ts';
import {
  PATH_PARAMETER_SCHEMAS,
  QUERY_PARAMETER_SCHEMAS,
} from '../../../functions/api/schemas.ts';
import { FILE_STATUSES } from '../../../functions/store/file-record.ts';

/** What a reader or a schema makes of a value: its output, or a refusal. */
type Outcome = { readonly value: unknown } | 'refused';

function byReader(read: ParameterReader, value: unknown): Outcome {
  return read(value) ?? 'refused';
}

function bySchema(
  schema: { safeParse(value: unknown): { success: boolean; data?: unknown } },
  value: unknown
): Outcome {
  const result = schema.safeParse(value);
  return result.success ? { value: result.data } : 'refused';
}

/** Every query parameter of every route, with its reader. */
const QUERY_READERS = ROUTE_NAMES.flatMap((name) =>
  Object.entries((ROUTES[name] as RouteSpec).query ?? {}).map(
    ([parameter, read]) => [`${name} ${parameter}`, parameter, read] as const
  )
);

/** `YYYY-MM-DD`, any digits: real dates, and 2023-02-30 or 2023-13-01. */
const dateLike = fc
  .tuple(
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 32 })
  )
  .map(
    ([y, m, d]) =>
      `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
  );

/** A date-like string with a time part that may lack seconds or a zone. */
const dateTimeLike = fc
  .tuple(
    dateLike,
    fc.constantFrom('T', 't', ' '),
    fc.stringMatching(/^\d\d:\d\d(?::\d\d(?:\.\d{0,4})?)?$/u),
    fc.constantFrom('', 'Z', 'z', '+01:00', '-23:59', '+24:00', '+0100', '+1')
  )
  .map((parts) => parts.join(''));

/** Values near every parameter's edges, and arbitrary ones. */
const values: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 8 }),
  fc.stringMatching(/^\s{0,2}\d{0,4}\s{0,2}$/u),
  fc.stringMatching(/^[0-9a-fA-F]{30,34}$/u),
  fc.constantFrom(...FILE_STATUSES, 'Stored', ''),
  dateLike,
  dateTimeLike,
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc
    .tuple(
      fc.constantFrom(
        MAX_CURSOR_CHARS,
        MAX_PUBLISHER_CHARS,
        MAX_OBJECT_KEY_BYTES
      ),
      fc.integer({ min: -2, max: 2 }),
      fc.constantFrom('a', 'é', ' ', '😀')
    )
    .map(([chars, offset, unit]) =>
      unit.repeat(Math.max(0, Math.floor((chars + offset) / unit.length)))
    ),
  fc.constantFrom(undefined, null, 5, ['1'])
);

describe('Module: parameters', () => {
  it('documents every query parameter a route reads, and only those', () => {
    // Act
    const read = new Set(QUERY_READERS.map(([, parameter]) => parameter));

    // Assess
    expect([...read].sort()).toEqual(
      Object.keys(QUERY_PARAMETER_SCHEMAS).sort()
    );
  });

  it.each(QUERY_READERS)(
    'reads %s as its documented schema does',
    (_route, parameter, read) => {
      // Prepare
      const schema =
        QUERY_PARAMETER_SCHEMAS[
          parameter as keyof typeof QUERY_PARAMETER_SCHEMAS
        ];

      // Act and assess
      fc.assert(
        fc.property(values, (value) => {
          expect(byReader(read, value)).toEqual(bySchema(schema, value));
        }),
        { numRuns: 2000 }
      );
    }
  );

  it.each(Object.keys(PATH_PARAMETER_READERS))(
    'reads the path parameter %s as its documented schema does',
    (name) => {
      // Prepare
      const key = name as keyof typeof PATH_PARAMETER_READERS;

      // Act and assess
      fc.assert(
        fc.property(values, (value) => {
          expect(byReader(PATH_PARAMETER_READERS[key], value)).toEqual(
            bySchema(PATH_PARAMETER_SCHEMAS[key], value)
          );
        }),
        { numRuns: 2000 }
      );
    }
  );

  it.each([
    ['limit', '007', { value: 7 }],
    ['limit', '101', 'refused'],
    ['publisher', '  The Telegraph ', { value: 'The Telegraph' }],
    ['publisher', '   ', 'refused'],
    ['from', '2024-02-29', { value: '2024-02-29' }],
    ['from', '2023-02-29', 'refused'],
    [
      'from',
      '2023-09-14T09:17:00.5+01:00',
      { value: '2023-09-14T09:17:00.5+01:00' },
    ],
    ['from', '2023-09-14T09:17Z', 'refused'],
    ['file', 'é'.repeat(513), 'refused'],
    ['status', 'stored', { value: 'stored' }],
  ] as const)('reads %s %j as %j', (parameter, value, expected) => {
    // Prepare
    const [, , read] = QUERY_READERS.find(
      ([, name]) => name === parameter
    ) as (typeof QUERY_READERS)[number];

    // Act
    const outcome = byReader(read, value);

    // Assess
    expect(outcome).toEqual(expected);
    expect(
      bySchema(
        QUERY_PARAMETER_SCHEMAS[
          parameter as keyof typeof QUERY_PARAMETER_SCHEMAS
        ],
        value
      )
    ).toEqual(expected);
  });
});
