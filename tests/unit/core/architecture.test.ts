/**
 * The shape of the core's import graph, read from the source files:
 * - no import cycle anywhere in functions/core (type imports count: a
 *   cycle of types is still two modules that cannot be read apart);
 * - `types.ts`, the module of contracts, imports types only;
 * - parsers never import clean steps (what both need is in neutral
 *   modules such as `bylines.ts` and `title-suffix.ts`);
 * - the format readers never import the reading stages (archives and
 *   sinks find readers through the table, not the other way round).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/paths.ts';

const CORE = join(REPO_ROOT, 'functions', 'core');
/** `import … from './x.ts'`, `export … from './x.ts'`, `import './x.ts'`. */
const SPECIFIER =
  /^\s*(import|export)\b(\s+type\b)?[^'";]*?(?:from\s+)?'(\.[^']+)'/gmu;

interface Edge {
  readonly to: string;
  readonly typeOnly: boolean;
}

/** Every module of the core, by path from functions/core, with its imports. */
function coreGraph(): Map<string, Edge[]> {
  const graph = new Map<string, Edge[]>();
  const files = readdirSync(CORE, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .sort();
  for (const file of files) {
    const source = readFileSync(join(CORE, file), 'utf8');
    const edges = [...source.matchAll(SPECIFIER)].map((match) => ({
      to: relative(CORE, resolve(CORE, dirname(file), match[3] as string)),
      typeOnly: match[2] !== undefined,
    }));
    graph.set(file, edges);
  }
  return graph;
}

/** The cycles of the graph, each as the modules on it, in order. */
function cyclesOf(graph: ReadonlyMap<string, readonly Edge[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (node: string): void => {
    const at = path.indexOf(node);
    if (at !== -1) {
      cycles.push([...path.slice(at), node]);
      return;
    }
    if (done.has(node)) return;
    path.push(node);
    for (const edge of graph.get(node) ?? []) visit(edge.to);
    path.pop();
    done.add(node);
  };
  for (const node of graph.keys()) visit(node);
  return cycles;
}

/** The imports from modules under `from` of modules under `to`. */
function crossings(
  graph: ReadonlyMap<string, readonly Edge[]>,
  from: string,
  to: string
): string[] {
  return [...graph].flatMap(([file, edges]) =>
    file.startsWith(from)
      ? edges
          .filter((edge) => edge.to.startsWith(to))
          .map((edge) => `${file} → ${edge.to}`)
      : []
  );
}

describe('Architecture: functions/core imports', () => {
  const graph = coreGraph();

  it('reads every module and its relative imports', () => {
    // Assess: the reader sees the modules and edges that must exist.
    expect(graph.get('index.ts')?.map((e) => e.to)).toContain('pipeline.ts');
    expect(graph.get('pipeline.ts')).toContainEqual({
      to: 'types.ts',
      typeOnly: true,
    });
    expect(graph.size).toBeGreaterThan(50);
  });

  it('has no import cycle', () => {
    // Act
    const cycles = cyclesOf(graph);

    // Assess
    expect(cycles.map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    // Prepare
    const looped = new Map([
      ['a.ts', [{ to: 'b.ts', typeOnly: true }]],
      ['b.ts', [{ to: 'a.ts', typeOnly: false }]],
    ]);

    // Act
    const cycles = cyclesOf(looped);

    // Assess
    expect(cycles).toEqual([['a.ts', 'b.ts', 'a.ts']]);
  });

  it('keeps the contracts module free of implementation imports', () => {
    // Act
    const imports = graph.get('types.ts') ?? [];

    // Assess
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((edge) => !edge.typeOnly)).toEqual([]);
  });

  it('never lets a parser import a clean step', () => {
    // Assess
    expect(crossings(graph, 'parsers/', 'clean/')).toEqual([]);
  });

  it('never lets a format reader import a reading stage', () => {
    // Assess
    expect(crossings(graph, 'formats/', 'read/')).toEqual([]);
  });
});
