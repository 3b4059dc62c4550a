// The listening history's dashboard from a user's point of view, with JavaScript and without: plays imported from a
// streaming-history export show up for a chosen range with their figures, the calendar and the hour grid as
// pictures with their numbers, a table downloads as CSV, and axe-core finds no serious or critical violations.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, importHistoryFile, javaScriptOn, signInAsTessa } from './fixtures';
import { withoutScripts } from './scripts-off';

/** One play of a track only this export names, in February 2011 (a month no other test's plays reach). */
function play(ts: string, msPlayed: number, skipped: boolean) {
  return {
    ts, platform: 'linux', ms_played: msPlayed, conn_country: 'SE', ip_addr: '192.0.2.7',
    master_metadata_track_name: 'Winter Sketch', master_metadata_album_artist_name: 'Frost Lines',
    master_metadata_album_album_name: 'Cold Light', spotify_track_uri: 'spotify:track:0wintersketch000000000',
    episode_name: null, episode_show_name: null, spotify_episode_uri: null, reason_start: 'clickrow',
    reason_end: skipped ? 'fwdbtn' : 'trackdone', shuffle: false, skipped, offline: false, offline_timestamp: null,
    incognito_mode: false,
  };
}

const EXPORT = JSON.stringify([
  play('2011-02-03T21:00:00Z', 240000, false),
  play('2011-02-04T21:00:00Z', 240000, false),
  play('2011-02-04T21:05:00Z', 20000, true),
]);

test('imported plays show on the history dashboard for a chosen range', async ({ page, browser }, testInfo) => {
  test.setTimeout(120_000);
  const jsOn = javaScriptOn(testInfo);
  await signInAsTessa(page);
  // Imported again by the other project: plays already stored are skipped.
  await importHistoryFile(page, jsOn, 'Streaming_History_Audio_2011.json', Buffer.from(EXPORT));
  await page.getByRole('link', { name: 'See your listening insights' }).click();
  await expect(page).toHaveURL(/\/insights\/history$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Your listening: all of your history' })).toBeVisible();

  await page.getByLabel('From', { exact: true }).fill('2011-02-01');
  await page.getByLabel('To', { exact: true }).fill('2011-02-28');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/from=2011-02-01&to=2011-02-28/);
  await expect(page.getByRole('heading', { level: 1, name: 'Your listening: 2011-02-01 to 2011-02-28' })).toBeVisible();
  const overview = page.getByRole('region', { name: 'Overview' });
  await expect(overview).toContainText('Plays3');
  await expect(overview).toContainText('Time listened8 min');
  await expect(overview).toContainText('Skipped33 %');
  await expect(page.getByRole('img', { name: /^Calendar of 2011: plays on 2 days/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /Thursday 21:00|Friday 21:00/ })).toBeVisible();
  const calendar = page.locator('figure.calendar').first();
  if (jsOn) {
    // ECharts (vendored, loaded after hydration) draws the calendar in the picture's place.
    await expect(calendar).toHaveClass(/drawn/);
    await expect(calendar.locator('.echart canvas')).toHaveCount(1);
    await expect(calendar.locator('svg').first()).toBeHidden();
  } else {
    await expect(calendar.locator('svg').first()).toBeVisible();
  }
  const tops = page.getByRole('region', { name: 'Most played' });
  await expect(tops.getByRole('table', { name: 'Top tracks' }).getByRole('row').nth(1)).toContainText(
    /Winter Sketch · Frost Lines\s*3\s*8 min\s*2011-02-03\s*2011-02-04/,
  );
  await expect(page.getByRole('region', { name: 'Sessions and streaks' })).toContainText('2 days (2011-02-03 to 2011-02-04)');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('region', { name: 'Download the figures' }).getByRole('listitem')
      .filter({ hasText: 'Top tracks' }).getByRole('link', { name: 'CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^crossfade-history-2011-02-01-to-2011-02-28-tracks-\d{4}-\d\d-\d\d\.csv$/);
  let csv = '';
  for await (const chunk of await download.createReadStream()) csv += chunk;
  expect(csv.split('\n')[0]).toBe('track_id,name,artists,plays,ms_played,skips,first_played,last_played');
  expect(csv).toContain('0wintersketch000000000,Winter Sketch,Frost Lines,3,500000,1,2011-02-03T21:00:00Z,2011-02-04T21:05:00Z');

  const checked = jsOn ? page : await withoutScripts(page, browser);
  const results = await new AxeBuilder({ page: checked }).include('main').analyze();
  const grave = results.violations.filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''));
  expect(grave.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  if (checked !== page) await checked.context().close();
});
