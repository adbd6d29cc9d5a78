/**
 * DynamoDB item sizes, computed the way DynamoDB counts them.
 *
 * An item is limited to 400 KB, counting attribute names and values:
 * strings and binaries by their bytes, numbers by about one byte per two
 * significant digits plus one, booleans and nulls one byte, and three bytes
 * of overhead plus one byte per element for lists and maps. See
 * "Item sizes and formats" in the DynamoDB developer guide.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

const utf8 = new TextEncoder();

/** Size of an item in bytes, as DynamoDB counts it against the 400 KB limit. */
export function itemSizeBytes(item: Record<string, AttributeValue>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    size += utf8.encode(name).length + valueSize(value);
  }
  return size;
}

function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8.encode(value.S).length;
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.length;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined) {
    return value.L.reduce((sum, element) => sum + 1 + valueSize(element), 3);
  }
  if (value.M !== undefined)
    return 3 + itemSizeBytes(value.M) + Object.keys(value.M).length;
  if (value.SS !== undefined)
    return value.SS.reduce((s, v) => s + utf8.encode(v).length, 0);
  if (value.NS !== undefined)
    return value.NS.reduce((s, v) => s + numberSize(v), 0);
  if (value.BS !== undefined) return value.BS.reduce((s, v) => s + v.length, 0);
  return 0;
}

function numberSize(text: string): number {
  const digits = text.replace(/^[-+]?0*|[.eE].*$|\./gu, '').length || 1;
  return Math.ceil(digits / 2) + 1;
}
