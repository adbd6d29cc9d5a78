/**
 * Listing cursors: opaque to clients, tamper-evident, bound to their query.
 *
 * A cursor is `<payload>.<tag>`, both base64url:
 * - payload: the UTF-8 bytes of the position, which is the store's (a
 *   sort key: of the next page's first item, or of the last item read).
 *   Raw bytes, not JSON, so a cursor's length follows the sort key's
 *   bytes alone: a key of control characters or quotes (legal in S3)
 *   would have been six times longer escaped in JSON;
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
import { MAX_SORT_KEY_BYTES } from '../store/table.ts';
import { InvalidCursorError } from './errors.ts';

/**
 * Bumped if the payload or the scope's form changes; old cursors then fail
 * as foreign. (v2: the scope names its listing; v3: the payload is the
 * position's bytes, not JSON.)
 */
const CURSOR_VERSION = 'dropwire-cursor-v3';
/** Tag length in bytes: 128 bits. */
const TAG_BYTES = 16;

/** Characters of base64url (unpadded) for `bytes` bytes. */
function base64urlChars(bytes: number): number {
  return Math.ceil((bytes * 4) / 3);
}

/**
 * The longest cursor the API issues, in characters: a position is a sort
 * key, at most 1,024 bytes (DynamoDB's limit, which `boundedKey` keeps
 * every key within), then `.` and the tag. 1,389 characters; a file
 * listing's position is `<uploaded>#<object key>`, so a page ending at a
 * key near S3's 1,024 bytes needs nearly all of it.
 */
export const MAX_CURSOR_CHARS =
  base64urlChars(MAX_SORT_KEY_BYTES) + 1 + base64urlChars(TAG_BYTES);

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
    const payload = Buffer.from(position, 'utf8').toString('base64url');
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
    // Only a cursor signed with our secret gets here: it holds a position.
    return Buffer.from(payload, 'base64url').toString('utf8');
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
