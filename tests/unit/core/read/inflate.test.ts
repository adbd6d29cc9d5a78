import { describe, expect, it } from 'vitest';
import { InputRejectedError } from '../../../../functions/core/errors.ts';
import {
  INFLATE_SLICE_BYTES,
  inflateChunk,
  inflateEnd,
  inflateOrReject,
} from '../../../../functions/core/read/inflate.ts';
import { thrownRejection } from '../helpers.ts';

describe('Function: inflateOrReject', () => {
  it('calls a decompressor fault corrupt data, naming the container', () => {
    // Act
    const rejection = thrownRejection(() =>
      inflateOrReject('zip', () => {
        throw new Error('invalid block type');
      })
    );

    // Assess
    expect(rejection).toEqual({
      code: 'corrupt-archive',
      message: 'zip data is corrupt or truncated: invalid block type',
    });
  });

  it('lets a rejection raised inside the push through as it is', () => {
    // Act
    const rejection = thrownRejection(() =>
      inflateOrReject('gzip', () => {
        throw new InputRejectedError('too-large', 'past the limit');
      })
    );

    // Assess
    expect(rejection).toEqual({ code: 'too-large', message: 'past the limit' });
  });
});

describe('Function: inflateChunk', () => {
  it('pushes a chunk in slices of at most INFLATE_SLICE_BYTES, then the end', () => {
    // Prepare
    const pushes: [number, boolean][] = [];
    const push = (slice: Uint8Array, final: boolean) => {
      pushes.push([slice.length, final]);
    };

    // Act
    inflateChunk('gzip', new Uint8Array(INFLATE_SLICE_BYTES * 2 + 5), push);
    inflateChunk('gzip', new Uint8Array(0), push);
    inflateEnd('gzip', push);

    // Assess
    expect(pushes).toEqual([
      [INFLATE_SLICE_BYTES, false],
      [INFLATE_SLICE_BYTES, false],
      [5, false],
      [0, true],
    ]);
  });
});
