import { test, expect, hydrated, javaScriptOn } from './fixtures';

test('the home page is rendered by the server with its landmarks', async ({ page }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Crossfade' })).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: 'Crossfade' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('runs on your own machine');
  await expect(page.getByRole('contentinfo')).toContainText('Data from Spotify');
  await expect(page.getByRole('banner').getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page).toHaveTitle('Crossfade');
});

test('the home page hydrates only when JavaScript runs', async ({ page }, testInfo) => {
  await page.goto('/');
  if (javaScriptOn(testInfo)) {
    await hydrated(page);
  } else {
    await expect(page.locator('html')).not.toHaveAttribute('data-hydrated', '');
  }
});

test('the about page lists the five parts', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'About' }).click();
  await expect(page).toHaveURL(/\/about$/);
  await expect(page.getByRole('heading', { level: 1, name: 'About Crossfade' })).toBeVisible();
  const parts = page.getByRole('main').getByRole('heading', { level: 2 });
  await expect(parts).toHaveText(['Insights', 'Smart playlists', 'Curation board', 'Discover', 'Charts']);
  await expect(page).toHaveTitle('About · Crossfade');
});

test('an unknown address shows the not-found page with status 404', async ({ page, browserConsole }) => {
  browserConsole.allow(/Failed to load resource: the server responded with a status of 404/);
  const response = await page.goto('/no/such/page');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to the home page' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Crossfade' })).toBeVisible();
});

test('the skip link moves keyboard focus to the main content', async ({ page }) => {
  await page.goto('/about');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);
});

test('the header sign-in link explains what signing in with Spotify means', async ({ page }) => {
  await page.goto('/about');
  await page.getByRole('banner').getByRole('link', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in with Spotify' })).toBeVisible();
  await expect(page.getByText('Your refresh token is stored encrypted')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign in with Spotify' })).toBeVisible();
  await expect(page).toHaveTitle('Sign in · Crossfade');
});
