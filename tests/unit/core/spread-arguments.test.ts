/**
 * No call spreads an array into its arguments in the shipped code
 * (`functions/`, `bin/`, `lib/`): `push(...x)`, `Math.min(...x)`,
 * `String.fromCharCode(...x)` and the like put every element on the stack,
 * and past about 100,000 elements V8 throws `Maximum call stack size
 * exceeded` (issue 18: the CLI crashed on 150,000 JSON items that way).
 * A loop costs nothing and has no such limit, so the rule is simply "none",
 * with an allow-list for calls whose spread is bounded by the code itself.
 *
 * The scan reads the source text (comments removed), not a syntax tree, so
 * it is checked on samples below: it must flag each shape of spread call and
 * must not flag rest parameters, array literals or object spreads.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/paths.ts';

const SCANNED = ['functions', 'bin', 'lib'];
/**
 * A spread as a call argument: `name(...x)` or `name(a, ...x)`. A rest
 * parameter (`function f(...xs: T[])`, `(...xs: T[]) =>`) carries a type
 * annotation, which the first-argument form excludes; a declaration's name
 * is excluded by the lookbehind.
 */
const SPREAD_CALL =
  /(?<![\w$.])(?<!\bfunction\s+)[\w$.\]]+\s*\(\s*\.\.\.[^:),]*[),]|(?<![\w$.])[\w$.\]]+\s*\([^()[\]{}]*,\s*\.\.\.[^:)]*\)/gu;
/** Line and block comments, so prose about `push(...)` is not code. */
const COMMENT = /\/\*[\s\S]*?\*\/|(?<![:'"`])\/\/.*$/gmu;
/**
 * Spread calls whose argument count is bounded by the code, each with the
 * reason; keyed by `path: matched text`.
 */
const ALLOWED = new Map<string, string>([
  [
    'functions/core/clean/detect-language.ts: Math.max(\n  ...[...WORD_LANGUAGES.keys()',
    'a constant table of function words, read once at module load',
  ],
]);

/** The spread calls of one source text. */
function spreadCalls(source: string): string[] {
  const code = source.replace(COMMENT, '');
  return [...code.matchAll(SPREAD_CALL)].map((match) => match[0]);
}

/** Every spread call of the scanned folders, as `path: text`. */
function spreadCallsInRepo(): string[] {
  const found: string[] = [];
  for (const folder of SCANNED) {
    const root = join(REPO_ROOT, folder);
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .sort();
    for (const file of files) {
      const path = relative(REPO_ROOT, join(root, file));
      for (const call of spreadCalls(readFileSync(join(root, file), 'utf8'))) {
        found.push(`${path}: ${call}`);
      }
    }
  }
  return found;
}

describe('Source rule: no spread arguments', () => {
  it('finds every shape of spread call in a sample', () => {
    // Prepare
    const sample = [
      'images.push(...figuresAround(roots));',
      'const next = Math.min(...messages.map((m) => m.at));',
      'out = String.fromCharCode(...bytes);',
      'all.splice(0, 0, ...more);',
      'list = a.concat(...parts);',
      'call(first, ...rest)',
    ].join('\n');

    // Act
    const found = spreadCalls(sample);

    // Assess
    expect(found).toHaveLength(6);
  });

  it('ignores rest parameters, literals, object spreads and comments', () => {
    // Prepare
    const sample = [
      'function firstDate(...values: (string | undefined)[]) {}',
      'const all = (...paths: string[]) => paths;',
      'const set = new Set([...a, ...b]);',
      'const merged = { ...DEFAULTS, ...options };',
      'f({ ...options, x: 1 });',
      '// never problems.push(...end.problems)',
      '/* nor Math.max(...sizes) */',
    ].join('\n');

    // Act
    const found = spreadCalls(sample);

    // Assess
    expect(found).toEqual([]);
  });

  it('finds none in functions/, bin/ and lib/ outside the allow-list', () => {
    // Act
    const found = spreadCallsInRepo().filter((call) => !ALLOWED.has(call));

    // Assess
    expect(found).toEqual([]);
  });

  it('a 200,000-element spread does overflow, which is why the rule exists', () => {
    // Prepare
    const many = new Array<number>(200_000).fill(1);
    const into: number[] = [];

    // Act / Assess
    expect(() => into.push(...many)).toThrow(RangeError);
  });
});
