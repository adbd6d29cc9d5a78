/**
 * liftImages: captions and photo credits out of the body, into `images`.
 *
 * Scraped text keeps an image's caption as a line of its own, often twice:
 * the bare caption, then the caption with its credit ("… Cosmodrome – STR/
 * KCNA VIA KNS/AFP via Getty Images"). Both lines are one image. A caption
 * line is recognised by its credit, never by its position, in the forms
 * agencies and outlets print:
 * - `caption – CREDIT` / `caption | CREDIT` (dash or bar, then a credit);
 * - `caption. Photograph: Name/Agency` (Photo/Picture/Image/Credit prefix);
 * - `caption (Photo: Agency)`, `caption (AP Photo/Name)`, `caption (Name/PA)`;
 * - `caption. REUTERS/Name` (an agency's slash credit).
 * A credit is short and names an agency or says it is a credit, see
 * `CREDIT_KEYWORDS`; an uppercase slash credit (`STR/AFP`) counts too.
 */
import type { Block, CleanStep, Image } from '../draft.ts';
import { comparisonKey, countWords } from '../text.ts';
import {
  CREDIT_KEYWORDS,
  MAX_CAPTION_WORDS,
  MAX_CREDIT_WORDS,
} from './rules.ts';

/** Caption forms: the caption in group 1, the credit in group 2 (or 3). */
const CAPTION_FORMS: readonly CaptionForm[] = [
  // A label says the rest is a credit: any short credit will do.
  {
    labelled: true,
    pattern:
      /^(.+?[.!?"”’)]?)\s+(?:Photograph|Photo|Picture|Image|Credit|Photo credit|Image credit)s?:\s*(.+?)\.?$/u,
  },
  {
    labelled: true,
    pattern:
      /^(.+?)\s*\((?:(?:Photograph|Photo|Picture|Image|Credit)s?:\s*([^()]+)|(AP Photo\/[^()]+))\)\.?$/u,
  },
  // Unlabelled: the credit must name an agency or look like one.
  {
    labelled: false,
    pattern: /^(.+?)\s*\(([\p{L}\p{M} .'’-]+\/[\p{L}\p{M} .&'’-]+)\)\.?$/u,
  },
  {
    labelled: false,
    pattern:
      /^(.+?[.!?"”’])\s+((?:REUTERS|AP|AFP|EPA|PA|EPA-EFE)(?:\/[\p{L}][\p{L}\p{M} .'’-]*)+)$/u,
  },
  // Greedy caption: split at the last separator, the caption may have dashes.
  { labelled: false, pattern: /^(.+)\s+[–—|]\s+(.+?)\.?$/u },
  { labelled: false, pattern: /^(.+)\s+-\s+(.+?)\.?$/u },
];

/** A caption line's form, and whether a label vouches for its credit. */
interface CaptionForm {
  readonly pattern: RegExp;
  readonly labelled: boolean;
}

/**
 * How much of a line's end can hold its credit: {@link MAX_CREDIT_WORDS}
 * words and a separator.
 */
const CREDIT_TAIL_CHARS = 120;

/**
 * An uppercase agency-style credit, like `STR/KCNA VIA KNS/AFP`: it opens
 * with a letter, and a name of two letters or more follows the slash. A
 * figure with a unit (`0.098 GB/s`, `120 km/h`), as a data table's last
 * cell prints it, is no credit: the row is data, not a caption.
 */
const SLASH_CREDIT =
  /^\p{Lu}[\p{Lu}\d .&'’-]*\/[\p{L}][\p{Lu}\p{L}\d .&'’/-]+$/u;

/** "Image caption: …" lines, as some scrapers emit them. */
const LABELLED_CAPTION =
  /^(?:image caption|caption|photo caption)\s*[:,]\s*(.+)$/iu;
/** A caption label alone ("Image caption,"): the next line is the caption. */
const CAPTION_LABEL = /^(?:image caption|caption|photo caption)\s*[:,]?$/iu;
/** "Image source, Reuters" lines (BBC style): the credit of the next image. */
const IMAGE_SOURCE =
  /^(?:image source|photo source|image credit|photo credit|picture credit)\s*[:,]\s*(.+)$/iu;

function isCredit(text: string, labelled = false): boolean {
  const n = countWords(text);
  return (
    n > 0 &&
    n <= MAX_CREDIT_WORDS &&
    (labelled || CREDIT_KEYWORDS.test(text) || SLASH_CREDIT.test(text))
  );
}

/** Splits a caption line into caption and credit, if it is one. */
export function splitCaption(
  text: string
): { caption: string; credit: string } | undefined {
  // Every form ends in a credit, which has a credit word or a slash; most
  // paragraphs stop here, after a look at their last few words only.
  const tail = text.slice(-CREDIT_TAIL_CHARS);
  if (!tail.includes('/') && !CREDIT_KEYWORDS.test(tail)) return undefined;
  if (countWords(text) > MAX_CAPTION_WORDS + MAX_CREDIT_WORDS) return undefined;
  for (const { pattern, labelled } of CAPTION_FORMS) {
    const match = text.match(pattern);
    const caption = match?.[1]?.trim();
    const credit = (match?.[2] ?? match?.[3])?.trim();
    if (
      caption &&
      credit &&
      isCredit(credit, labelled) &&
      countWords(caption) >= 3
    ) {
      return { caption, credit };
    }
  }
  return undefined;
}

/** Clean step: lift caption lines (and their bare duplicates) into images. */
export const liftImages: CleanStep = (draft) => {
  const images: Image[] = [...draft.images];
  const body: Block[] = [];
  // BBC-style captions come in parts: "Image source, X", "Image caption,",
  // then the caption itself. These carry the parts seen so far.
  let pendingCredit: string | undefined;
  let captionNext = false;
  const addImage = (
    caption: string | undefined,
    credit: string | undefined
  ) => {
    const image: { caption?: string; credit?: string } = {};
    if (caption) image.caption = caption;
    if (credit) image.credit = credit;
    images.push(image);
    pendingCredit = undefined;
    captionNext = false;
  };
  for (const block of draft.body) {
    if (block.type !== 'paragraph') {
      if (pendingCredit) addImage(undefined, pendingCredit);
      body.push(block);
      continue;
    }
    const source = block.text.match(IMAGE_SOURCE)?.[1];
    if (source && isCredit(source)) {
      pendingCredit = source;
      continue;
    }
    if (CAPTION_LABEL.test(block.text)) {
      captionNext = true;
      continue;
    }
    if (captionNext) {
      addImage(block.text, pendingCredit);
      continue;
    }
    const labelled = block.text.match(LABELLED_CAPTION)?.[1];
    const split = labelled ? undefined : splitCaption(block.text);
    if (!labelled && !split) {
      // A credit with no caption after it is still an image.
      if (pendingCredit) addImage(undefined, pendingCredit);
      body.push(block);
      continue;
    }
    const caption = labelled ?? split?.caption ?? '';
    // The bare caption printed just before its credited copy is the same
    // image: take it out of the body instead of keeping it as a paragraph.
    const previous = body.at(-1);
    if (
      previous?.type === 'paragraph' &&
      comparisonKey(previous.text) === comparisonKey(caption)
    ) {
      body.pop();
    }
    addImage(caption, split?.credit ?? pendingCredit);
  }
  if (pendingCredit) addImage(undefined, pendingCredit);
  return { ...draft, body, images };
};
