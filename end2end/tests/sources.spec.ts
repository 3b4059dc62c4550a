// Enrichment from a user's point of view, with JavaScript and without: after the first sync the demo's providers
// (served by the in-process sandbox, no network) describe the library; the Sources page says how much of it each
// field covers and from where, and a track's page shows its sound with the source of every value, its key in
// Camelot notation, its genres with the genres above them and its label.
import type { Page } from '@playwright/test';
import { test, expect, signInAsTessa } from './fixtures';

/** Reloads the Sources page until ReccoBeats has described part of the library. */
async function waitForFeatures(page: Page) {
  await expect(async () => {
    await page.goto('/sources');
    await expect(page.getByRole('table').first()).toContainText(/Energy known for \d+ % of your library: ReccoBeats/, {
      timeout: 500,
    });
  }).toPass({ timeout: 60_000 });
}

test('the Sources page shows coverage by provider and each provider at work', async ({ page }) => {
  await signInAsTessa(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sources' }).click();
  await expect(page.getByRole('heading', { name: 'Sources', exact: true })).toBeVisible();
  await waitForFeatures(page);
  const library = page.getByRole('region', { name: 'Coverage of your library' });
  await expect(library.getByRole('row', { name: /^BPM/ })).toContainText(/BPM known for \d+ % of your library/);
  await expect(library.getByRole('row', { name: /^Time signature/ })).toContainText(
    'Time signature unknown for all of your library.',
  );
  const providers = page.getByRole('region', { name: 'Providers' });
  for (const name of ['ReccoBeats', 'Deezer', 'MusicBrainz']) {
    await expect(providers.getByRole('heading', { name })).toBeVisible();
  }
  await expect(providers.getByRole('listitem').filter({ hasText: 'ReccoBeats' })).toContainText(/Found \d{1,3}(,\d{3})* tracks?/);
  await expect(providers.getByRole('listitem').filter({ hasText: 'Spotify' }).first()).toContainText(
    'Switched off in this installation',
  );
});

test("a track's page shows its sound with the source of every value", async ({ page }) => {
  await signInAsTessa(page);
  await waitForFeatures(page);
  await page.goto('/library?source=liked');
  const links = page.getByRole('table').getByRole('row').getByRole('link');
  const addresses = await page
    .getByRole('table')
    .locator('th[scope=row] a')
    .evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')!));
  expect(addresses.length).toBeGreaterThan(0);
  await expect(links.first()).toBeVisible();
  // ReccoBeats knows most tracks but not all: the first liked song it described.
  const sound = page.getByRole('region', { name: 'Sound' });
  let described = false;
  for (const address of addresses) {
    await page.goto(address);
    if ((await sound.getByRole('row', { name: /^Energy/ }).count()) > 0) {
      described = true;
      break;
    }
  }
  expect(described, 'ReccoBeats described one of the liked songs').toBe(true);
  await expect(sound.getByRole('row', { name: /^Energy/ })).toContainText(/0\.\d\d\s*ReccoBeats/);
  await expect(sound.getByRole('row', { name: /^Key/ })).toContainText(/\d{1,2}[AB] · [A-G]/);
  const genres = page.getByRole('region', { name: 'Genres and label' });
  await expect(genres).toBeVisible();
  await expect(page.getByRole('region', { name: 'Your tags' }).getByRole('button', { name: 'Add tags' })).toBeVisible();
});
