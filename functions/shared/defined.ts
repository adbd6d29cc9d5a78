/**
 * Optional fields as this code base writes them: absent, never present and
 * `undefined`.
 *
 * Values read from S3, SQS or the environment are often missing; building
 * an object with `{ etag: response.ETag, ... }` and dropping the missing
 * ones after is shorter and clearer than a conditional spread per field,
 * and keeps `exactOptionalPropertyTypes` satisfied for types (the AWS SDK's,
 * CDK's, the core's) whose optional fields do not accept `undefined`.
 */

/**
 * `value` without its `undefined` fields.
 *
 * @example withoutUndefined({ a: 1, b: undefined }) // { a: 1 }
 */
export function withoutUndefined<T extends object>(
  value: {
    [K in keyof T]-?: T[K] | undefined;
  }
): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined)
  ) as T;
}
