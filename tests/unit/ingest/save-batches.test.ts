import { describe, expect, it } from 'vitest';
import type { Article } from '../../../functions/core/index.ts';
import { inPool, saveWaves } from '../../../functions/ingest/save-batches.ts';
import type { SaveRequest } from '../../../functions/store/article-store.ts';

/** A request for an article with id `id` and text hash `hash`. */
function request(id: string, hash = `h-${id}`, chars = 100): SaveRequest {
  return {
    article: {
      id,
      contentHash: hash,
      text: 'x'.repeat(chars),
    } as unknown as Article,
    source: { bucket: 'b', key: 'k', sequencer: 'S' },
  };
}

const ids = (waves: SaveRequest[][][]) =>
  waves.map((wave) => wave.map((group) => group.map((r) => r.article.id)));

describe('Function: saveWaves', () => {
  it('puts independent saves in one wave, 25 to a group, in file order', () => {
    // Prepare
    const requests = Array.from({ length: 60 }, (_, i) => request(`a${i}`));

    // Act
    const waves = saveWaves(requests);

    // Assess
    expect(waves).toHaveLength(1);
    expect(waves[0]?.map((group) => group.length)).toEqual([25, 25, 10]);
    expect(waves.flat(2).map((r) => r.article.id)).toEqual(
      requests.map((r) => r.article.id)
    );
  });

  it('puts a second save of one id or one text in a later wave than the first', () => {
    // Prepare: b repeats a's text, a appears twice, c is independent.
    const requests = [
      request('a', 'h1'),
      request('b', 'h1'),
      request('a', 'h2'),
      request('c', 'h3'),
      request('d', 'h1'),
    ];

    // Act
    const waves = saveWaves(requests);

    // Assess: each after the last wave holding its id or its text.
    expect(ids(waves)).toEqual([[['a', 'c']], [['b', 'a']], [['d']]]);
  });

  it('starts a new group past a million estimated bytes', () => {
    // Prepare: each item is estimated at 2 × 300,000 + 1,024 bytes.
    const requests = ['a', 'b', 'c'].map((id) => request(id, id, 300_000));

    // Act
    const waves = saveWaves(requests);

    // Assess
    expect(ids(waves)).toEqual([[['a'], ['b'], ['c']]]);
  });
});

describe('Function: inPool', () => {
  it('runs at most `limit` tasks at once and keeps the results in order', async () => {
    // Prepare
    let running = 0;
    let most = 0;
    const tasks = Array.from({ length: 10 }, (_, i) => async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 10 - i));
      running--;
      return i;
    });

    // Act
    const results = await inPool(tasks, 3);

    // Assess
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(3);
  });

  it('throws the first failure once the tasks it started have settled', async () => {
    // Prepare
    const settled: number[] = [];
    const tasks = [0, 1, 2].map((i) => async () => {
      await new Promise((resolve) => setTimeout(resolve, i * 5));
      settled.push(i);
      if (i === 0) throw new Error('task 0 failed');
      return i;
    });

    // Act
    const run = inPool(tasks, 3);

    // Assess
    await expect(run).rejects.toThrow('task 0 failed');
    expect(settled).toEqual([0, 1, 2]);
  });
});
