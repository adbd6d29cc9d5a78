/**
 * The clean steps, in the order they run.
 *
 * Each step is a small `(draft) => draft` function with its own unit test.
 * The order matters where a comment says so.
 */
import type { CleanStep, Draft } from '../draft.ts';
import { classifyHeadings } from './classify-headings.ts';
import { collapseRepeats } from './collapse-repeats.ts';
import { detectLanguage } from './detect-language.ts';
import { extractByline } from './extract-byline.ts';
import { extractDates } from './extract-dates.ts';
import { findStandfirst } from './find-standfirst.ts';
import { inferPublisher } from './infer-publisher.ts';
import { liftImages } from './lift-images.ts';
import { normaliseText } from './normalise-text.ts';
import { splitTitleSuffix } from './split-title-suffix.ts';
import { stripBoilerplate } from './strip-boilerplate.ts';

/** The clean steps for scraped plain text, in order. */
export const TEXT_CLEAN_STEPS: readonly CleanStep[] = [
  // Everything below matches text; normalise it once, first.
  normaliseText,
  // Promos and copyright lines name the outlet, and stripBoilerplate
  // removes them: read the name first. The title suffix may name it too.
  inferPublisher,
  splitTitleSuffix,
  // Bylines and dates are found among the short lines before the first
  // paragraph; removing boilerplate first could not change which those are.
  extractByline,
  extractDates,
  stripBoilerplate,
  collapseRepeats,
  // A bare caption looks like a subheading (short, no full stop): lift
  // captions before classifying headings.
  liftImages,
  classifyHeadings,
  // The standfirst is the first paragraph once bylines, dates, boilerplate
  // and captions have left the top of the body.
  findStandfirst,
  detectLanguage,
];

/**
 * The clean steps for HTML pages, in order.
 *
 * Markup already gave the structure: headings are headings, captions sit
 * in figures. So `classifyHeadings` does not run, and the remaining steps
 * only catch what the main-content search let through: a byline or date
 * line printed in the body, a "Read more:" line, a caption with its credit
 * inside a paragraph, a repeated pull quote.
 */
export const HTML_CLEAN_STEPS: readonly CleanStep[] = [
  normaliseText,
  // The site name after the title names the publisher when no metadata
  // did; promos and copyright lines may too, before they are stripped.
  splitTitleSuffix,
  inferPublisher,
  extractByline,
  extractDates,
  stripBoilerplate,
  collapseRepeats,
  liftImages,
  findStandfirst,
  detectLanguage,
];

/** Runs `steps` over `draft` in order. */
export function runSteps(draft: Draft, steps: readonly CleanStep[]): Draft {
  return steps.reduce((doc, step) => step(doc), draft);
}

export {
  classifyHeadings,
  collapseRepeats,
  detectLanguage,
  extractByline,
  extractDates,
  findStandfirst,
  inferPublisher,
  liftImages,
  normaliseText,
  splitTitleSuffix,
  stripBoilerplate,
};
