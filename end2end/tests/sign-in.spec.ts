// Signing in with Spotify through the demo sandbox's consent page, signing out, refusing consent, and deleting
// one's data. The sandbox runs beside the server (demo mode) with eight demo users: Tessa, Marco, Juniper, Dana, Noor, Omar, Pia and Quinn.
import { execFileSync } from 'node:child_process';
import type { Page } from '@playwright/test';
import { test, expect, javaScriptOn } from './fixtures';

/** Rows in the end-to-end database, counted with psql (the test command installs it). */
function countRows(sql: string): number {
  const url = process.env.E2E_DATABASE_URL!;
  return Number(execFileSync('psql', [url, '-tAc', sql], { encoding: 'utf8' }).trim());
}

/** From Crossfade's sign-in page through the sandbox's consent page, choosing `name` and `decision`. */
async function signInThroughSandbox(page: Page, name: string, decision: 'Approve' | 'Deny') {
  await page.goto('/sign-in');
  await page.getByRole('button', { name: 'Sign in with Spotify' }).click();
  await expect(page.getByRole('heading', { name: 'Spotify sandbox' })).toBeVisible();
  await page.getByRole('radio', { name }).check();
  await page.getByRole('button', { name: decision }).click();
}

test('the sign-in page says it is a demo and lists the demo users', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: 'This is a demo' })).toBeVisible();
  const users = page.getByRole('list').filter({ hasText: 'liked songs' });
  await expect(users.getByRole('listitem')).toHaveCount(8);
  await expect(users).toContainText('Juniper');
  await expect(users).toContainText('no Premium');
});

test('a demo user signs in, sees their name, and signs out', async ({ page }) => {
  await signInThroughSandbox(page, 'Tessa', 'Approve');
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: 'Welcome, Tessa' })).toBeVisible();
  const header = page.getByRole('banner');
  await expect(header.getByRole('link', { name: 'Tessa' })).toBeVisible();
  await header.getByRole('button', { name: 'Sign out' }).click();
  await expect(header.getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Crossfade', exact: true })).toBeVisible();
});

test('refusing consent explains what happened', async ({ page }) => {
  await signInThroughSandbox(page, 'Tessa', 'Deny');
  await expect(page).toHaveURL(/\/sign-in\?problem=denied$/);
  await expect(page.getByRole('alert')).toContainText('You chose not to connect Spotify');
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
});

test('disconnecting deletes the account and its data', async ({ page }, testInfo) => {
  // Each project deletes a user of its own, so the two projects can run side by side.
  const name = javaScriptOn(testInfo) ? 'Marco' : 'Juniper';
  await signInThroughSandbox(page, name, 'Approve');
  await expect(page.getByRole('heading', { name: `Welcome, ${name}` })).toBeVisible();
  expect(countRows(`SELECT count(*) FROM users WHERE display_name = '${name}'`)).toBe(1);

  await page.getByRole('banner').getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(page.getByText(`Connected to Spotify as ${name}.`)).toBeVisible();
  await page.getByLabel('I understand that this deletes all of my data in Crossfade').check();
  await page.getByRole('button', { name: 'Disconnect and delete my data' }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Your Crossfade data was deleted' })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in', exact: true })).toBeVisible();
  expect(countRows(`SELECT count(*) FROM users WHERE display_name = '${name}'`)).toBe(0);
  // The session is gone as well: settings no longer belong to anyone here.
  await page.goto('/settings');
  await expect(page.getByText('Sign in with Spotify to see your settings.')).toBeVisible();
});
