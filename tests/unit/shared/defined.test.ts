/**
 * Optional fields left out rather than present and undefined.
 */
import { describe, expect, it } from 'vitest';
import { withoutUndefined } from '../../../functions/shared/defined.ts';

describe('Function: withoutUndefined', () => {
  it('drops undefined fields and keeps every other value, falsy ones too', () => {
    // Act
    const value = withoutUndefined<{
      a?: number;
      b?: string;
      c?: null;
      d?: boolean;
      e?: string;
    }>({ a: 0, b: '', c: null, d: false, e: undefined });

    // Assess
    expect(value).toStrictEqual({ a: 0, b: '', c: null, d: false });
    expect('e' in value).toBe(false);
  });
});
