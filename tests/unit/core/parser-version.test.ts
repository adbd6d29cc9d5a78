/**
 * Every article says which version of the cleaner made it.
 */
import { describe, expect, it } from 'vitest';
import { PARSER_VERSION, parseFile } from '../../../functions/core/index.ts';
import { jsonLines } from '../../support/formats.ts';

describe('Constant: PARSER_VERSION', () => {
  it('is carried by every article of a file', () => {
    // Act
    const result = parseFile(new TextEncoder().encode(jsonLines(0, 3)), {
      key: 'lines.jsonl',
    });

    // Assess
    expect(result.ok).toBe(true);
    const versions = result.ok
      ? result.articles.map((a) => a.parserVersion)
      : [];
    expect(versions).toEqual([PARSER_VERSION, PARSER_VERSION, PARSER_VERSION]);
    expect(Number.isSafeInteger(PARSER_VERSION) && PARSER_VERSION > 0).toBe(
      true
    );
  });
});
