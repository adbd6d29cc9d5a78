/// <reference lib="dom" />
/**
 * A real browser for end-to-end tests: Debian's Chromium, driven by
 * playwright-core (which downloads no browser of its own), with a fresh
 * profile, and helpers for screenshots and axe-core checks.
 *
 * The flags keep Chromium off the network it would otherwise try to reach
 * at start (this machine's network is closed, and refuses many of those
 * connections at once).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from './paths.ts';

/** Where Debian installs Chromium; `CHROMIUM_PATH` overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots of test runs: git-ignored, kept after the run for people. */
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-artifacts', 'console');

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A running browser with one page. */
export interface TestBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Messages the page logged as errors, and uncaught exceptions. */
  readonly errors: string[];
  close(): Promise<void>;
}

/** Starts Chromium with a new, empty profile. */
export async function startBrowser(
  viewport = { width: 1280, height: 900 }
): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'dropwire-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as `<name>.png` in {@link SCREENSHOT_DIR}. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8'
);

/** An axe-core finding, as the test reports it. */
export interface AxeFinding {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: string[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA rules, and best practices) on the page
 * as it is, and returns the serious and critical findings. The source is
 * evaluated through the DevTools protocol, which the page's CSP does not
 * govern: the console itself allows no inline script.
 */
export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run(
            context: Document,
            options: object
          ): Promise<{
            violations: {
              id: string;
              impact: string;
              help: string;
              nodes: { target: string[] }[];
            }[];
          }>;
        };
      }
    ).axe;
    const { violations } = await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
    });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      }));
  });
}

/**
 * Presses Tab until focus comes back to the first element it reached (or
 * `maxPresses`), and returns the elements focused on the way, each once.
 * (A date input takes several presses: Tab moves through its fields.)
 */
export async function tabThrough(
  page: Page,
  maxPresses = 200
): Promise<string[]> {
  // Every focusable element gets an id to be recognised by.
  await page.evaluate(() => {
    let n = 0;
    for (const element of document.querySelectorAll(
      'a[href], button, input, select, textarea, summary, [tabindex]'
    )) {
      element.setAttribute('data-tab-id', `el-${n++}`);
    }
    (document.activeElement as HTMLElement | null)?.blur();
  });
  const reached: string[] = [];
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press('Tab');
    const now = await page.evaluate(() => {
      const element = document.activeElement;
      if (!element || element === document.body) return 'body';
      return element.getAttribute('data-tab-id') ?? '';
    });
    if (now === reached[0] && reached.length > 1) break;
    if (!reached.includes(now)) reached.push(now);
  }
  return reached;
}

/** The ids {@link tabThrough} gave the controls a keyboard must reach. */
export function operableControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea, summary'
      ),
    ]
      // Only what a person can see: not hidden, not inside a closed element.
      .filter((element) => element.getClientRects().length > 0)
      .map((element) => element.getAttribute('data-tab-id') ?? '')
  );
}
