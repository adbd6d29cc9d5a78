/**
 * ConsoleAssets: the console's files, served from a fixed table with a
 * strict CSP, within the JavaScript budget.
 */
import { describe, expect, it } from 'vitest';
import {
  CONSOLE_CSP,
  ConsoleAssets,
} from '../../../functions/console/console-assets.ts';

/** The console's JavaScript budget, in bytes (uncompressed). */
const MAX_JAVASCRIPT_BYTES = 150 * 1024;

describe('Class: ConsoleAssets', () => {
  it('serves the page at / and its modules, with CSP and nosniff', () => {
    // Prepare
    const assets = new ConsoleAssets();

    // Act
    const page = assets.response('/');
    const main = assets.response('/_console/js/main.js');

    // Assess
    expect(page?.statusCode).toBe(200);
    expect(page?.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(main?.headers['Content-Type']).toBe(
      'text/javascript; charset=utf-8'
    );
    for (const response of [page, main]) {
      expect(response?.headers['Content-Security-Policy']).toBe(CONSOLE_CSP);
      expect(response?.headers['X-Content-Type-Options']).toBe('nosniff');
    }
    expect(CONSOLE_CSP).not.toMatch(/unsafe-|\*/u);
  });

  it('has no inline script or style in its page', () => {
    // Act
    const html = new ConsoleAssets().response('/')?.body.toString() ?? '';

    // Assess
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/u);
    expect(html).not.toMatch(/<style|\sstyle=|\son\w+=/u);
  });

  it('answers 404 for any other path under its prefix, and leaves the rest alone', () => {
    // Prepare
    const assets = new ConsoleAssets();

    // Act
    const missing = assets.response('/_console/../../package.json');
    const api = assets.response('/articles');

    // Assess
    expect(missing?.statusCode).toBe(404);
    expect(api).toBeUndefined();
  });

  it('keeps its JavaScript under 150 KB', () => {
    // Act
    const sizes = [...new ConsoleAssets().sizes]
      .filter(([path]) => path.endsWith('.js'))
      .map(([, size]) => size);
    const total = sizes.reduce((a, b) => a + b, 0);

    // Assess
    expect(sizes.length).toBeGreaterThan(5);
    expect(total).toBeLessThan(MAX_JAVASCRIPT_BYTES);
  });
});
