import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import type { TestInstance } from '@commonplace/sdk/testing';

/**
 * Browser tests drive Debian's Chromium (apt-get install chromium) through playwright-core: no
 * browser is downloaded. They run in the `browser` vitest project, once in CI rather than once
 * per database; see docs/decisions.md.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Where the tests' screenshots go (gitignored; SCREENSHOT_DIR moves them, e.g. to a temporary folder). */
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR ?? join(repoRoot, 'test-results/screenshots');

/**
 * Why browser tests cannot run here, or undefined when they can. Where they must run (CI sets
 * COMMONPLACE_BROWSER_TESTS=required), a missing browser is an error rather than a skip.
 */
export function browserUnavailable(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  const reason = `browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (process.env.COMMONPLACE_BROWSER_TESTS === 'required') throw new Error(reason.replace('skipped', 'cannot run'));
  console.warn(reason);
  return reason;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** What the functions run inside the page use of it (the root tsconfig has no DOM types: it checks Node code). */
interface PageGlobals {
  __policyViolations: string[];
  document: {
    addEventListener(type: 'securitypolicyviolation', listener: (event: { effectiveDirective: string; blockedURI: string }) => void): void;
  };
}

export interface IsolatedPage {
  page: Page;
  /** Requests the page tried to make to another origin (all refused). */
  blockedRequests: string[];
  /** Content-Security-Policy violations the page reported ("directive: blocked URI"). */
  policyViolations(): Promise<string[]>;
  /** Uncaught errors and console.error lines. */
  errors: string[];
}

/**
 * A fresh page that can reach `origin` and nothing else, as on a network that blocks every CDN:
 * any request elsewhere is aborted and recorded. `options` set the browser context: `locale` (its
 * Accept-Language), `javaScriptEnabled: false`, a phone's `viewport`.
 */
export async function openIsolatedPage(browser: Browser, origin: string, options: BrowserContextOptions = {}): Promise<IsolatedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const blockedRequests: string[] = [];
  const errors: string[] = [];
  await context.route(
    (url) => url.origin !== origin,
    (route) => {
      blockedRequests.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  // Runs before the page's own scripts, through the DevTools protocol, so the policy does not apply to it.
  await page.addInitScript(() => {
    const inPage = globalThis as unknown as PageGlobals;
    const seen: string[] = [];
    inPage.__policyViolations = seen;
    inPage.document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.effectiveDirective}: ${event.blockedURI}`));
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return {
    page,
    blockedRequests,
    errors,
    policyViolations: () => page.evaluate(() => (globalThis as unknown as PageGlobals).__policyViolations),
  };
}

/** Saves a full-page PNG as test-results/screenshots/<name>.png (gitignored), to look at. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface AccessibilityViolation {
  id: string;
  impact: string;
  help: string;
  /** CSS selectors of the offending elements. */
  targets: string[];
}

const AXE_SOURCE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Runs axe-core in the page and returns its serious and critical violations, in the whole page or
 * leaving out the parts `exclude` names (CSS selectors: a third-party widget the test reports on
 * separately). The script is evaluated through the DevTools protocol, not added as a <script>: a
 * page under script-src 'self' would (rightly) refuse an inline script.
 */
export async function accessibilityViolations(
  page: Page,
  options: { exclude?: string[]; impacts?: readonly string[] } = {},
): Promise<AccessibilityViolation[]> {
  const impacts = options.impacts ?? ['serious', 'critical'];
  await page.evaluate(await readFile(AXE_SOURCE_PATH, 'utf8'));
  const violations = await page.evaluate(async (exclude) => {
    type AxeResults = { violations: Array<{ id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown[] }> }> };
    const axe = (globalThis as unknown as { axe: { run(context: object, options: object): Promise<AxeResults> } }).axe;
    const results = await axe.run({ include: [['html']], exclude: exclude.map((selector) => [selector]) }, { resultTypes: ['violations'] });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? 'unknown',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    }));
  }, options.exclude ?? []);
  return violations.filter((violation) => impacts.includes(violation.impact));
}

export interface BrowserSuiteOptions {
  /** Creates the instance and anything it needs before it listens (users, demo data). */
  instance: () => Promise<TestInstance>;
  /** Put before every screenshot name, e.g. 'links-'. */
  screenshotPrefix?: string;
  /** For the setup hook: building assets and booting take long on a 2-core machine. */
  timeout?: number;
}

export interface BrowserSuite {
  readonly instance: TestInstance;
  /** The listening instance's origin, e.g. http://127.0.0.1:40123. */
  readonly origin: string;
  readonly browser: Browser;
  /** No serious or critical axe violation on the page (unless `axe: false`), then a screenshot of it. */
  checkPage(page: Page, name: string, options?: { axe?: boolean }): Promise<void>;
  /** Runs `action` while waiting for the page to reach `path` (on the instance) or a URL matching it. */
  go(page: Page, action: () => Promise<unknown>, path: string | RegExp): Promise<void>;
}

/**
 * The setup every browser test file shares, registered as beforeAll/afterAll of the calling
 * describe: the web assets rebuilt if core/web changed (pages are only as current as their build),
 * the instance created and listening, Chromium launched; both closed afterwards. A file's own
 * beforeAll, registered after this call, runs after it (vitest runs hooks in order).
 */
export function browserSuite(options: BrowserSuiteOptions): BrowserSuite {
  let instance: TestInstance | undefined;
  let origin: string | undefined;
  let browser: Browser | undefined;
  const prefix = options.screenshotPrefix ?? '';
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`browserSuite: ${what} is not ready (used outside a test?)`);
    return value;
  };

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, ['scripts/build-web-assets.mjs', '--if-stale'], { cwd: repoRoot });
    instance = await options.instance();
    origin = new URL(await instance.listen()).origin;
    browser = await launchChromium();
  }, options.timeout ?? 180_000);
  afterAll(async () => {
    await browser?.close();
    await instance?.close();
  });

  return {
    get instance() {
      return ready(instance, 'the instance');
    },
    get origin() {
      return ready(origin, 'the origin');
    },
    get browser() {
      return ready(browser, 'the browser');
    },
    async checkPage(page, name, { axe = true } = {}) {
      if (axe) expect(await accessibilityViolations(page), `axe on ${name}`).toEqual([]);
      await saveScreenshot(page, `${prefix}${name}`);
    },
    async go(page, action, path) {
      await Promise.all([page.waitForURL(typeof path === 'string' ? `${ready(origin, 'the origin')}${path}` : path), action()]);
    },
  };
}
