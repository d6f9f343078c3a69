import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { startWebShell, type WebShell } from '../../electron/core/web/server';

/**
 * Shared plumbing for the Playwright tests: Debian's Chromium driven by playwright-core, the web shell
 * started in-process on a fresh data directory for every test, and a record of page errors (a CSP
 * violation or an uncaught exception fails the test that caused it).
 */
export const CHROMIUM_PATH = process.env.VESTNIK_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM_PATH);
/** On CI a missing browser must fail loudly, never turn into a silently skipped suite. */
export const runE2e = hasChromium || Boolean(process.env.CI);

export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserOptions {
  /**
   * Headless Chromium hides scrollbars by default (stable screenshots); a test that drags the scrollbar as a
   * person would needs the real, classic one.
   */
  scrollbars?: boolean;
}

export async function launchBrowser(opts: BrowserOptions = {}): Promise<Browser> {
  if (!hasChromium) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install it (apt-get install -y chromium fonts-dejavu-core) ` +
        'or point VESTNIK_CHROMIUM at a Chromium binary; the e2e tests must run on CI.',
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    ignoreDefaultArgs: opts.scrollbars ? ['--hide-scrollbars'] : undefined,
  });
}

/** One Chromium for the whole file (started in beforeAll, closed in afterAll); call inside `describe`. */
export function sharedBrowser(opts: BrowserOptions = {}): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser(opts);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is not running (call sharedBrowser() inside describe)');
    return browser;
  };
}

export interface AppSession {
  shell: WebShell;
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors, console errors (CSP violations are reported there) and failed HTTP requests. */
  errors: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Writes test data through the core before the page opens. */
  seed?: (shell: WebShell) => void | Promise<void>;
  /** Runs before navigation, e.g. to install `page.route` fakes. */
  beforeGoto?: (page: Page) => Promise<void>;
  /** Imports that write go no faster than this, so what the test does while one runs fits in its time. */
  importRowsPerSecond?: number;
}

export async function openApp(browser: Browser, opts: OpenOptions = {}): Promise<AppSession> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vestnik-e2e-'));
  const shell = await startWebShell({ dataDir, port: 0, importRowsPerSecond: opts.importRowsPerSecond });
  try {
    if (opts.seed) await opts.seed(shell);
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
    page.on('response', (res) => {
      if (res.status() >= 400) errors.push(`HTTP ${res.status()} ${new URL(res.url()).pathname}`);
    });
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
    });
    if (opts.beforeGoto) await opts.beforeGoto(page);
    await page.goto(shell.url);
    await page
      .locator('[data-testid="contact-table"][data-ready="true"]')
      .waitFor()
      .catch((err: unknown) => {
        throw new Error(`The app did not become ready: ${String(err)}\n${errors.join('\n')}`);
      });
    return {
      shell,
      context,
      page,
      errors,
      close: async () => {
        await context.close();
        await shell.close();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await shell.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** Opens the app, runs the test body, requires that the page logged no errors, and always cleans up. */
export async function withApp(
  browser: Browser,
  opts: OpenOptions,
  body: (app: AppSession, page: Page) => Promise<void>,
): Promise<void> {
  const app = await openApp(browser, opts);
  try {
    await body(app, app.page);
    expect(app.errors).toEqual([]);
  } finally {
    await app.close();
  }
}

// CSS transitions (a switch's thumb, a hover tint) are finished before the picture is taken, so a screenshot
// shows the state the test just reached rather than a frame halfway to it.
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, name);
  await page.screenshot({ path: file, animations: 'disabled' });
  return file;
}

/** Text as the user reads it: Intl puts no-break spaces in "1 000 000". */
export const plain = (s: string | null): string => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();
