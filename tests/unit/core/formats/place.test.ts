import { describe, expect, it } from 'vitest';
import { EntryEmitter } from '../../../../functions/core/entries.ts';
import {
  listedLocation,
  listedPlace,
  wholeFilePlace,
} from '../../../../functions/core/formats/place.ts';
import { DEFAULT_LIMITS } from '../../../../functions/core/limits.ts';
import type { ReadContext } from '../../../../functions/core/types.ts';

/** The context of a member of a zip archive. */
const member: ReadContext = {
  entries: new EntryEmitter({}, DEFAULT_LIMITS),
  limits: DEFAULT_LIMITS,
  hintKey: 'day.jsonl',
  contentType: undefined,
  depth: 1,
  location: 'entry export/day.jsonl',
  prefix: 'entry export/day.jsonl, ',
  archivePath: 'export/day.jsonl',
  gzipped: false,
  sizeBytes: undefined,
};

describe('Function: listedPlace', () => {
  it('locates entry n of a list by its unit, counting from 1, inside its archive', () => {
    // Assess
    expect(listedPlace(member, 'jsonl', 'line', 2)).toEqual({
      format: 'jsonl',
      location: 'entry export/day.jsonl, line 3',
      index: 2,
      archivePath: 'export/day.jsonl',
    });
    expect(listedLocation({ ...member, prefix: '' }, 'item', 0)).toBe('item 1');
  });
});

describe('Function: wholeFilePlace', () => {
  it('places a file that is one entry at the file itself', () => {
    // Assess
    expect(wholeFilePlace(member, 'html')).toEqual({
      format: 'html',
      location: 'entry export/day.jsonl',
      index: 0,
      archivePath: 'export/day.jsonl',
    });
  });
});
