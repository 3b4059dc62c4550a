// Your own tags and the optional columns of the library table, with JavaScript and without: ticking tracks and
// tagging them through the form the checkboxes join, finding them again through the tag filter, removing the tag;
// showing the BPM and key columns and sorting by BPM. Both projects sign in as Tessa, so each run tags with a tag
// of its own and removes it again.
import type { Locator, Page } from '@playwright/test';
import { test, expect, javaScriptOn, signInAsTessa } from './fixtures';

/** Waits for hydration with room for the debug bundle on a busy machine (several seconds while the other project
 * and the first sync's background work share the cores): ticking a box before it would post the form without
 * JavaScript. */
async function hydrated(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', '', { timeout: 20_000 });
}

/** Opens `address` until the table lists tracks: the first sync after sign-in may still be running. */
async function openTable(page: Page, address: string) {
  await expect(async () => {
    await page.goto(address);
    await expect(page.getByRole('table').getByRole('row').nth(1)).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 25_000 });
}

/** The title a row links to (the title cell also lists the row's tags). */
async function titleOf(row: Locator): Promise<string> {
  return (await row.locator('th[scope=row] a').first().textContent())!.trim();
}

test('tracks ticked in the table are tagged together and found by their tag', async ({ page }, testInfo) => {
  const jsOn = javaScriptOn(testInfo);
  const tag = `e2e-${testInfo.project.name}-${Date.now()}`;
  await signInAsTessa(page);
  await openTable(page, '/library?sort=title&dir=asc');
  if (jsOn) await hydrated(page);
  const rows = page.getByRole('table').getByRole('row');
  const chosen = [await titleOf(rows.nth(1)), await titleOf(rows.nth(2))];
  for (const title of chosen) {
    await page.getByRole('checkbox', { name: `Choose ${title}`, exact: true }).check();
  }
  await page.getByLabel('Tags for the chosen tracks').fill(tag);
  await page.getByRole('button', { name: 'Add tags' }).click();
  if (jsOn) {
    await expect(page.getByText('Tags changed on 2 tracks.')).toBeVisible();
  } else {
    // The form post comes back to the table it was sent from.
    await expect(page).toHaveURL(/\/library\?sort=title&dir=asc$/);
  }
  // The table was read again: both rows carry the tag, each linking to the table narrowed to it.
  for (const title of chosen) {
    const row = rows.filter({ has: page.getByRole('link', { name: title, exact: true }) }).first();
    await expect(row.getByRole('link', { name: tag })).toBeVisible();
  }

  await rows.getByRole('link', { name: tag }).first().click();
  await expect(page).toHaveURL(new RegExp(`[?&]tag=${tag}(&|$)`));
  await expect(page.getByRole('list', { name: 'Narrowed to' })).toContainText(`Tag: ${tag}`);
  await expect(rows).toHaveCount(3);
  for (const title of chosen) {
    await expect(page.getByRole('table').getByRole('link', { name: title, exact: true })).toBeVisible();
  }
  // The filter form shows the tag too, and a typed tag leads to the same table.
  await expect(page.getByRole('textbox', { name: 'Tag', exact: true })).toHaveValue(tag);
  await page.goto('/library');
  await page.getByRole('textbox', { name: 'Tag', exact: true }).fill(tag.toUpperCase());
  await page.getByRole('button', { name: 'Show tracks' }).click();
  await expect(page).toHaveURL(new RegExp(`tag=${tag}(&|$)`, 'i'));
  await expect(page.getByRole('list', { name: 'Narrowed to' })).toContainText(`Tag: ${tag}`);
  await expect(rows).toHaveCount(3);

  // Removing the tag from both: with JavaScript one checkbox chooses the whole page; without it there is none.
  const everyTrack = page.getByRole('checkbox', { name: 'Choose every track on this page' });
  if (jsOn) {
    await hydrated(page);
    await everyTrack.check();
    for (const title of chosen) {
      await expect(page.getByRole('checkbox', { name: `Choose ${title}`, exact: true })).toBeChecked();
    }
  } else {
    await expect(everyTrack).toBeHidden();
    for (const title of chosen) {
      await page.getByRole('checkbox', { name: `Choose ${title}`, exact: true }).check();
    }
  }
  await page.getByLabel('Tags for the chosen tracks').fill(tag);
  await page.getByRole('button', { name: 'Remove tags' }).click();
  await expect(page.getByText('No tracks match these filters.')).toBeVisible();
  await page.getByRole('link', { name: 'Clear the tag filter' }).click();
  await expect(page).toHaveURL(/\/library$/);
  await expect(rows.nth(1)).toBeVisible();
});

test('the BPM and key columns can be shown and the table sorted by BPM', async ({ page }) => {
  // The demo's providers describe the library in the background after the first sync.
  test.slow();
  await signInAsTessa(page);
  await openTable(page, '/library');
  const columns = page.getByRole('group', { name: 'Columns' });
  await columns.getByRole('checkbox', { name: 'BPM', exact: true }).check();
  await columns.getByRole('checkbox', { name: 'Key', exact: true }).check();
  await page.getByRole('button', { name: 'Show tracks' }).click();
  await expect(page).toHaveURL(/col_bpm=1&col_key=1/);
  const table = page.getByRole('table');
  await expect(table.getByRole('columnheader', { name: 'Key', exact: true })).toBeVisible();
  await table.getByRole('columnheader', { name: 'BPM' }).getByRole('link').click();
  await expect(page).toHaveURL(/col_bpm=1&col_key=1&sort=bpm&dir=desc/);
  await expect(table.getByRole('columnheader', { name: 'BPM' })).toHaveAttribute('aria-sort', 'descending');
  await expect(table.locator('caption')).toContainText('sorted by BPM, fastest first');
  await expect(columns.getByRole('checkbox', { name: 'BPM', exact: true })).toBeChecked();

  // Once ReccoBeats has described some tracks, the fastest come first and a key reads "8A · A minor".
  const headers = await table.getByRole('columnheader').allTextContents();
  const bpmAt = headers.findIndex((text) => text.trim().startsWith('BPM'));
  const keyAt = headers.findIndex((text) => text.trim() === 'Key');
  expect(bpmAt).toBeGreaterThan(0);
  const address = page.url();
  await expect(async () => {
    await page.goto(address);
    const cells = table.getByRole('row').locator(`:scope > :nth-child(${bpmAt + 1})`);
    const shown = (await cells.allTextContents()).slice(1).map((text) => text.trim());
    const known = shown.filter((text) => text !== '').map(Number);
    expect(known.length).toBeGreaterThan(0);
    expect(shown.slice(0, known.length).every((text) => text !== ''), 'unknown BPM comes last').toBe(true);
    expect(known).toEqual([...known].sort((a, b) => b - a));
    const keys = await table.getByRole('row').locator(`:scope > :nth-child(${keyAt + 1})`).allTextContents();
    expect(keys.some((text) => /^\d{1,2}[AB] · [A-G][♯♭]? (major|minor)$/.test(text.trim()))).toBe(true);
  }).toPass({ timeout: 60_000 });

  await table.getByRole('columnheader', { name: 'BPM' }).getByRole('link').click();
  await expect(page).toHaveURL(/sort=bpm&dir=asc/);
  await expect(table.locator('caption')).toContainText('sorted by BPM, slowest first');
});
