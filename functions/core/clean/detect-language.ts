/**
 * detectLanguage: the article's language as an ISO 639-1 code.
 *
 * A language the source declared (metadata, `<html lang>`) is kept, reduced
 * to its primary subtag (`en-GB` → `en`). Otherwise it is detected in two
 * tiers:
 * 1. function words: the commonest words of sixteen Latin- and
 *    Cyrillic-script languages (`the`/`and`/`of`, `der`/`und`/`die`, …). When one language's words
 *    clearly outnumber every other's, it is the answer. This settles most
 *    news text.
 * 2. franc-min (trigram statistics, 82 languages) for everything else: other
 *    scripts, other languages, close calls such as Spanish/Portuguese. It is
 *    right more often but costs ~1 ms per article, which alone would cap
 *    plain-text throughput near 3 MB/s (tier 1 takes ~5 µs). franc-min
 *    does not know Danish or Norwegian (it says Swedish), so when their
 *    function words lead the language is left unset.
 * franc names ISO 639-3 codes; ICU's locale canonicalisation maps those that
 * have a two-letter code (`eng` → `en`), and a language without one is left
 * unset rather than invented.
 */
import { franc } from 'franc-min';
import type { CleanStep } from '../draft.ts';
import { withField } from '../draft.ts';

/** franc needs this many characters to be reliable. */
const MIN_DETECT_CHARS = 50;
/** franc's sample: trigram statistics settle well before this. */
const FRANC_SAMPLE_CHARS = 1500;
/** Function-word sample, in characters: some 130 words. */
const WORD_SAMPLE_CHARS = 800;
/**
 * Tier 1 answers only with at least this many function-word hits (a word
 * shared by n languages counts 1/n for each)…
 */
const MIN_FUNCTION_WORD_HITS = 10;
/** …and this many times the hits of the runner-up. */
const MIN_FUNCTION_WORD_MARGIN = 2.5;

/**
 * The most frequent function words of each language, chosen to be
 * distinctive: a word common to several languages counts for each of them
 * at a fraction, which narrows the margin, so close relatives fall through
 * to franc.
 */
const FUNCTION_WORDS: Readonly<Record<string, string>> = {
  en: 'the and of to in is that was for with on as by he it at from his have are be this which were has said not',
  de: 'der die und das ist nicht mit von den sich des auf für ein eine dem im auch wird wurde zu bei nach sie',
  fr: 'le la les des et est une un du dans que pour qui pas sur au avec il ce par sont été aux',
  es: 'el la los las de que y en del un una por con para es se su al lo como más fue ha',
  it: 'il la di che e per un una del della non con sono è le dei nel alla gli ha anche',
  pt: 'o a os as de que e do da em um uma para com não por dos das no na é ao foi',
  nl: 'de het een en van in is dat op te zijn met voor niet die aan er ook werd wordt',
  sv: 'och att det som en är av för med till den på har inte var om ett jag',
  da: 'og at det er en til af på for med som har den ikke var de et',
  nb: 'og at det er en til av på for med som har den ikke var de et',
  pl: 'i w nie na się z że do jest to o jak ale po od przez są',
  tr: 've bir bu da de için ile olarak çok daha olan gibi',
  id: 'yang dan di ini itu dengan untuk dari dalam tidak akan pada',
  ro: 'și de în la a cu care pe din că o un este fost',
  ru: 'и в не на что с по как это он из за к от для но о то же все бы мы его она был были также',
  uk: 'і в не на що з по як це він та до від для але про також його вона був були й',
};

/** The languages of the function-word lists. */
export const FUNCTION_WORD_LANGUAGES: readonly string[] =
  Object.keys(FUNCTION_WORDS);

/** Each word → the indexes in {@link FUNCTION_WORD_LANGUAGES} of the languages it belongs to. */
const WORD_LANGUAGES: ReadonlyMap<string, readonly number[]> = (() => {
  const map = new Map<string, number[]>();
  FUNCTION_WORD_LANGUAGES.forEach((language, index) => {
    for (const word of (FUNCTION_WORDS[language] as string).split(' ')) {
      map.set(word, [...(map.get(word) ?? []), index]);
    }
  });
  return map;
})();

/** The longest function word: a longer word is not looked up. */
const MAX_FUNCTION_WORD_CHARS = Math.max(
  ...[...WORD_LANGUAGES.keys()].map((word) => word.length)
);

/**
 * Whether a lower-cased UTF-16 code unit is a letter of the scripts of the
 * function-word lists (Latin, Cyrillic); everything else separates words.
 */
function isListLetter(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0xc0 && code <= 0x24f) ||
    (code >= 0x400 && code <= 0x4ff)
  );
}

/** The ISO 639-1 code for a BCP 47 or ISO 639-3 tag, if it has one. */
export function toIso6391(tag: string): string | undefined {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag.trim());
    const primary = canonical?.split('-')[0]?.toLowerCase();
    return primary && /^[a-z]{2}$/u.test(primary) ? primary : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Languages of the function-word lists that franc-min does not know (it
 * covers languages of 8 million speakers or more): it reads Danish and
 * Norwegian as Swedish.
 */
export const UNKNOWN_TO_FRANC: ReadonlySet<string> = new Set(['da', 'nb']);

/** The language with the most function-word hits, its hits and the next best's. */
interface Tally {
  readonly leader: string | undefined;
  readonly hits: number;
  readonly runnerUp: number;
}

/** Tier 1: the language whose function words clearly dominate, if any. */
function clearLeader({ leader, hits, runnerUp }: Tally): string | undefined {
  if (!leader || hits < MIN_FUNCTION_WORD_HITS) return undefined;
  // A tie leaves the runner-up equal to the leader: no clear winner.
  return hits >= runnerUp * MIN_FUNCTION_WORD_MARGIN ? leader : undefined;
}

function tallyFunctionWords(text: string): Tally {
  const hits = new Float64Array(FUNCTION_WORD_LANGUAGES.length);
  const sample = text.slice(0, WORD_SAMPLE_CHARS).toLowerCase();
  // Words are the runs of letters; only those short enough to be a
  // function word are cut out and looked up.
  let start = 0;
  for (let i = 0; i <= sample.length; i++) {
    if (i < sample.length && isListLetter(sample.charCodeAt(i))) continue;
    if (i > start && i - start <= MAX_FUNCTION_WORD_CHARS) {
      const languages = WORD_LANGUAGES.get(sample.slice(start, i)) ?? [];
      // A word shared by several languages is weaker evidence for each.
      for (const language of languages) {
        hits[language] = (hits[language] as number) + 1 / languages.length;
      }
    }
    start = i + 1;
  }
  let best = -1;
  let runnerUp = 0;
  hits.forEach((count, language) => {
    const top = best < 0 ? 0 : (hits[best] as number);
    if (count > top) {
      runnerUp = top;
      best = language;
    } else if (count > runnerUp) {
      runnerUp = count;
    }
  });
  return {
    leader: FUNCTION_WORD_LANGUAGES[best],
    hits: best < 0 ? 0 : (hits[best] as number),
    runnerUp,
  };
}

/** Guesses the language of `text`; undefined when too short or unsure. */
export function guessLanguage(text: string): string | undefined {
  if (text.length < MIN_DETECT_CHARS) return undefined;
  const tally = tallyFunctionWords(text);
  const quick = clearLeader(tally);
  if (quick) return quick;
  // Danish or Norwegian (they share function words): franc-min would say
  // Swedish. No language is better than a wrong one.
  if (
    tally.leader &&
    UNKNOWN_TO_FRANC.has(tally.leader) &&
    tally.hits >= MIN_FUNCTION_WORD_HITS
  ) {
    return undefined;
  }
  const code = franc(text.slice(0, FRANC_SAMPLE_CHARS), {
    minLength: MIN_DETECT_CHARS,
  });
  return code === 'und' ? undefined : toIso6391(code);
}

/** Clean step: set `language` from the declaration or the text. */
export const detectLanguage: CleanStep = (draft) => {
  const declared = draft.language ? toIso6391(draft.language) : undefined;
  if (declared) return withField(draft, 'language', declared);
  return withField(draft, 'language', guessLanguage(sampleOf(draft)));
};

/**
 * The start of the article's text, as much as the detectors read: joining
 * the whole body only to slice it would copy every article in full.
 */
function sampleOf(draft: Parameters<CleanStep>[0]): string {
  const parts: string[] = [];
  let length = 0;
  for (const part of [
    draft.title,
    draft.standfirst,
    ...draft.body.map((b) => b.text),
  ]) {
    if (!part) continue;
    parts.push(part);
    length += part.length + 1;
    if (length >= FRANC_SAMPLE_CHARS) break;
  }
  return parts.join('\n');
}
