/**
 * Where the entries a format reader finds sit, for `EntryEmitter.entry`:
 * their location for people (`line 3`, `entry a.zip, item 2`) and their
 * position, which stable ids are made from.
 */
import type { Format } from '../article.ts';
import type { EntryPlace, ReadContext } from '../types.ts';

/** What one entry of a listing file is called: a line or an item. */
export type EntryUnit = 'line' | 'item';

/** A file that is one entry: a page, a Markdown file, one JSON value. */
export function wholeFilePlace(ctx: ReadContext, format: Format): EntryPlace {
  return {
    format,
    location: ctx.location,
    index: 0,
    archivePath: ctx.archivePath,
  };
}

/** Entry `index` (from 0) of a file that lists many. */
export function listedPlace(
  ctx: ReadContext,
  format: Format,
  unit: EntryUnit,
  index: number
): EntryPlace {
  return {
    format,
    location: listedLocation(ctx, unit, index),
    index,
    archivePath: ctx.archivePath,
  };
}

/** Where entry `index` (from 0) is, for people: `line 3`, `item 3`. */
export function listedLocation(
  ctx: ReadContext,
  unit: EntryUnit,
  index: number
): string {
  return `${ctx.prefix}${unit} ${index + 1}`;
}
