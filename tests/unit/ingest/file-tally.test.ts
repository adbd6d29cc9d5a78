/**
 * The tally of one file's entries: counts that add up, the first problems
 * and article ids, and the same tally again after a continuation.
 */
import { describe, expect, it } from 'vitest';
import {
  countsAdded,
  EMPTY_TALLY,
  FileTally,
  MAX_PROBLEM_TEXT_CHARS,
} from '../../../functions/ingest/file-tally.ts';
import {
  MAX_LISTED_ARTICLE_IDS,
  MAX_LISTED_PROBLEMS,
} from '../../../functions/store/file-record.ts';

const MALFORMED = { code: 'malformed', message: 'not JSON' } as const;

describe('Class: FileTally', () => {
  it('counts unchanged entries in found, lists their ids, and carries them over a continuation', () => {
    // Prepare
    const tally = new FileTally();
    tally.unchanged('a');
    tally.stored('b');

    // Act
    const resumed = new FileTally(tally.toTally('jsonl'));
    resumed.unchanged('c');

    // Assess
    expect(tally.counts).toEqual({
      found: 2,
      stored: 1,
      duplicate: 0,
      unchanged: 1,
      rejected: 0,
    });
    expect(resumed.counts).toMatchObject({ found: 3, unchanged: 2 });
    expect(resumed.articleIds).toEqual(['a', 'b', 'c']);
    expect(countsAdded(resumed.counts, tally.counts)).toEqual({
      found: 1,
      stored: 0,
      duplicate: 0,
      unchanged: 1,
      rejected: 0,
    });
    const onlyUnchanged = new FileTally();
    onlyUnchanged.unchanged('d');
    expect(onlyUnchanged.savedAny).toBe(true);
    expect(new FileTally().counts).not.toHaveProperty('unchanged');
  });

  it('counts each entry once, so found is stored + duplicate + rejected', () => {
    // Prepare
    const tally = new FileTally();

    // Act
    tally.stored('a');
    tally.stored('b');
    tally.duplicate('c');
    tally.rejected('line 4', MALFORMED);

    // Assess
    expect(tally.counts).toEqual({
      found: 4,
      stored: 2,
      duplicate: 1,
      rejected: 1,
    });
    expect(tally.articleIds).toEqual(['a', 'b', 'c']);
    expect(tally.problems).toEqual([
      { location: 'line 4', code: 'malformed', message: 'not JSON' },
    ]);
    expect(tally.savedAny).toBe(true);
  });

  it('has saved nothing while every entry is rejected', () => {
    // Prepare
    const tally = new FileTally();

    // Act
    tally.rejected('line 1', MALFORMED);

    // Assess
    expect(tally.savedAny).toBe(false);
    expect(tally.counts.found).toBe(1);
  });

  it('counts the problems the core did not list', () => {
    // Prepare
    const tally = new FileTally();
    tally.rejected('line 1', MALFORMED);

    // Act
    tally.rejectedUnlisted(199_900);

    // Assess
    expect(tally.counts).toEqual({
      found: 199_901,
      stored: 0,
      duplicate: 0,
      rejected: 199_901,
    });
    expect(tally.problems).toHaveLength(1);
  });

  it('lists an article id once, however many entries it holds', () => {
    // Prepare
    const tally = new FileTally();

    // Act
    tally.stored('a');
    tally.duplicate('a');

    // Assess
    expect(tally.articleIds).toEqual(['a']);
    expect(tally.counts).toMatchObject({ stored: 1, duplicate: 1 });
  });

  it('lists only the first problems and ids, and counts them all', () => {
    // Prepare
    const tally = new FileTally();
    const extra = 5;

    // Act
    for (let i = 0; i < MAX_LISTED_PROBLEMS + extra; i++) {
      tally.rejected(`line ${i + 1}`, MALFORMED);
    }
    for (let i = 0; i < MAX_LISTED_ARTICLE_IDS + extra; i++) {
      tally.stored(`id-${i}`);
    }

    // Assess
    expect(tally.problems).toHaveLength(MAX_LISTED_PROBLEMS);
    expect(tally.problems[0]?.location).toBe('line 1');
    expect(tally.articleIds).toHaveLength(MAX_LISTED_ARTICLE_IDS);
    expect(tally.counts).toMatchObject({
      rejected: MAX_LISTED_PROBLEMS + extra,
      stored: MAX_LISTED_ARTICLE_IDS + extra,
    });
  });

  it('goes on from the tally of an earlier invocation, without changing it', () => {
    // Prepare
    const first = new FileTally();
    first.stored('a');
    first.rejected('line 2', MALFORMED);
    const carried = first.toTally('jsonl');

    // Act
    const second = new FileTally(JSON.parse(JSON.stringify(carried)));
    second.stored('b');

    // Assess
    expect(carried).toEqual({
      counts: { found: 2, stored: 1, duplicate: 0, rejected: 1 },
      problems: [
        { location: 'line 2', code: 'malformed', message: 'not JSON' },
      ],
      articleIds: ['a'],
      format: 'jsonl',
    });
    expect(second.counts).toEqual({
      found: 3,
      stored: 2,
      duplicate: 0,
      rejected: 1,
    });
    expect(second.articleIds).toEqual(['a', 'b']);
    expect(countsAdded(second.counts, carried.counts)).toEqual({
      found: 1,
      stored: 1,
      duplicate: 0,
      rejected: 0,
    });
  });

  it('recomputes found from the other counts of a carried tally', () => {
    // Prepare: counts as a continuation written before found was a sum.
    const carried = {
      ...EMPTY_TALLY,
      counts: { found: 9, stored: 2, duplicate: 1, rejected: 1 },
    };

    // Act
    const tally = new FileTally(carried);

    // Assess
    expect(tally.counts.found).toBe(4);
  });

  it('carries no format until the format is known', () => {
    // Act
    const carried = JSON.parse(
      JSON.stringify(new FileTally().toTally(undefined))
    );

    // Assess
    expect(carried).toStrictEqual(EMPTY_TALLY);
  });

  it("cuts a problem's long location and message, so twenty fit in a file record", () => {
    // Prepare: a zip entry's path may be 65,535 bytes.
    const tally = new FileTally();
    const path = 'n'.repeat(60_000);

    // Act
    tally.rejected(`entry ${path}, line 1`, {
      code: 'malformed',
      message: `entry ${path} is not JSON`,
    });

    // Assess
    const [problem] = tally.problems;
    expect(problem?.location).toHaveLength(MAX_PROBLEM_TEXT_CHARS);
    expect(problem?.location.endsWith('…')).toBe(true);
    expect(problem?.message).toHaveLength(MAX_PROBLEM_TEXT_CHARS);
  });
});
