// A page costs one server round trip: moving between library pages in the browser asks each page's one server
// function, which also answers whether anyone is signed in. With JavaScript only: without it, every link is a full
// page load that the server renders in one go.
import type { Page, Request } from '@playwright/test';
import { test, expect, javaScriptOn, hydrated, signInAsTessa } from './fixtures';

/** The server-function requests the page sends while `navigate` runs. */
async function serverCalls(page: Page, navigate: () => Promise<void>): Promise<string[]> {
  const calls: string[] = [];
  const record = (request: Request) => {
    const path = new URL(request.url()).pathname;
    if (path.startsWith('/api/')) calls.push(path);
  };
  page.on('request', record);
  await navigate();
  await page.waitForLoadState('networkidle');
  page.off('request', record);
  return calls;
}

test('moving between library pages asks the server once per page', async ({ page }, testInfo) => {
  test.skip(!javaScriptOn(testInfo), 'client-side navigation needs JavaScript');
  await signInAsTessa(page);
  await page.goto('/sync');
  await expect(page.getByText('Your library is up to date.')).toBeVisible({ timeout: 20_000 });

  await page.goto('/library/playlists');
  await hydrated(page);
  const library = page.getByRole('navigation', { name: 'Library' });

  const toTracks = await serverCalls(page, async () => {
    await library.getByRole('link', { name: 'Tracks' }).click();
    await expect(page.getByRole('heading', { name: 'Library' })).toBeVisible();
    await expect(page.getByRole('table').getByRole('row')).not.toHaveCount(0);
  });
  expect(toTracks).toEqual(['/api/list_library_tracks']);

  const toTrack = await serverCalls(page, async () => {
    const first = page.getByRole('table').getByRole('row').nth(1).getByRole('link').first();
    const title = (await first.textContent())!.trim();
    await first.click();
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
  });
  expect(toTrack).toEqual(['/api/get_library_track']);

  await library.getByRole('link', { name: 'Playlists' }).click();
  await expect(page.getByRole('table').getByRole('row')).not.toHaveCount(0);
  const toPlaylist = await serverCalls(page, async () => {
    const first = page.getByRole('table').getByRole('row').nth(1).getByRole('link').first();
    const name = (await first.textContent())!.trim();
    await first.click();
    await expect(page.getByRole('heading', { name })).toBeVisible();
  });
  expect(toPlaylist).toEqual(['/api/get_library_playlist']);
});
