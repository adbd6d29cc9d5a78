/// <reference lib="dom" />
/**
 * The web console in a real browser (Debian's Chromium, driven by
 * playwright-core) on `npm start`: files dropped and uploaded appear live,
 * the reader and extraction views show the seed, hostile text stays text,
 * every control is reached by keyboard, axe-core finds nothing serious,
 * and a real dead letter is listed and redriven. A screenshot of each view
 * goes to test-artifacts/console/.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toNotification } from '../../bin/local/event-bridge.ts';
import { LOCAL_CREDENTIALS } from '../../bin/local/servers.ts';
import { createS3Client } from '../../functions/store/clients.ts';
import {
  operableControls,
  screenshot,
  seriousAxeFindings,
  startBrowser,
  type TestBrowser,
  tabThrough,
} from '../support/browser.ts';
import { loadArticleFixture } from '../support/fixtures.ts';
import {
  type RunningStack,
  startStack,
  stopStack,
  waitFor,
} from '../support/npm-start.ts';
import { fileTempDir } from '../support/temp-dir.ts';

const root = fileTempDir('e2e-console');
const folders = { dataDir: join(root, 'data'), dropDir: join(root, 'drop') };
const SEED = loadArticleFixture('telegraph-putin-kim-gifts');
const HTML_PAGE = loadArticleFixture('html-news-article');
/** How long the console may take to show a change (it polls every 2 s). */
const LIVE_MS = 20_000;

let stack: RunningStack;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  stack = await startStack(folders, ['--reset']);
  browser = await startBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  if (stack) await stopStack(stack);
});

/** Goes to a view by its hash route. */
async function open(hash: string): Promise<void> {
  await page.goto(`${stack.info.apiUrl}/${hash}`);
  await page.locator('main h1').first().waitFor();
}

/** The row of the Files table whose key is `key`. */
function fileRow(key: string) {
  return page.locator('table.files tbody tr', {
    has: page.getByRole('link', { name: key, exact: true }),
  });
}

/** Whether every control of the view is reached by pressing Tab. */
async function expectKeyboardReachesEverything(): Promise<void> {
  const reached = await tabThrough(page);
  const controls = await operableControls(page);
  expect(controls.length).toBeGreaterThan(3);
  expect(controls.filter((id) => !reached.includes(id))).toEqual([]);
}

/** Uploads files through the Upload view's file picker. */
async function uploadThroughConsole(
  files: { name: string; mimeType: string; buffer: Buffer }[]
): Promise<void> {
  await open('#/upload');
  await page.getByLabel('Choose files').setInputFiles(files);
  for (const file of files) {
    await page
      .locator('.upload.state-done', { hasText: file.name })
      .waitFor({ timeout: LIVE_MS });
  }
}

describe('E2E: the web console on npm start', () => {
  it('serves the console at / with a strict CSP and nosniff, and the API keeps its paths', async () => {
    // Act
    const response = await fetch(`${stack.info.apiUrl}/`);
    const api = await fetch(`${stack.info.apiUrl}/articles`);
    const csp = response.headers.get('content-security-policy') ?? '';

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/u);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/u);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(api.headers.get('content-type')).toBe('application/json');
  });

  it('shows a dropped seed and a rejected file in Files, with their statuses, without reloading', async () => {
    // Prepare
    await open('#/files');
    await page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });

    // Act
    writeFileSync(join(folders.dropDir, 'putin-kim.txt'), SEED.source);
    writeFileSync(join(folders.dropDir, 'empty.txt'), '   \n');
    await fileRow('putin-kim.txt')
      .getByText('stored', { exact: true })
      .waitFor({ timeout: LIVE_MS });
    await fileRow('empty.txt')
      .getByText('rejected', { exact: true })
      .waitFor({ timeout: LIVE_MS });
    const path = await screenshot(page, 'files');

    // Assess
    expect(
      await page.evaluate(
        () => (window as unknown as { sameDocument?: boolean }).sameDocument
      )
    ).toBe(true);
    await expect
      .poll(() => fileRow('putin-kim.txt').innerText())
      .toContain('1 article stored');
    expect(await fileRow('empty.txt').innerText()).toContain('empty:');
    expect(path).toMatch(/files\.png$/u);
  });

  it('opens the seed in the reader: title, standfirst, 13 paragraphs, the image with its credit', async () => {
    // Act
    await open('#/articles');
    await page
      .getByRole('link', {
        name: 'Putin gives Kim Jong-un parting gifts as tour ends early',
      })
      .click();
    await page.locator('article.reader').waitFor();
    await screenshot(page, 'reader');
    const reader = page.locator('article.reader');

    // Assess
    await expect
      .poll(() => reader.locator('h1').innerText())
      .toBe('Putin gives Kim Jong-un parting gifts as tour ends early');
    expect(await reader.locator('.standfirst').innerText()).toMatch(
      /^Vladimir Putin gifted a cosmonaut’s glove/u
    );
    expect(await reader.locator('.body > p').count()).toBe(13);
    expect(await reader.locator('.body > p').first().innerText()).toMatch(
      /^Dmitry Peskov, the Kremlin spokesman/u
    );
    expect(await reader.locator('figure.image').count()).toBe(1);
    expect(await reader.locator('figure.image .credit').innerText()).toBe(
      'STR/KCNA VIA KNS/AFP via Getty Images'
    );
    expect(await reader.locator('dl.fields').innerText()).toContain(
      'The Telegraph'
    );
  });

  it('marks the seed’s “Source link” and “Scroll to Top” removed in the extraction view', async () => {
    // Act
    await page.getByRole('link', { name: 'Extraction view' }).click();
    await page.locator('ol.segments').waitFor();
    await screenshot(page, 'extraction-text');
    const removed = await page
      .locator('ol.segments .fate-removed .text')
      .allInnerTexts();
    const kept = await page.locator('ol.segments .fate-kept').count();

    // Assess
    expect(removed).toContain('Source link');
    expect(removed).toContain('Scroll to Top');
    expect(removed).toContain('About The Author');
    expect(kept).toBe(13);
    expect(
      await page.locator('ol.segments .fate-caption').count()
    ).toBeGreaterThan(0);
  });

  it('uploads an HTML page with progress, and greys out its navigation, promos and footer', async () => {
    // Act
    await uploadThroughConsole([
      {
        name: 'mill.html',
        mimeType: 'text/html',
        buffer: Buffer.from(HTML_PAGE.source),
      },
    ]);
    await screenshot(page, 'upload');
    await open('#/files');
    await fileRow('mill.html')
      .getByText('stored', { exact: true })
      .waitFor({ timeout: LIVE_MS });
    await open('#/articles');
    await page
      .getByRole('link', {
        name: 'Harbour town votes to rebuild its tidal mill',
      })
      .click();
    await page.getByRole('link', { name: 'Extraction view' }).click();
    await page.locator('ol.segments').waitFor();
    await screenshot(page, 'extraction-html');
    const fateOf = async (text: string) =>
      page
        .locator('ol.segments li', { hasText: text })
        .first()
        .getAttribute('class');

    // Assess
    expect(await fateOf('Share on Facebook')).toContain('fate-removed');
    expect(await fateOf('Sign up to our newsletter')).toContain('fate-removed');
    expect(await fateOf('Related stories')).toContain('fate-removed');
    expect(await fateOf('All rights reserved')).toContain('fate-removed');
    expect(await fateOf('The mill at low tide')).toContain('fate-caption');
    expect(await fateOf('A mill powered by the sea')).toContain('fate-kept');
    expect(
      await page.locator('ol.segments li', { hasText: 'nav › li' }).count()
    ).toBeGreaterThan(0);
  });

  it('shows stored <script> and <img onerror> strings as text, and runs none of them', async () => {
    // Prepare
    const key = '<img src=x onerror="window.pwned=1">.txt';
    const hostile = [
      'Council <script>window.pwned = 2</script> budget vote',
      '',
      'The council met on Tuesday <img src=x onerror="window.pwned=3"> to vote on the budget for the coming year, which residents had asked about for months before the meeting.',
      '',
      'Members said the <b onmouseover="window.pwned=4">plan</b> would be published in full next week, with every line of spending listed for residents to read.',
    ].join('\n');

    // Act
    await uploadThroughConsole([
      { name: key, mimeType: 'text/plain', buffer: Buffer.from(hostile) },
    ]);
    await open('#/files');
    await fileRow(key)
      .getByText('stored', { exact: true })
      .waitFor({ timeout: LIVE_MS });
    await fileRow(key).getByRole('link').click();
    await page.locator('.file-articles a').first().click();
    await page.locator('article.reader').waitFor();
    await screenshot(page, 'xss');
    const reader = page.locator('article.reader');

    // Assess: the key was shown as text (its row was found by its name);
    // the article's fields were made safe when it was parsed
    // (safe-fields.ts), so their tags are gone.
    expect(await reader.locator('h1').innerText()).toBe(
      'Council window.pwned = 2 budget vote'
    );
    const text = await reader.innerText();
    // The origin key keeps its markup, shown as text; the body has none.
    expect(text).toContain(key);
    expect(text).not.toContain('window.pwned=3');
    expect(text).toContain('The council met on Tuesday to vote');
    expect(await reader.locator('img, script, b').count()).toBe(0);
    expect(
      await page.evaluate(
        () => (window as unknown as { pwned?: unknown }).pwned
      )
    ).toBeUndefined();
    expect(await page.locator('img').count()).toBe(0);
  });

  it('lets a keyboard reach every control of every view', async () => {
    for (const hash of ['#/files', '#/upload', '#/articles']) {
      // Act
      await open(hash);
      await page.waitForTimeout(500);

      // Assess
      await expectKeyboardReachesEverything();
    }
    // Act: from the top, by keyboard alone, into an article.
    await open('#/articles');
    await page.locator('.article-link').first().focus();
    await page.keyboard.press('Enter');
    await page.locator('article.reader').waitFor();

    // Assess
    expect(page.url()).toMatch(/#\/articles\/[0-9a-f]{32}$/u);
    await expectKeyboardReachesEverything();
  });

  it('has no serious or critical axe-core findings in any view, light or dark, wide or narrow', async () => {
    // Prepare
    const seed = await page.evaluate(async () => {
      const response = await fetch('/articles?limit=100');
      const { items } = (await response.json()) as {
        items: { id: string; title: string }[];
      };
      return items.find((i) => i.title.startsWith('Putin gives'))?.id;
    });
    const views = [
      '#/files',
      '#/upload',
      '#/articles',
      `#/articles/${seed}`,
      `#/articles/${seed}/extraction`,
      '#/dead-letters',
    ];
    const findings: Record<string, unknown> = {};

    // Act
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [360, 1280]) {
        await page.emulateMedia({ colorScheme });
        await page.setViewportSize({ width, height: 800 });
        for (const hash of views) {
          await open(hash);
          await page.waitForTimeout(300);
          const found = await seriousAxeFindings(page);
          if (found.length > 0)
            findings[`${hash} ${colorScheme} ${width}`] = found;
        }
      }
      await screenshot(page, `dead-letters-empty-${colorScheme}`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await page.setViewportSize({ width: 360, height: 800 });
    await open('#/files');
    await screenshot(page, 'files-360');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Assess
    expect(findings).toEqual({});
    expect(browser.errors).toEqual([]);
  });

  it('lists a real dead letter with its key and error, and redrives it once the fault is fixed', async () => {
    // Prepare: a notification for an object in a bucket that does not
    // exist yet; every read of it fails (NoSuchBucket), so it is retried
    // with back-off and then dead-lettered, as a broken bucket would be.
    await stopStack(stack);
    const queueFile = join(folders.dataDir, 'queue.json');
    const queued = JSON.parse(readFileSync(queueFile, 'utf8')) as unknown[];
    const body = toNotification(
      {
        Records: [
          {
            eventName: 'ObjectCreated:Put',
            eventTime: new Date().toISOString(),
            s3: {
              bucket: { name: 'dropwire-restored' },
              object: { key: 'late/story.txt', size: 3000 },
            },
          },
        ],
      },
      'dropwire-restored'
    );
    queued.push({
      id: 'dead-letter-e2e',
      body,
      sentAt: new Date().toISOString(),
      receiveCount: 0,
      visibleAt: 0,
    });
    writeFileSync(queueFile, JSON.stringify(queued));
    stack = await startStack(folders);

    // Act
    await open('#/dead-letters');
    const row = page.locator('table.dead-letters tbody tr', {
      hasText: 'late/story.txt',
    });
    await row.waitFor({ timeout: 60_000 });
    await screenshot(page, 'dead-letters');
    const listed = await row.innerText();
    await open('#/files');
    const inFiles = await page
      .locator('table.files tbody tr', { hasText: 'late/story.txt' })
      .innerText();
    const s3 = createS3Client({
      region: 'us-east-1',
      s3Endpoint: stack.info.s3Endpoint,
      credentials: LOCAL_CREDENTIALS,
    });
    await s3.send(new CreateBucketCommand({ Bucket: 'dropwire-restored' }));
    await s3.send(
      new PutObjectCommand({
        Bucket: 'dropwire-restored',
        Key: 'late/story.txt',
        Body: loadArticleFixture('reuters-wire-rates').source,
      })
    );
    await open('#/dead-letters');
    await page.getByRole('button', { name: 'Redrive late/story.txt' }).click();
    await page
      .getByText('No dead letters', { exact: false })
      .waitFor({ timeout: LIVE_MS });
    await waitFor(
      () => /stored {5}late\/story\.txt: 1 article/u.test(stack.output()),
      LIVE_MS,
      stack.output
    );

    // Assess
    expect(listed).toContain('5 times');
    expect(listed).toMatch(/bucket/iu);
    // The error's name and where it was thrown (its stack's top frame).
    expect(listed).toMatch(/NoSuchBucket: .+ \(at .+:\d+:\d+\)?\)/u);
    expect(inFiles).toContain('dead letter');
    expect(
      await (await fetch(`${stack.info.apiUrl}/_local/dead-letters`)).json()
    ).toEqual({ items: [] });
  });

  it('refuses local changes another origin’s page asks for', async () => {
    // Act
    const crossSite = await fetch(
      `${stack.info.apiUrl}/_local/dead-letters/redrive`,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Origin: 'https://evil.example',
        },
        body: '{}',
      }
    );
    const upload = await fetch(`${stack.info.apiUrl}/_local/objects/x.txt`, {
      method: 'PUT',
      headers: { Origin: 'https://evil.example' },
      body: 'x',
    });

    // Assess
    expect(crossSite.status).toBe(403);
    expect(upload.status).toBe(403);
    expect((await crossSite.json()).error.code).toBe('forbidden');
  });
});
