// New releases from a file, and the ones Crossfade could not find on Spotify found by hand, in both projects: upload
// a release list with one release Spotify does not have, see the ingest's report, find the release on the matches
// page, search for it (nothing found), paste a track's Spotify link instead, and see it matched.
import { test, expect, javaScriptOn, signInAs } from './fixtures';

test('a release Spotify did not find is matched by hand from a pasted link', async ({ page, browserConsole }, testInfo) => {
  test.setTimeout(120_000);
  // The refused link is answered 400, which the browser logs.
  browserConsole.allow(/Failed to load resource: the server responded with a status of 400/);
  // Juniper: no test allows her more than sign-in does, which a sign-in would take back.
  await signInAs(page, 'Juniper');
  // Each project its own release, as both sign in as Juniper side by side.
  const title = `Nowhere To Be Found ${testInfo.project.name} ${Date.now()}`;

  // A track of Juniper's library to paste later (once the first sync has mirrored it): its Spotify link.
  const open = page.getByRole('link', { name: /Open in Spotify/ }).first();
  await expect(async () => {
    await page.goto('/library');
    await expect(open).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 60_000 });
  const link = await open.getAttribute('href');
  expect(link).toMatch(/^https:\/\/open\.spotify\.com\/track\/[A-Za-z0-9]{22}$/);

  await page.goto('/curation/releases');
  await expect(page.getByRole('heading', { level: 1, name: 'New releases' })).toBeVisible();
  const list = `Artist;Title;Mix;Label;Release Date;BPM;Key;Genre\nNobody Known;${title};Original Mix;Ghost Records;2026-12-01;128;8A;Tech House\n`;
  await page.getByLabel('File of releases').setInputFiles({ name: 'to-find.csv', mimeType: 'text/csv', buffer: Buffer.from(list) });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByRole('status').filter({ hasText: /The file was read/ })).toBeVisible();
  await expect(page.getByText('to-find.csv').first()).toBeVisible();

  // Matching runs in the background: the release shows up as not found on the matches page.
  await page.goto('/curation/matches');
  const missing = page.getByRole('region', { name: 'Not found on Spotify' }).getByRole('listitem').filter({ hasText: title });
  await expect(async () => {
    await page.reload();
    await expect(missing).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 60_000 });

  await missing.getByRole('link', { name: 'Find on Spotify' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Find on Spotify' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: `${title} (Original Mix)` })).toBeVisible();
  await expect(page.getByLabel('Search Spotify for')).toHaveValue(/Nowhere To Be Found/);
  await expect(page.getByText('Spotify found nothing for these words')).toBeVisible();

  // A link that is no track is refused in words; the track's link matches it.
  await page.getByLabel('Spotify link, URI or id').fill('https://open.spotify.com/album/4uLU6hMCjMI75M1A2tKUQC');
  await page.getByRole('button', { name: 'Match to this track' }).click();
  await expect(page.getByRole('alert')).toContainText('that is not a Spotify track');
  await page.getByLabel('Spotify link, URI or id').fill(`${link}?si=${javaScriptOn(testInfo) ? 'on' : 'off'}`);
  await page.getByRole('button', { name: 'Match to this track' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Matches to check' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Not found on Spotify' }).getByText(title)).toHaveCount(0);
});
