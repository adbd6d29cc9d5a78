/**
 * `npm run bench -- hostile`: the hostile inputs of issue 18 through
 * `dropwire parse`, each in a fresh Node process: wall time, peak RSS,
 * exit status and the outcome, the worst (slowest) printed last.
 *
 * The inputs are generated into a temporary folder (removed at the end),
 * never committed. The target: each ends within 5 s and 512 MB, as a
 * rejection or a bounded result.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { zipSync } from 'fflate';

const CLI = fileURLToPath(new URL('../../bin/cli.ts', import.meta.url));
const TIME_TARGET_MS = 5000;
const RSS_TARGET_MB = 512;

const dir = mkdtempSync(join(tmpdir(), 'dropwire-hostile-'));

/** Writes `count` copies of `chunk` through gzip into `path`. */
async function gzipRepeated(path: string, chunk: string, count: number) {
  const gzip = createGzip({ level: 9 });
  const done = new Promise<void>((resolve, reject) => {
    gzip
      .pipe(createWriteStream(path))
      .on('finish', resolve)
      .on('error', reject);
  });
  const buffer = Buffer.from(chunk);
  for (let i = 0; i < count; i++) {
    if (!gzip.write(buffer)) {
      await new Promise((resolve) => gzip.once('drain', resolve));
    }
  }
  gzip.end();
  await done;
}

/** The inputs: name → file path, generated on first use. */
async function inputs(): Promise<[string, string][]> {
  const out: [string, string][] = [];
  const file = (name: string, data: string | Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, data);
    return path;
  };
  out.push([
    '1,000,000 lines of {} (3 MB JSON Lines)',
    file('1m.jsonl', '{}\n'.repeat(1_000_000)),
  ]);
  out.push([
    '10,000,000 lines of {} (30 MB JSON Lines)',
    file('10m.jsonl', '{}\n'.repeat(10_000_000)),
  ]);
  const gz = join(dir, 'many.jsonl.gz');
  // 314 million lines: 3 MB of lines, 314 times.
  await gzipRepeated(gz, '{}\n'.repeat(1_000_000), 314);
  out.push(['gzip of 314 million {} lines', gz]);
  out.push([
    'a JSON list of 10,000,000 {}',
    file('10m.json', `[${Array(10_000_000).fill('{}').join(',')}]`),
  ]);
  out.push([
    'a JSON list of 150,000 {}',
    file('150k.json', `[${Array(150_000).fill('{}').join(',')}]`),
  ]);
  const entry = new TextEncoder().encode(
    `Title line\n\n${'word '.repeat(209_600)}`
  );
  const entries: Record<string, Uint8Array> = {};
  for (let i = 0; i < 1100; i++) entries[`e${i}.txt`] = entry;
  out.push([
    'a zip of 1,100 text entries of 1,048,000 bytes',
    file('bomb.zip', zipSync(entries, { level: 6 })),
  ]);
  out.push([
    'Markdown with 50,000 >',
    file('quotes.md', `# Quotes\n\n${'>'.repeat(50_000)} text\n`),
  ]);
  out.push([
    'Markdown with 2,000 indented list levels',
    file(
      'lists.md',
      `# Lists\n\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i * 2)}- item`).join('\n')}\n`
    ),
  ]);
  return out;
}

/** A runner that reports the process's peak RSS when it exits. */
const RUNNER = join(dir, 'runner.mjs');
writeFileSync(
  RUNNER,
  `process.on('exit', () => process.stderr.write('\\nmaxrss ' + process.resourceUsage().maxRSS + '\\n'));
process.argv.splice(1, 1);
await import(process.argv[1]);
`
);

interface Run {
  readonly name: string;
  readonly ms: number;
  readonly rssMb: number;
  readonly status: number | null;
  readonly outcome: string;
}

function run(name: string, path: string): Run {
  const started = performance.now();
  const child = spawnSync(process.execPath, [RUNNER, CLI, 'parse', path], {
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const ms = performance.now() - started;
  const rss = Number(child.stderr.match(/maxrss (\d+)/u)?.[1] ?? 0);
  const stdout = child.stdout;
  const code = stdout.match(/"code":"([^"]+)"/u)?.[1];
  const articles = (stdout.match(/"contentHash"/gu) ?? []).length;
  const unlisted = stdout.match(/"unlistedProblems":(\d+)/u)?.[1];
  const outcome = stdout.startsWith('{"rejected"')
    ? `rejected ${code}${unlisted ? `, ${unlisted} unlisted problems` : ''}`
    : `${articles} articles, ${(stdout.length / 1e6).toFixed(1)} MB output${code ? `, stopped: ${stdout.match(/"code":"([^"]+)","message":"[^"]*"\}\]/u)?.[1] ?? code}` : ''}`;
  return { name, ms, rssMb: rss / 1024, status: child.status, outcome };
}

try {
  const runs: Run[] = [];
  for (const [name, path] of await inputs()) runs.push(run(name, path));
  runs.sort((a, b) => a.ms - b.ms);
  console.log(
    'input                                            time     peak RSS  exit  outcome'
  );
  for (const r of runs) {
    const flag =
      r.ms > TIME_TARGET_MS || r.rssMb > RSS_TARGET_MB ? '  OVER TARGET' : '';
    console.log(
      `${r.name.padEnd(48)} ${(r.ms / 1000).toFixed(2).padStart(5)} s ${r.rssMb.toFixed(0).padStart(6)} MB  ${String(r.status).padStart(4)}  ${r.outcome}${flag}`
    );
  }
  const worst = runs.at(-1);
  if (worst) {
    console.log(
      `worst: ${worst.name}: ${(worst.ms / 1000).toFixed(2)} s, ${worst.rssMb.toFixed(0)} MB peak RSS (target ${TIME_TARGET_MS / 1000} s, ${RSS_TARGET_MB} MB)`
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
