/**
 * Bylines: the author names a printed byline gives.
 *
 * Forms: "By Jane Smith", "By Jane Smith and John Doe", "By Jane Smith,
 * Political Editor", "By Sophia Yan in Taipei", "Words by …", "Author: …",
 * "Richard Adams Education editor", and the wire-service credit
 * "Reporting by Jane Smith; Editing by John Doe" (reporters and writers
 * are authors, editors are not). A line whose names do not look like
 * names ("By the end of the year") is no byline.
 *
 * Neutral ground: the `extractByline` clean step reads bylines in a
 * draft's body, and the HTML parser reads them in byline markup, both
 * with this grammar.
 */

/** "By …", "Words by …", "Author: …", and "Par/Von/Por/Di/Door …". */
const BYLINE =
  /^(?:by|words by|written by|story by|text by|authors?:|writers?:|reporters?:|par|von|por|di|door)\s+(.+?)\.?$/iu;
const WIRE_CREDIT = /^(?:(?:additional )?reporting|writing|written)\s+by\s/iu;
/** Credit clauses that name authors; editing and graphics do not. */
const AUTHOR_CLAUSE = /^(?:reporting|writing|written)\s+by\s+(.+)$/iu;
const NAME_SEPARATOR = /\s*(?:,|;|\band\b|&|\bwith\b)\s*/u;
/** "Jane Smith in Taipei", "Jane Smith - Political Editor". */
const NAME_TAIL = /\s+(?:in|at|from)\s+[\p{Lu}][\p{L}\s.'’-]*$|\s+[-–—]\s+.*$/u;
/** One name: capitalised words, with the usual particles, or an agency. */
const NAME =
  /^(?:(?:Dr|Prof|Sir|Dame|Mr|Mrs|Ms|Rev)\.?\s+)?[\p{Lu}][\p{L}\p{M}'’.-]*(?:\s+(?:[\p{Lu}][\p{L}\p{M}'’.-]*|de|da|del|della|der|den|van|von|la|le|bin|al|el|y|du|dos|ter))*$/u;
const MAX_NAME_WORDS = 5;
/** Words that make a comma part a job title, not a name. */
const ROLE_WORDS =
  /\b(?:correspondent|editor|reporter|writer|staff|contributor|columnist|chief|senior|deputy|political|business|economics|health|science|technology|sports?|culture|news|desk|bureau|team|agency)\b/iu;

/** Names printed in capitals ("ZEKE MILLER", as AP does) in title case. */
function titleCase(name: string): string {
  if (name !== name.toUpperCase() || name.length <= 4) return name;
  return name
    .toLowerCase()
    .replace(/(^|[\s'’-])(\p{L})/gu, (_, lead, c) => lead + c.toUpperCase());
}

/** The author names in a byline's name list. */
function namesIn(list: string): string[] {
  return list
    .split(NAME_SEPARATOR)
    .map((part) => part.replace(NAME_TAIL, '').trim())
    .filter(
      (part) =>
        NAME.test(part) &&
        part.split(/\s+/u).length <= MAX_NAME_WORDS &&
        !ROLE_WORDS.test(part)
    )
    .map(titleCase);
}

/**
 * "Richard Adams Education editor": a two-word name, then a job title
 * ending in a newsroom role noun, with no "By".
 */
const ROLE_BYLINE =
  /^([\p{Lu}][\p{L}'’-]+ [\p{Lu}][\p{L}'’-]+)(?: [\p{Lu}\p{Ll}][\p{L}-]+){0,3} (?:[Ee]ditor|[Cc]orrespondent|[Rr]eporter|[Ww]riter|[Cc]olumnist|[Cc]ommentator|[Cc]ritic|[Aa]nalyst|[Jj]ournalist|[Cc]ontributor)$/u;

/**
 * What every byline form starts with, or (role bylines) ends with: a
 * pre-filter for the patterns above. Keep it in step with them: a form
 * whose first word or role noun is missing here is never matched.
 */
const BYLINE_START =
  /^(?:by|words|written|story|text|authors?|writers?|reporters?|par|von|por|di|door|reporting|writing|additional)\b/i;
const ROLE_END =
  /(?:editor|correspondent|reporter|writer|columnist|commentator|critic|analyst|journalist|contributor)$/i;
/** The longest role noun: the end test reads only this much of a line. */
const ROLE_END_CHARS = 'correspondent'.length;

/** The authors a meta-line part names, or undefined if it is no byline. */
export function bylineAuthors(part: string): string[] | undefined {
  // Every form starts with one of a few words or ends in a role noun: a
  // cheap test that spares most meta lines the Unicode name patterns.
  if (!BYLINE_START.test(part) && !ROLE_END.test(part.slice(-ROLE_END_CHARS))) {
    return undefined;
  }
  const role = part.match(ROLE_BYLINE)?.[1];
  if (role) return [role];
  if (WIRE_CREDIT.test(part)) {
    const names = part
      .split(/\s*;\s*/u)
      .flatMap((clause) => namesIn(clause.match(AUTHOR_CLAUSE)?.[1] ?? ''));
    return names;
  }
  const list = part.match(BYLINE)?.[1];
  if (!list) return undefined;
  const names = namesIn(list);
  return names.length > 0 ? names : undefined;
}
