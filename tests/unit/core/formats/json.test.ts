/** The JSON reader: an object is one entry, a list one entry per element. */
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../../functions/core/index.ts';
import { jsonLine } from '../../../support/formats.ts';
import { articles, rejection, utf8 } from '../helpers.ts';

const entry = (n: number) => JSON.parse(jsonLine(n)) as object;

describe('Reader: JSON', () => {
  it('reads a list as entries located by item, each with its own id', () => {
    // Prepare
    const file = JSON.stringify([entry(1), 'not an entry', entry(2)]);

    // Act
    const result = parseFile(utf8(file), { key: 'list.json' });

    // Assess
    expect(articles(result).map((a) => a.origin.format)).toEqual([
      'json',
      'json',
    ]);
    expect(result.ok && result.problems).toEqual([
      {
        location: 'item 2',
        code: 'malformed',
        message:
          'entry is a string ("not an entry"); expected a JSON object with article fields',
      },
    ]);
  });

  it('reads one object as the whole file, whose problem is the rejection', () => {
    // Act
    const one = parseFile(utf8(JSON.stringify(entry(3))), { key: 'a.json' });
    const bad = parseFile(utf8('{"title": 5, "body": "x"}'), { key: 'b.json' });

    // Assess
    expect(articles(one)).toHaveLength(1);
    expect(rejection(bad)).toEqual({
      code: 'malformed',
      message: 'field "title" is a number (5); expected a string',
    });
  });

  it('rejects an empty list, and a file that is not JSON', () => {
    // Act
    const empty = parseFile(utf8('[]'), { key: 'a.json' });
    const broken = parseFile(utf8('{"title": '), { key: 'b.json' });

    // Assess
    expect(rejection(empty)).toEqual({
      code: 'empty',
      message: 'JSON file holds an empty list',
    });
    expect(rejection(broken).message).toMatch(/^file is not valid JSON: /u);
  });
});
