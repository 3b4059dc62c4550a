// The curation board from a DJ's point of view. Without JavaScript: curate a style, allow Crossfade to change
// playlists, add two categories, wait until this week's releases are matched, start the week, sort a card with its
// button, trash one, promote one, undo the promotion. With JavaScript: the same board triaged with the keyboard alone
// (j/k to move, 1–9 to sort, g to promote, t to trash, u to undo, ? for the keys), every action applied in place.
// Both compare the board with Spotify and play a card on the user's Spotify device once allowed.
import type { Page } from '@playwright/test';
import { test, expect, hydrated, javaScriptOn, signInAs } from './fixtures';

// Dana, the demo DJ, sorts without JavaScript and Marco with it: the board creates playlists no other test's user
// should see appear, and each of these tests allows more than sign-in does, so each has a user of its own.

/** Curates `style` and lands on its page, `user` having allowed Crossfade to change playlists. */
async function curate(page: Page, style: string, user: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Curation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Curation board' })).toBeVisible();
  await page.getByLabel('Style', { exact: true }).selectOption({ label: style });
  await page.getByRole('button', { name: 'Curate' }).click();
  await expect(page.getByRole('heading', { level: 1, name: style })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Categories' })).toBeVisible();
  const allow = page.getByRole('button', { name: 'Allow Crossfade to change my playlists' });
  if (await allow.isVisible()) {
    await allow.click();
    await page.getByRole('radio', { name: user }).check();
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect(page.getByRole('heading', { level: 1, name: style })).toBeVisible();
  }
}

async function addCategory(page: Page, name: string) {
  await page.getByLabel('New category').fill(name);
  await page.getByRole('button', { name: 'Add category' }).click();
  await expect(page.getByRole('region', { name: 'Categories' }).getByRole('listitem').filter({ hasText: name })).toBeVisible();
}

/** Waits until this week's releases of the style are pulled and looked up on Spotify, then starts the week. */
async function startWeek(page: Page) {
  const weeks = page.getByRole('region', { name: 'Weeks' });
  await expect(async () => {
    await page.reload();
    await expect(weeks.getByRole('status')).toHaveText(/: [1-9]\d* new releases? on Spotify(, \d+ not found or unsure)?\.$/, {
      timeout: 500,
    });
  }).toPass({ timeout: 150_000 });
  await weeks.getByRole('button', { name: /^Start \d{4}-W\d{2}$/ }).click();
  // A refusal shows beside the form; name it rather than time out on the board's heading.
  const board = page.getByRole('heading', { level: 1, name: /· \d{4}-W\d{2}$/ });
  await expect(board.or(page.getByRole('alert'))).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(board).toBeVisible();
}

const bronze = (page: Page) => page.getByRole('region', { name: 'To sort (bronze)' });
const category = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

test('a week is sorted with buttons, without JavaScript', async ({ page }, testInfo) => {
  test.skip(javaScriptOn(testInfo), 'the plain-form path; the keyboard path is the next test');
  test.setTimeout(300_000);
  await signInAs(page, 'Dana');
  await curate(page, 'Mainstage', 'Dana');
  await addCategory(page, 'Peak Time');
  await addCategory(page, 'Warm-up');
  await startWeek(page);

  const status = page.getByRole('status').filter({ hasText: /left to sort|Sorted/ });
  const total = Number((await status.textContent())?.match(/of (\d+) left/)?.[1]);
  expect(total).toBeGreaterThan(2);

  // The first card goes to Peak Time with its button; the page comes back to the board.
  const first = bronze(page).getByRole('listitem').first();
  const firstTitle = (await first.locator('.card-title').textContent()) ?? '';
  await first.getByRole('button', { name: 'Peak Time (1)' }).click();
  await expect(category(page, 'Peak Time').getByRole('listitem').filter({ hasText: firstTitle })).toBeVisible();
  await expect(status).toHaveText(`${total - 1} of ${total} left to sort.`);

  // The next one is trashed.
  const second = bronze(page).getByRole('listitem').first();
  const secondTitle = (await second.locator('.card-title').textContent()) ?? '';
  await second.getByRole('button', { name: 'Trash' }).click();
  await expect(page.getByRole('region', { name: 'Trash' }).getByRole('listitem').filter({ hasText: secondTitle })).toBeVisible();

  // The first is promoted to its golden playlist, then the promotion is undone.
  const sorted = category(page, 'Peak Time').getByRole('listitem').filter({ hasText: firstTitle });
  await sorted.getByRole('button', { name: 'Promote to golden' }).click();
  await expect(category(page, 'Peak Time').getByRole('listitem').filter({ hasText: firstTitle }).getByRole('button', { name: 'Back' })).toBeVisible();
  await page.getByRole('button', { name: 'Undo the last action' }).click();
  await expect(category(page, 'Peak Time').getByRole('listitem').filter({ hasText: firstTitle }).getByRole('button', { name: 'Promote to golden' })).toBeVisible();
  await expect(status).toHaveText(`${total - 2} of ${total} left to sort.`);

  // Nothing was changed in Spotify meanwhile.
  await page.getByRole('link', { name: 'Compare the board with Spotify' }).click();
  await expect(page.getByRole('region', { name: 'Changes in Spotify' }).getByRole('status')).toHaveText(
    "Spotify's playlists are as the board has them.",
  );

  // Play a card: allowed once, then Play asks where (no device is playing) and plays there.
  await allowPlayback(page, 'Dana');
  await bronze(page).getByRole('listitem').first().getByRole('button', { name: 'Play' }).click();
  const devicePage = page.getByRole('heading', { level: 1, name: 'Play on which device?' });
  await expect(devicePage.or(status)).toBeVisible();
  if (await devicePage.isVisible()) {
    await page.getByRole('button', { name: /^Play on / }).first().click();
  }
  await expect(status).toBeVisible();
});

/** Allows Crossfade to play on `user`'s devices from the board, coming back to it. */
async function allowPlayback(page: Page, user: string) {
  await page.getByRole('button', { name: 'Allow Crossfade to play on my Spotify devices' }).click();
  await page.getByRole('radio', { name: user }).check();
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /· \d{4}-W\d{2}$/ })).toBeVisible();
}

test('a week is triaged with the keyboard, in place, with JavaScript', async ({ page }, testInfo) => {
  test.skip(!javaScriptOn(testInfo), 'the keyboard needs JavaScript');
  test.setTimeout(300_000);
  await signInAs(page, 'Marco');
  await curate(page, 'Techno (Peak Time / Driving)', 'Marco');
  await addCategory(page, 'Peak Time');
  await addCategory(page, 'Warm-up');
  await startWeek(page);
  await hydrated(page);
  const address = page.url();

  const status = page.getByRole('status').filter({ hasText: /left to sort|Sorted/ });
  const total = Number((await status.textContent())?.match(/of (\d+) left/)?.[1]);
  expect(total).toBeGreaterThan(2);

  // ? shows the keys, and again hides them.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();

  // j focuses the first card; 2 sends it to Warm-up without leaving the page.
  await page.keyboard.press('j');
  const first = bronze(page).getByRole('listitem').first();
  await expect(first).toHaveClass(/focused/);
  const firstTitle = (await first.locator('.card-title').textContent()) ?? '';
  await page.keyboard.press('2');
  await expect(category(page, 'Warm-up').getByRole('listitem').filter({ hasText: firstTitle })).toBeVisible();
  await expect(status).toHaveText(`${total - 1} of ${total} left to sort.`);

  // The focus moved on to the next card: t trashes it.
  const next = bronze(page).getByRole('listitem').first();
  await expect(next).toHaveClass(/focused/);
  const nextTitle = (await next.locator('.card-title').textContent()) ?? '';
  await page.keyboard.press('t');
  await expect(page.getByRole('region', { name: 'Trash' }).getByRole('listitem').filter({ hasText: nextTitle })).toBeVisible();
  await expect(status).toHaveText(`${total - 2} of ${total} left to sort.`);

  // u undoes the trash: the card is back in bronze.
  await page.keyboard.press('u');
  await expect(bronze(page).getByRole('listitem').filter({ hasText: nextTitle })).toBeVisible();
  await expect(status).toHaveText(`${total - 1} of ${total} left to sort.`);
  // In place: still the same board (an undo points the address at the card it brought back).
  expect(page.url().split('#')[0]).toBe(address.split('#')[0]);

  // g promotes the sorted card to Warm-up's golden playlist, in place.
  const sorted = category(page, 'Warm-up').getByRole('listitem').filter({ hasText: firstTitle });
  await sorted.locator('.card-title').click();
  await expect(sorted).toHaveClass(/focused/);
  await page.keyboard.press('g');
  await expect(sorted.getByRole('button', { name: 'Back' })).toBeVisible();
  await expect(sorted.getByRole('button', { name: 'Promote to golden' })).toHaveCount(0);

  // p plays the focused card once playing is allowed: at once on an active device, else after picking one.
  await allowPlayback(page, 'Marco');
  await hydrated(page);
  await page.keyboard.press('j');
  await expect(bronze(page).getByRole('listitem').first()).toHaveClass(/focused/);
  await page.keyboard.press('p');
  const playing = page.getByRole('status').filter({ hasText: 'Playing on your Spotify device.' });
  const devicePage = page.getByRole('heading', { level: 1, name: 'Play on which device?' });
  await expect(playing.or(devicePage)).toBeVisible();
  if (await devicePage.isVisible()) {
    await page.getByRole('button', { name: /^Play on / }).first().click();
    await expect(page.getByRole('status').filter({ hasText: 'Playing.' })).toBeVisible();
  }
});
