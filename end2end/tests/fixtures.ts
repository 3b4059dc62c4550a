// A `test` that fails when the page logs an error or warning (hydration mismatches are logged as such) or throws,
// plus helpers for telling the JavaScript-on and JavaScript-off projects apart.
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';

export interface BrowserConsole {
  /** Accepts console messages matching `pattern` in this test only (e.g. the 404 of a page meant to be missing). */
  allow(pattern: RegExp): void;
}

// Without JavaScript the browser still fetches the preloaded hydration bundle and then warns that nothing used it.
const UNUSED_BUNDLE_PRELOAD = /crossfade_bg\.wasm was preloaded using link preload but not used/;

export const test = base.extend<{ browserConsole: BrowserConsole }>({
  browserConsole: [
    async ({ page }, use, testInfo) => {
      const problems: string[] = [];
      const allowed: RegExp[] = javaScriptOn(testInfo) ? [] : [UNUSED_BUNDLE_PRELOAD];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') {
          problems.push(`${message.type()}: ${message.text()}`);
        }
      });
      page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
      await use({ allow: (pattern) => allowed.push(pattern) });
      const unexpected = problems.filter((problem) => !allowed.some((pattern) => pattern.test(problem)));
      expect(unexpected, 'the browser console stays free of errors and warnings').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export function javaScriptOn(testInfo: TestInfo): boolean {
  return testInfo.project.use.javaScriptEnabled !== false;
}

/** Waits until the WebAssembly bundle has hydrated the page (the app marks `<html data-hydrated>`). */
export async function hydrated(page: Page): Promise<void> {
  // The debug bundle on a busy two-core machine can take longer than the default five seconds to start.
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', '', { timeout: 20_000 });
}

/**
 * Signs in as the demo user `name` through the sandbox's consent page. A sign-in asks Spotify for the sign-in
 * permissions only, which takes back what another test running beside it allowed the same user: tests that allow
 * more keep to a user of their own.
 */
export async function signInAs(page: Page, name: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in with Spotify' }).click();
  await page.getByRole('radio', { name }).check();
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${name}` })).toBeVisible();
}

/** Signs in as Tessa, the demo user no test deletes. */
export async function signInAsTessa(page: Page): Promise<void> {
  await signInAs(page, 'Tessa');
}

/**
 * Uploads a streaming-history file on the History page and waits until its import is listed as done: live with
 * JavaScript, by following the Refresh link without.
 */
export async function importHistoryFile(page: Page, jsOn: boolean, name: string, buffer: Buffer): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'History' }).click();
  await page.getByLabel('Export files').setInputFiles({ name, mimeType: 'application/json', buffer });
  await page.getByRole('button', { name: 'Upload and import' }).click();
  await expect(page).toHaveURL(/\/history$/);
  const imported = () => page.locator('.import').filter({ hasText: name }).first();
  if (jsOn) {
    await expect(imported()).toContainText('Imported:', { timeout: 20_000 });
  } else {
    await expect(async () => {
      await page.getByRole('link', { name: 'Refresh' }).click();
      await expect(imported()).toContainText('Imported:', { timeout: 500 });
    }).toPass({ timeout: 20_000 });
  }
}
