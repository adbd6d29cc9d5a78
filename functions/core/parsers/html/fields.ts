/**
 * Small helpers for the short text fields of page metadata.
 */

/** White space runs, for tidying short fields. */
const SPACES = /\s+/g;

/** Collapses white space and trims; undefined for nothing. */
export function tidy(value: string | undefined): string | undefined {
  const text = value?.replace(SPACES, ' ').trim();
  return text || undefined;
}

/**
 * The object without its undefined fields: optional fields are absent,
 * never `undefined` (exactOptionalPropertyTypes).
 */
export function dropEmpty<T>(
  value: {
    [K in keyof T]-?: T[K] | undefined;
  }
): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined)
  ) as T;
}
