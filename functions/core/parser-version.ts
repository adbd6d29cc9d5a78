/**
 * The version of what the parsers and clean steps make of a file.
 *
 * Every article carries it as `parserVersion`. Bump it by one in any change
 * that alters the cleaner's output for some input (a new clean step, a rule
 * that keeps or drops other text, a field read from a new place), so that
 * stored articles show which cleaner made them and `dropwire reprocess` has
 * something to compare with. Changes that leave every article as it was
 * (speed, refactoring, messages) keep it.
 */
export const PARSER_VERSION = 1;
