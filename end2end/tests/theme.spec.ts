import { test, expect, hydrated, javaScriptOn } from './fixtures';

test('without JavaScript the theme form posts and the page comes back in the chosen theme', async ({ page }, testInfo) => {
  test.skip(javaScriptOn(testInfo), 'the plain form post is what pages without JavaScript use');
  await page.goto('/about');
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'system');
  const picker = page.getByRole('group', { name: 'Theme' });
  await picker.getByLabel('Dark').check();
  await picker.getByRole('button', { name: 'Apply' }).click();
  // Back on the page the form was on (the framework may leave an empty query string).
  await expect(page).toHaveURL(/\/about\??$/);
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(picker.getByLabel('Dark')).toBeChecked();
  // The choice is remembered by the server for the next page too.
  await page.goto('/');
  await expect(html).toHaveAttribute('data-theme', 'dark');
});

test('once hydrated, picking a theme applies it in place without reloading', async ({ page }, testInfo) => {
  test.skip(!javaScriptOn(testInfo), 'switching in place needs the hydrated page');
  await page.goto('/about');
  await hydrated(page);
  const picker = page.getByRole('group', { name: 'Theme' });
  await expect(picker.getByRole('button', { name: 'Apply' })).toBeHidden();
  // A value set on this document survives only if no navigation happens.
  await page.evaluate(() => ((window as unknown as { stayedHere: boolean }).stayedHere = true));
  await picker.getByLabel('Light').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await page.evaluate(() => (window as unknown as { stayedHere?: boolean }).stayedHere)).toBe(true);
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('a refused theme comes back to the page as an error beside the form', async ({ page, baseURL }, testInfo) => {
  // Only a tampered form can send an unknown theme; post one the way a browser without JavaScript would.
  const response = await page.request.post('/api/set_theme', {
    form: { theme: 'sepia' },
    headers: { Accept: 'text/html', Origin: baseURL!, Referer: `${baseURL}/about` },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  await page.goto(response.headers()['location']);
  await expect(page.getByRole('heading', { level: 1, name: 'About Crossfade' })).toBeVisible();
  if (javaScriptOn(testInfo)) await hydrated(page);
  await expect(page.getByRole('contentinfo').getByRole('alert')).toContainText('unknown theme `sepia`');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'system');
});
