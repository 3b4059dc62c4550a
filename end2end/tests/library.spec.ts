// The library mirror from a user's point of view: the first sync after sign-in (followed live with JavaScript, by
// reloading without), browsing the mirrored library, and importing a listening-history export. Both projects sign
// in as Tessa, the demo user no other test deletes.
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { test, expect, importHistoryFile, javaScriptOn, signInAsTessa } from './fixtures';

/** Opens the Sync page and waits for the library to be up to date: live with JavaScript, by reloading without. */
async function waitForSync(page: Page, jsOn: boolean) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click();
  await expect(page.getByRole('heading', { name: 'Sync', exact: true })).toBeVisible();
  const upToDate = page.getByText('Your library is up to date.');
  if (jsOn) {
    await expect(upToDate).toBeVisible({ timeout: 20_000 });
  } else {
    await expect(async () => {
      await page.getByRole('link', { name: 'Refresh' }).first().click();
      await expect(upToDate).toBeVisible({ timeout: 500 });
    }).toPass({ timeout: 20_000 });
  }
  await expect(page.locator('.sync-collections')).toContainText('Liked songs');
  await expect(page.locator('.sync-collections')).toContainText('12 of 12');
  // Album and artist details are looked up in the background after the sync; the page says how far that is.
  await expect(page.locator('.sync-lookups')).toContainText(/Spotify details|on Spotify in the background/);
}

const EXPORT = JSON.stringify([
  {
    ts: '2024-03-01T08:00:00Z', platform: 'android', ms_played: 201000, conn_country: 'DE', ip_addr: '192.0.2.1',
    master_metadata_track_name: 'Morning Tide', master_metadata_album_artist_name: 'The Quiet Harbours',
    master_metadata_album_album_name: 'Low Water', spotify_track_uri: 'spotify:track:0aaaaaaaaaaaaaaaaaaaaa',
    episode_name: null, episode_show_name: null, spotify_episode_uri: null, reason_start: 'trackdone',
    reason_end: 'trackdone', shuffle: false, skipped: false, offline: false, offline_timestamp: null,
    incognito_mode: false,
  },
]);

test('a demo user watches the first sync, browses the library and imports their history', async ({ page }, testInfo) => {
  const jsOn = javaScriptOn(testInfo);
  await signInAsTessa(page);
  await waitForSync(page, jsOn);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Library' }).click();
  const tracks = page.getByRole('table');
  await expect(tracks.getByRole('row')).not.toHaveCount(0);
  // A liked song's page says where it appears.
  await page.getByLabel('Source').selectOption('liked');
  await page.getByRole('button', { name: 'Show tracks' }).click();
  await expect(page).toHaveURL(/source=liked/);
  const firstTrack = tracks.getByRole('row').nth(1).getByRole('link').first();
  const title = (await firstTrack.textContent())!.trim();
  await firstTrack.click();
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
  await expect(page.getByText(/Liked since/)).toBeVisible();
  await expect(page.getByRole('link', { name: /Open in Spotify/ }).first()).toHaveAttribute('href', /open\.spotify\.com\/track\//);

  await page.goto('/library/playlists');
  await expect(page.getByRole('table').getByRole('row')).toHaveCount(6);

  await importHistoryFile(page, jsOn, 'Streaming_History_Audio_2024.json', Buffer.from(EXPORT));
  await page.getByRole('link', { name: 'See your plays' }).click();
  await expect(page.getByRole('table').getByRole('row')).not.toHaveCount(0);
  // The played song is in the library now, as heard only in the history.
  await page.goto('/library?q=Morning+Tide');
  const heard = page.getByRole('row').filter({ hasText: 'Morning Tide' });
  await expect(heard).toContainText('History only');

  // Demo mode: the sandbox makes up a streaming history for the account; download it and import it as well.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'History' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: "Download this account's streaming history" }).click();
  const download = await downloading;
  const fileName = download.suggestedFilename();
  expect(fileName).toMatch(/^Streaming_History_Audio_\d{4}-\d{4}_0\.json$/);
  await importHistoryFile(page, jsOn, fileName, await readFile(await download.path()));
  const demoImport = page.locator('.import').filter({ hasText: fileName }).first();
  await expect(demoImport).not.toContainText('Not imported');
});
