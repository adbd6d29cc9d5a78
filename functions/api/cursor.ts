/**
 * Listing cursors: opaque to clients, tamper-evident, bound to their query.
 *
 * A cursor is `<payload>.<tag>`, both base64url:
 * - payload: JSON `{"a": <position>}`, where the position is the store's
 *   (the sort key of the next page's first item);
 * - tag: HMAC-SHA256, truncated to 128 bits, keyed with the cursor secret,
 *   over a version label, the payload and the query's *scope* (which
 *   listing, and its filters, normalised; not `limit`, which may change
 *   between pages).
 * A cursor that was altered, made up, or issued for other filters fails the
 * tag check and is a 400, so it can neither reach DynamoDB as a malformed
 * start key (a 500) nor silently run as another query. The position is not
 * secret (an article's date and id, a file's upload time and key), so it is
 * not encrypted.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidCursorError } from './errors.ts';

/**
 * Bumped if the payload or the scope's form changes; old cursors then fail
 * as foreign. (v2: the scope names its listing.)
 */
const CURSOR_VERSION = 'dropwire-cursor-v2';
/** Tag length in bytes: 128 bits. */
const TAG_BYTES = 16;

/**
 * The listing a cursor belongs to and its filters, normalised: e.g.
 * `{ listing: 'articles', publisher: 'reuters', from: undefined, … }`.
 * An absent filter and an undefined one are the same scope.
 */
export interface CursorScope {
  readonly listing: string;
  readonly [filter: string]: string | undefined;
}

/** Signs and checks cursors with one secret. */
export class CursorCodec {
  readonly #secret: string;

  public constructor(secret: string) {
    this.#secret = secret;
  }

  /** A cursor for `position` within the listing `scope`. */
  public encode(position: string, scope: CursorScope): string {
    const payload = Buffer.from(JSON.stringify({ a: position })).toString(
      'base64url'
    );
    return `${payload}.${this.#tag(payload, scope).toString('base64url')}`;
  }

  /**
   * The position a cursor holds.
   *
   * @throws InvalidCursorError if the cursor was not issued for `scope`
   */
  public decode(cursor: string, scope: CursorScope): string {
    const [payload = '', tag = '', ...rest] = cursor.split('.');
    const given = Buffer.from(tag, 'base64url');
    const expected = this.#tag(payload, scope);
    if (
      rest.length > 0 ||
      given.length !== expected.length ||
      !timingSafeEqual(given, expected)
    ) {
      throw new InvalidCursorError(
        'cursor was altered, or belongs to another listing or to other filters; expected the nextCursor of a previous page of this listing, with the same filters'
      );
    }
    const position = (
      JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
        a?: unknown;
      }
    ).a;
    // Only a cursor signed with our secret gets here: a bad payload is a bug.
    if (typeof position !== 'string') {
      throw new Error(`signed cursor holds no position: ${payload}`);
    }
    return position;
  }

  /**
   * The body of a listing page: its items, and the cursor of the next
   * page (`null` on the last).
   */
  public page<T>(
    page: { readonly items: readonly T[]; readonly next?: string | undefined },
    scope: CursorScope
  ): { items: readonly T[]; nextCursor: string | null } {
    return {
      items: page.items,
      nextCursor:
        page.next === undefined ? null : this.encode(page.next, scope),
    };
  }

  #tag(payload: string, scope: CursorScope): Buffer {
    // Sorted names, undefined left out: one text per scope, whatever the
    // order its filters were written in.
    const scopeText = JSON.stringify(
      Object.keys(scope)
        .filter((name) => scope[name] !== undefined)
        .sort()
        .map((name) => [name, scope[name]])
    );
    return createHmac('sha256', this.#secret)
      .update(`${CURSOR_VERSION}\n${payload}\n${scopeText}`)
      .digest()
      .subarray(0, TAG_BYTES);
  }
}
