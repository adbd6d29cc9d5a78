/** Small builders for clean-step tests. */
import {
  type Block,
  type Draft,
  EMPTY_DRAFT,
  paragraph,
} from '../../../../functions/core/draft.ts';

/** A draft whose body is one paragraph per string. */
export function draftOf(
  lines: readonly string[],
  extra: Partial<Draft> = {}
): Draft {
  return { ...EMPTY_DRAFT, body: lines.map(paragraph), ...extra };
}

/** The body texts of a draft. */
export function texts(draft: Draft): string[] {
  return draft.body.map((block: Block) => block.text);
}

/** A prose paragraph of about `n` words that ends with a full stop. */
export function prose(n = 20, topic = 'council'): string {
  return `The ${topic} said on Monday that ${'the plan would go ahead '.repeat(Math.ceil(n / 5)).trim()}.`;
}
