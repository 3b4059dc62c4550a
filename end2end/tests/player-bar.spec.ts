// The player bar on every page, in both projects: the consent it asks for, a device to start on, then every control
// (pause and play, next, 15 s ahead, volume, shuffle, repeat, the queue) and moving playback to another device.
// Without JavaScript each control is a form and the page comes back showing the player as it now is; with it the
// bar acts in place, the position moves by itself, and a change made in Spotify itself shows without a reload.
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test, expect, hydrated, javaScriptOn, signInAs } from './fixtures';
import { withoutScripts } from './scripts-off';

// Each project plays as a user of its own, whom no other spec signs in: a sign-in takes back the player's permission
// another sign-in of the same user gave, and both projects run side by side.
const userOf = (jsOn: boolean) => (jsOn ? 'Pia' : 'Quinn');

const bar = (page: Page) => page.getByRole('region', { name: 'Player', exact: true });
const allow = (page: Page) => bar(page).getByRole('button', { name: 'Allow Crossfade to control playback' });

/** Approves on Spotify's consent page as `name`, coming back to the About page the bar asked on. */
async function approve(page: Page, name: string) {
  await page.getByRole('radio', { name }).check();
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'About Crossfade' })).toBeVisible();
}

/** How often a test had to allow the player again (each time through Spotify's consent page, a new page load). */
let allowedAgain = 0;

/**
 * Allows the player again if the bar asks (a sign-in as the same user in another test, running beside this one,
 * takes the permission back), then runs `step` until `done` shows.
 */
async function act(page: Page, name: string, step: () => Promise<void>, done: Locator) {
  await expect(async () => {
    if (await allow(page).isVisible()) {
      allowedAgain += 1;
      await allow(page).click();
      await approve(page, user);
      if (javaScriptOn(test.info())) await hydrated(page);
    }
    await step();
    await expect(done).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 45_000 });
}

const press = (page: Page, name: string) => () => bar(page).getByRole('button', { name, exact: true }).click();

/** The demo sandbox beside the server (see playwright.config.ts). */
const sandboxUrl = `http://127.0.0.1:${process.env.E2E_SANDBOX_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 30}`;

/** Calls the sandbox's Web API as `user` through another Spotify app, as Spotify itself or a phone would. */
async function inSpotify(page: Page, user: string, method: 'GET' | 'PUT', path: string, data?: object) {
  const granted = await page.request.post(`${sandboxUrl}/sandbox/admin/grants`, {
    data: {
      user_id: user.toLowerCase(),
      client_id: 'another-spotify-app',
      scopes: ['user-library-read', 'user-read-playback-state', 'user-modify-playback-state'],
    },
  });
  expect(granted.ok()).toBe(true);
  const { access_token: token } = await granted.json();
  const answer = await page.request.fetch(`${sandboxUrl}/v1/${path}`, {
    method,
    headers: { authorization: `Bearer ${token}` },
    data,
  });
  expect(answer.ok(), `${method} ${path}`).toBe(true);
  return answer.status() === 204 ? null : answer.json();
}

/**
 * Plays `user`'s liked songs on their Pocket Phone from the first, in order, at its own volume, whatever the other
 * project's run left.
 */
async function startAfreshInSpotify(page: Page, user: string) {
  const { devices } = await inSpotify(page, user, 'GET', 'me/player/devices');
  const phone = devices.find((device: { name: string }) => device.name === 'Pocket Phone').id;
  const { items } = await inSpotify(page, user, 'GET', 'me/tracks?limit=50');
  const uris = items.map((saved: { track: { uri: string } }) => saved.track.uri);
  await inSpotify(page, user, 'PUT', `me/player/play?device_id=${phone}`, { uris });
  await inSpotify(page, user, 'PUT', 'me/player/shuffle?state=false');
  await inSpotify(page, user, 'PUT', 'me/player/repeat?state=off');
  await inSpotify(page, user, 'PUT', 'me/player/volume?volume_percent=65');
}

test('the player bar controls playback on a Spotify device', async ({ page, browser }, testInfo) => {
  test.setTimeout(240_000);
  const jsOn = javaScriptOn(testInfo);
  const user = userOf(jsOn);
  await signInAs(page, user);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'About' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'About Crossfade' })).toBeVisible();

  // Asked once, the permission brings the devices to start on.
  await expect(allow(page)).toBeVisible();
  await allow(page).click();
  await approve(page, user);
  const phone = bar(page).getByRole('button', { name: 'Listen on Pocket Phone' });
  const pause = bar(page).getByRole('button', { name: 'Pause', exact: true });
  const play = bar(page).getByRole('button', { name: 'Play', exact: true });
  if (await phone.isVisible()) {
    // Nothing loaded: starting on a device plays the liked songs there.
    await act(page, user, () => phone.click(), pause);
  } else {
    // The other project's run left the player loaded: start from the liked songs all the same.
    await startAfreshInSpotify(page, user);
    await page.reload();
  }
  await expect(bar(page).getByText('On Pocket Phone')).toBeVisible();
  await expect(bar(page).locator('.player-name')).not.toHaveText('');
  if (jsOn) {
    // Marks this page: with JavaScript the controls act in place, so the mark stays until the page is left.
    await hydrated(page);
    await page.evaluate(() => Object.assign(window, { playerBarPage: true }));
    allowedAgain = 0;
  }

  // Pause and play.
  if (await play.isVisible()) await act(page, user, press(page, 'Play'), pause);
  await act(page, user, press(page, 'Pause'), play);
  await act(page, user, press(page, 'Play'), pause);

  // Next: another track.
  const before = (await bar(page).locator('.player-name').textContent()) ?? '';
  await act(page, user, press(page, 'Next'), bar(page).locator('.player-name').filter({ hasNotText: before }));

  // Paused, 15 seconds ahead lands at 0:15 (or a moment after).
  await act(page, user, press(page, 'Pause'), play);
  const time = bar(page).locator('.player-time');
  const start = Number((await time.textContent())?.match(/^0:(\d\d)/)?.[1] ?? 0);
  await act(page, user, press(page, 'Ahead 15 s'), time.filter({ hasText: new RegExp(`^0:${start + 15} / `) }));

  // Shuffle on, repeat the whole list.
  await act(page, user, press(page, 'Shuffle'), bar(page).getByRole('button', { name: 'Shuffle', pressed: true }));
  await act(page, user, press(page, 'Repeat off'), bar(page).getByRole('button', { name: 'Repeat all' }));

  // Volume: the slider moved with the keyboard, set with the button when there is no JavaScript to do it.
  const volume = bar(page).getByRole('slider', { name: 'Volume' });
  await act(
    page,
    user,
    async () => {
      await volume.focus();
      await page.keyboard.press('Home');
      if (!jsOn) await bar(page).getByRole('button', { name: 'Set', exact: true }).click();
    },
    bar(page).locator('#player-volume[value="0"]'),
  );

  if (jsOn && allowedAgain === 0) {
    expect(await page.evaluate(() => 'playerBarPage' in window), 'no control reloaded the page').toBe(true);
  }

  // The queue: what comes next.
  await bar(page).getByText('Up next').click();
  await expect(bar(page).locator('.player-queue li').first()).toBeVisible();

  // The bar reads as it should to everyone.
  const checked = jsOn ? page : await withoutScripts(page, browser);
  const results = await new AxeBuilder({ page: checked }).include('.player-bar').analyze();
  const grave = results.violations.filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''));
  expect(grave.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  if (checked !== page) await checked.context().close();

  // Another device, picked on the device page the bar links to; back on the page it came from.
  await act(
    page,
    user,
    async () => {
      await bar(page).getByRole('link', { name: 'Change device' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Move playback to which device?' })).toBeVisible();
      await page.getByRole('button', { name: 'Move playback to Web Player (Firefox) (Computer)' }).click();
    },
    bar(page).getByText('On Web Player (Firefox)'),
  );
  await expect(page.getByRole('heading', { level: 1, name: 'About Crossfade' })).toBeVisible();

  if (jsOn) {
    // Moved there, it plays: the position moves by itself, and a pause made in Spotify itself shows by itself.
    await expect(pause).toBeVisible();
    const shown = await time.textContent();
    await expect(time).not.toHaveText(shown ?? '', { timeout: 5_000 });
    await inSpotify(page, user, 'PUT', 'me/player/pause');
    await expect(play).toBeVisible({ timeout: 10_000 });
  } else {
    // Without JavaScript the bar shows the player as the page loaded it; Update shows it as it is now.
    await bar(page).getByRole('link', { name: 'Update' }).click();
    await expect(bar(page).getByText('On Web Player (Firefox)')).toBeVisible();
  }

  // Leave the player quiet for whatever runs next.
  if (await pause.isVisible()) await act(page, user, press(page, 'Pause'), play);
});
