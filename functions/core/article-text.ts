/**
 * The parts of the Article contract that need no schema: the fields a
 * listing shows and an article's plain text.
 *
 * They live apart from `article.ts` (which re-exports them) because the
 * store uses them on every request, and `article.ts` builds the zod
 * schemas when it loads: the ingest function's cold start, which never
 * validates an article before its first file, then loads no zod at all
 * (bench:bundles).
 */
/**
 * The fields of an article a listing shows, in the order the read API
 * documents them. The table's indexes project them (see
 * `functions/store/table.ts`), so a listing page never reads whole articles.
 */
export const SUMMARY_FIELDS = [
  'id',
  'title',
  'standfirst',
  'publisher',
  'authors',
  'publishedAt',
  'url',
  'language',
  'wordCount',
] as const;

/** The parts of an article (or draft) its plain text is made of. */
export interface TextParts {
  readonly standfirst?: string | undefined;
  readonly body: readonly { readonly text: string }[];
}

/** An article's plain text: standfirst and body blocks, blank-line separated. */
export function renderText(draft: TextParts): string {
  return [draft.standfirst, ...draft.body.map((block) => block.text)]
    .filter(Boolean)
    .join('\n\n');
}
