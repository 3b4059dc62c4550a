// Discover: a mix from the user's listening, "more like this" from a track's page and "continue this playlist" from
// a playlist's page, each pick with its reason; then a pick saved to Liked Songs and queued (the user is told to open
// Spotify somewhere first, since no device plays in the sandbox), and a pick played on a device picked, which the
// player bar then shows (with JavaScript at once, even while the bar looks only now and then). With JavaScript the
// buttons answer in place; without it they are plain forms that come back to the page. Each project signs in as a
// user of its own, since allowing permissions here must not be undone by another test's sign-in.
import { type Page } from '@playwright/test';

import { expect, javaScriptOn, signInAs, test } from './fixtures';

const userOf = (jsOn: boolean) => (jsOn ? 'Noor' : 'Omar');

/** Opens `path` until its list has picks: the sync and the enrichment of the user's library come first. */
async function listed(page: Page, path: string, heading: RegExp, reason: RegExp) {
  await expect(async () => {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page.locator('ol.picks > li').first().locator('.reason')).toHaveText(reason, { timeout: 1_000 });
  }).toPass({ timeout: 120_000 });
}

test('a user discovers from their listening, a track and a playlist, and saves and queues a pick', async ({ page, browserConsole }, testInfo) => {
  test.setTimeout(240_000);
  // Queueing with no device playing is refused with a 400, which the browser logs.
  browserConsole.allow(/status of 400/);
  const user = userOf(javaScriptOn(testInfo));
  await signInAs(page, user);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Discover' }).click();
  await listed(page, '/discover', /A mix from your listening/, /like what you play/);
  await expect(page.getByText(/\d+ tracks from a catalog of [\d,]+, alike to [\d,]+ tracks? of yours, leaving out what you know/)).toBeVisible();

  // More like one of the library's tracks, from its page.
  await page.goto('/library');
  const firstTrack = page.getByRole('table').getByRole('row').nth(1).getByRole('link').first();
  const trackName = (await firstTrack.textContent())?.trim() ?? '';
  await firstTrack.click();
  await page.getByRole('link', { name: 'More like this' }).click();
  await listed(page, page.url().replace(/^https?:\/\/[^/]+/, ''), /^More like “/, /like this track/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`More like “${trackName}”`);

  // Continue one of the user's playlists, from its page.
  await page.goto('/library/playlists');
  await page.locator('main a[href^="/library/playlists/"]').first().click();
  await page.getByRole('link', { name: 'Continue this playlist' }).click();
  await listed(page, page.url().replace(/^https?:\/\/[^/]+/, ''), /^Continue “/, /like this playlist's end/);

  // Tracks the user knows come back when asked, marked.
  await page.getByLabel('Include tracks I know').check();
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page).toHaveURL(/known=show/);

  // Saving needs the permission to change the library; queueing, the player's.
  await page.goto('/discover');
  await page.getByRole('button', { name: 'Allow Crossfade to change my playlists and Liked Songs' }).click();
  await page.getByRole('radio', { name: user }).check();
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'A mix from your listening' })).toBeVisible();
  const first = page.locator('ol.picks > li').first();
  await first.getByRole('button', { name: 'Save to Liked Songs' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved to your Liked Songs.' })).toBeVisible();

  await page.getByRole('button', { name: 'Allow Crossfade to play on my Spotify devices' }).click();
  await page.getByRole('radio', { name: user }).check();
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'A mix from your listening' })).toBeVisible();
  await page.locator('ol.picks > li').first().getByRole('button', { name: 'Queue' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'No Spotify device is playing' })).toBeVisible();

  // Play a pick: with nothing playing Crossfade asks on which device, and the player bar then shows the pick.
  const bar = page.getByRole('region', { name: 'Player', exact: true });
  const pickName = (index: number) => page.locator('ol.picks > li').nth(index).locator('.pick-name strong').textContent();
  const firstName = (await pickName(0)) ?? '';
  await page.locator('ol.picks > li').first().getByRole('button', { name: 'Play', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Play on which device?' })).toBeVisible();
  await page.getByRole('button', { name: /^Play on / }).first().click();
  if (javaScriptOn(testInfo)) {
    await expect(page.getByRole('status').filter({ hasText: 'Playing.' })).toBeVisible();
    await expect(bar.locator('.player-name')).toHaveText(firstName);
    await page.getByRole('link', { name: 'Back', exact: true }).click();
  }
  await expect(page.getByRole('heading', { level: 1, name: 'A mix from your listening' })).toBeVisible();
  await expect(bar.locator('.player-name')).toHaveText(firstName);
  if (javaScriptOn(testInfo)) {
    // Paused, the bar looks again only every 15 s or more; a pick played from the page shows in it at once.
    await bar.getByRole('button', { name: 'Pause', exact: true }).click();
    await expect(bar.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
    const secondName = (await pickName(1)) ?? '';
    await page.locator('ol.picks > li').nth(1).getByRole('button', { name: 'Play', exact: true }).click();
    await expect(bar.locator('.player-name')).toHaveText(secondName, { timeout: 8_000 });
  }
});
