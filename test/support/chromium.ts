/**
 * A real headless Chromium (Debian's `chromium` package) driven by
 * playwright-core, for tests that open casaudit's HTML report as a person
 * would. Each browser gets a fresh profile folder, and the flags that keep
 * Chromium from reaching for the network at start-up (this machine has
 * none). A missing Chromium fails the test with how to install it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const MISSING_CHROMIUM_MESSAGE =
  `Chromium is not installed at ${CHROMIUM_PATH}, so the HTML report tests cannot run. ` +
  'Run .ci/run (it installs it), or: apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(MISSING_CHROMIUM_MESSAGE);
  const profile = mkdtempSync(join(tmpdir(), 'casaudit-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1400, height: 900 },
  });
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until a JavaScript expression is true in the page. Playwright's
 * waitForFunction evaluates a string with the page's eval, which the
 * report's Content-Security-Policy rightly refuses; this asks over the
 * DevTools protocol instead, which the policy does not govern.
 */
export async function waitForExpression(page: Page, expression: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
