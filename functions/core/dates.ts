/**
 * Dates as articles print them → ISO 8601.
 *
 * Two readers:
 * - ISO 8601 (`2023-09-14`, `2023-09-14T10:32:00+01:00`), the form of
 *   metadata and structured data;
 * - printed dates, read token by token so that word order does not matter:
 *   "Thursday 14 September 2023 10.17 BST", "September 14, 2023 at 4:17
 *   p.m. ET", "4:17 PM EDT, September 14, 2023", "Thu, 14 Sep 2023 10:32:00
 *   +0100" (RFC 2822), "14. September 2023, 10:32 Uhr", "14 septembre 2023
 *   à 10h32", "14.09.2023". Month and weekday names in English, French,
 *   German, Spanish, Italian, Portuguese and Dutch. Every token must be
 *   understood, so prose that merely contains a date is not a date.
 * A date with a time becomes a UTC timestamp (`2023-09-14T09:32:00Z`); a date
 * alone stays a calendar date (`2023-09-14`). A time without a zone is taken
 * as UTC: the page's zone is unknown, and a wrong hour is better than a
 * wrong day. Relative dates ("2 hours ago") and ambiguous slashed dates
 * (`09/10/2023`: September or October?) are not read; `23/08/2023` is.
 */

/** Month names and abbreviations, by month number. */
const MONTH_NAMES: readonly (readonly string[])[] = [
  [
    'jan',
    'january',
    'janvier',
    'janv',
    'januar',
    'jänner',
    'enero',
    'ene',
    'gennaio',
    'gen',
    'janeiro',
    'januari',
  ],
  [
    'feb',
    'february',
    'février',
    'févr',
    'fevrier',
    'februar',
    'febrero',
    'febbraio',
    'fevereiro',
    'fev',
    'februari',
  ],
  [
    'mar',
    'march',
    'mars',
    'märz',
    'maerz',
    'mär',
    'marzo',
    'março',
    'maart',
    'mrt',
  ],
  ['apr', 'april', 'avril', 'avr', 'abril', 'abr', 'aprile'],
  ['may', 'mai', 'mayo', 'maggio', 'mag', 'maio', 'mei'],
  ['jun', 'june', 'juin', 'juni', 'junio', 'giugno', 'giu', 'junho'],
  ['jul', 'july', 'juillet', 'juil', 'juli', 'julio', 'luglio', 'lug', 'julho'],
  ['aug', 'august', 'août', 'aout', 'agosto', 'ago', 'augustus'],
  [
    'sep',
    'sept',
    'september',
    'septembre',
    'septiembre',
    'settembre',
    'set',
    'setembro',
  ],
  [
    'oct',
    'october',
    'octobre',
    'oktober',
    'okt',
    'octubre',
    'ottobre',
    'ott',
    'outubro',
    'out',
  ],
  ['nov', 'november', 'novembre', 'noviembre', 'novembro'],
  [
    'dec',
    'december',
    'décembre',
    'déc',
    'decembre',
    'dezember',
    'dez',
    'diciembre',
    'dic',
    'dicembre',
    'dezembro',
  ],
];
const MONTHS: ReadonlyMap<string, number> = new Map(
  MONTH_NAMES.flatMap((names, i) => names.map((name) => [name, i + 1]))
);

/** Weekday names, and filler words that may sit between date parts. */
const IGNORED_WORDS: ReadonlySet<string> = new Set([
  'mon',
  'monday',
  'tue',
  'tues',
  'tuesday',
  'wed',
  'wednesday',
  'thu',
  'thur',
  'thurs',
  'thursday',
  'fri',
  'friday',
  'sat',
  'saturday',
  'sun',
  'sunday',
  'lundi',
  'mardi',
  'mercredi',
  'jeudi',
  'vendredi',
  'samedi',
  'dimanche',
  'montag',
  'dienstag',
  'mittwoch',
  'donnerstag',
  'freitag',
  'samstag',
  'sonntag',
  'lunes',
  'martes',
  'miércoles',
  'jueves',
  'viernes',
  'sábado',
  'domingo',
  'lunedì',
  'martedì',
  'mercoledì',
  'giovedì',
  'venerdì',
  'sabato',
  'domenica',
  'at',
  'on',
  'the',
  'of',
  'à',
  'a',
  'le',
  'de',
  'del',
  'am',
  'um',
  'uhr',
  '-',
  '–',
  '—',
  'el',
  'il',
  'às',
  'op',
  'om',
  'h',
]);

/**
 * Zone abbreviations, as offsets in minutes east of UTC. `ET`, `CT`, `MT`
 * and `PT` mean the US zone of the day: summer time from April to October
 * (March and November vary by year and are taken as standard time).
 */
const ZONES: ReadonlyMap<string, number> = new Map([
  ['UTC', 0],
  ['GMT', 0],
  ['Z', 0],
  ['UT', 0],
  ['BST', 60],
  ['IST', 60],
  ['WET', 0],
  ['WEST', 60],
  ['CET', 60],
  ['CEST', 120],
  ['MEZ', 60],
  ['MESZ', 120],
  ['EET', 120],
  ['EEST', 180],
  ['MSK', 180],
  ['EST', -300],
  ['EDT', -240],
  ['CST', -360],
  ['CDT', -300],
  ['MST', -420],
  ['MDT', -360],
  ['PST', -480],
  ['PDT', -420],
  ['AEST', 600],
  ['AEDT', 660],
  ['JST', 540],
  ['KST', 540],
  ['HKT', 480],
  ['SGT', 480],
]);
const US_ZONES: ReadonlyMap<string, number> = new Map([
  ['ET', -300],
  ['CT', -360],
  ['MT', -420],
  ['PT', -480],
]);

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/iu;
const YEAR = /^(\d{4})$/u;
const DAY = /^(\d{1,2})(?:st|nd|rd|th|er|e|\.|º)?$/iu;
const DOTTED_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/u;
/** `23/08/2023` or `08/23/2023`: read only when one part is over 12. */
const SLASHED_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/u;
const TIME =
  /^(\d{1,2})(?:[:.h](\d{2}))(?::(\d{2}))?(?:h|uhr)?([ap]\.?m\.?)?$/iu;
const HOUR_AMPM = /^(\d{1,2})([ap]\.?m\.?)$/iu;
const AMPM = /^([ap])\.?m\.?$/iu;
const NUMERIC_ZONE = /^(?:GMT|UTC)?([+-])(\d{1,2})(?::?(\d{2}))?$/iu;
const PUNCTUATION = /[,•·|()]/gu;
const HAS_DIGIT = /\d/;

interface Parts {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  offset?: number;
}

/**
 * Parses a printed date into ISO 8601, or returns undefined.
 *
 * @example
 * ```ts
 * parseDate('Thursday 14 September 2023 10.17 BST'); // '2023-09-14T09:17:00Z'
 * parseDate('Sep 14, 2023'); // '2023-09-14'
 * parseDate('2 hours ago'); // undefined
 * ```
 */
export function parseDate(input: string): string | undefined {
  const text = input.trim();
  // Every form this reads has a year: no digit, no date.
  if (!HAS_DIGIT.test(text)) return undefined;
  const iso = text.match(ISO);
  if (iso) return fromIso(iso);
  const parts = readTokens(text.replace(PUNCTUATION, ' ').split(/\s+/u));
  return parts ? build(parts) : undefined;
}

function fromIso(match: RegExpMatchArray): string | undefined {
  const [, y, mo, d, h, mi, s, zone] = match;
  const parts: Parts = { year: num(y), month: num(mo), day: num(d) };
  if (h !== undefined) {
    parts.hour = num(h);
    parts.minute = num(mi);
    parts.second = s === undefined ? 0 : num(s);
    const offset = zone ? zoneOffset(zone, parts.month ?? 0) : 0;
    if (offset === undefined) return undefined;
    parts.offset = offset;
  }
  return build(parts);
}

/** Reads every token into `Parts`; undefined if one is not a date part. */
function readTokens(tokens: readonly string[]): Parts | undefined {
  const parts: Parts = {};
  const words = tokens.filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const token = words[i] as string;
    const lower = token.toLowerCase().replace(/\.$/u, '');
    if (IGNORED_WORDS.has(lower)) continue;
    const next = words[i + 1];
    const nextIsAmPm = next !== undefined && AMPM.test(next);
    const month = MONTHS.get(lower);
    const year = token.match(YEAR);
    const numeric = numericDate(token);
    const time = token.match(TIME);
    const hourAmPm = token.match(HOUR_AMPM);
    const day = token.match(DAY);
    const noTime = parts.hour === undefined;
    if (month !== undefined && parts.month === undefined) {
      parts.month = month;
    } else if (year && parts.year === undefined) {
      parts.year = num(year[1]);
    } else if (numeric && parts.day === undefined) {
      [parts.day, parts.month, parts.year] = numeric;
    } else if (time && noTime) {
      // "4:17 pm": the am/pm may be the next token.
      const ampm = time[4] ?? (nextIsAmPm ? next : undefined);
      if (!time[4] && ampm) i++;
      if (!setTime(parts, num(time[1]), num(time[2]), time[3], ampm)) {
        return undefined;
      }
    } else if (hourAmPm && noTime) {
      if (!setTime(parts, num(hourAmPm[1]), 0, undefined, hourAmPm[2])) {
        return undefined;
      }
    } else if (day && nextIsAmPm && noTime) {
      i++;
      if (!setTime(parts, num(day[1]), 0, undefined, next)) return undefined;
    } else if (day && parts.day === undefined) {
      parts.day = num(day[1]);
    } else if (!noTime && parts.offset === undefined) {
      const offset = zoneOffset(token, parts.month ?? 0);
      if (offset === undefined) return undefined;
      parts.offset = offset;
    } else {
      return undefined;
    }
  }
  return parts;
}

/**
 * A numeric date as [day, month, year]: `14.09.2023` is always day first;
 * a slashed one only when unambiguous (the part over 12 is the day), so
 * `09/10/2023` (September or October?) gives undefined.
 */
function numericDate(token: string): [number, number, number] | undefined {
  const dotted = token.match(DOTTED_DATE);
  if (dotted) return [num(dotted[1]), num(dotted[2]), num(dotted[3])];
  const slashed = token.match(SLASHED_DATE);
  if (!slashed) return undefined;
  const [a, b, year] = [num(slashed[1]), num(slashed[2]), num(slashed[3])];
  if (a > 12 && b <= 12) return [a, b, year];
  if (b > 12 && a <= 12) return [b, a, year];
  return undefined;
}

function setTime(
  parts: Parts,
  hour: number,
  minute: number,
  second: string | undefined,
  ampm: string | undefined
): boolean {
  let h = hour;
  if (ampm) {
    if (h < 1 || h > 12) return false;
    h = (h % 12) + (ampm.toLowerCase().startsWith('p') ? 12 : 0);
  }
  parts.hour = h;
  parts.minute = minute;
  parts.second = second === undefined ? 0 : num(second);
  return true;
}

function build(parts: Parts): string | undefined {
  const { year, month, day } = parts;
  if (year === undefined || month === undefined || day === undefined) {
    return undefined;
  }
  if (!validDate(year, month, day)) return undefined;
  const date = `${year}-${pad(month)}-${pad(day)}`;
  const { hour, minute = 0, second = 0, offset = 0 } = parts;
  if (hour === undefined) return date;
  if (hour > 23 || minute > 59 || second > 59) return date;
  const utc =
    Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000;
  return new Date(utc).toISOString().replace('.000Z', 'Z');
}

/** Minutes east of UTC for a zone token; undefined for an unknown token. */
function zoneOffset(token: string, month: number): number | undefined {
  const numeric = token.match(NUMERIC_ZONE);
  if (numeric) {
    const minutes = num(numeric[2]) * 60 + (numeric[3] ? num(numeric[3]) : 0);
    if (minutes > 14 * 60) return undefined;
    return numeric[1] === '-' ? -minutes : minutes;
  }
  const fixed = ZONES.get(token);
  if (fixed !== undefined) return fixed;
  const us = US_ZONES.get(token);
  if (us === undefined) return undefined;
  const summer = month >= 4 && month <= 10;
  return us + (summer ? 60 : 0);
}

function validDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1) {
    return false;
  }
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function num(text: string | undefined): number {
  return Number.parseInt(text ?? '', 10);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
