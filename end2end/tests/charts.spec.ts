// Charts: chart files brought in for a genre from the import page (a broken one refused with its file and line, and
// nothing stored), then the genre's merged chart, where each service's position links to the track there, entries
// matching left unmatched are settled by hand (one as proposed, one with a recording found on its page), and the
// ranking method is chosen with a plain GET form; then a recording's chart history, drawn. Each project brings charts
// into a genre of its own, since charts are the installation's, shared by every user.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { expect, javaScriptOn, signInAsTessa, test } from './fixtures';

/** The chart files the domain's tests read, written from each service's documented layout. */
const chartFile = (name: string) => path.join(__dirname, '..', '..', 'crates', 'domain', 'tests', 'charts', name);

const genreOf = (jsOn: boolean) => (jsOn ? { code: 'rock', name: 'Rock' } : { code: 'country', name: 'Country' });

test('charts of two services are brought in and merged for a genre', async ({ page }, testInfo) => {
  const genre = genreOf(javaScriptOn(testInfo));
  await signInAsTessa(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Charts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Charts' })).toBeVisible();
  await page.getByRole('link', { name: 'Bring in a chart file' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bring in a chart' })).toBeVisible();

  // A week of the Hot 100 with a position that is not a number: refused at its line, nothing stored.
  const week = readFileSync(chartFile('billboard-hot-100-2026-11-28.json'), 'utf8');
  const broken = week.replace('"this_week": 7', '"this_week": "seven"');
  expect(broken).not.toEqual(week);
  await page.getByLabel('Genre').selectOption(genre.code);
  await page.getByLabel('Chart file').setInputFiles({ name: 'hot-100.json', mimeType: 'application/json', buffer: Buffer.from(broken) });
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByRole('alert')).toContainText(/Nothing was stored\. hot-100\.json: line \d+: this_week “seven” is not a position/);

  // Spotify's weekly chart (its day in its name), then Apple Music's feed (its day inside).
  for (const [name, stored] of [
    ['regional-global-weekly-2026-11-26.csv', /regional-global-weekly-2026-11-26\.csv was stored: 10 entries/],
    ['apple-music-most-played-us.json', /apple-music-most-played-us\.json was stored: 8 entries, 8 tied to recordings already charted/],
  ] as const) {
    await page.getByLabel('Genre').selectOption(genre.code);
    await page.getByLabel('Chart file').setInputFiles(chartFile(name));
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect(page.getByRole('status')).toContainText(stored);
  }
  // Last.fm's tag chart does not say its day: the form's day is used.
  await page.getByLabel('Genre').selectOption(genre.code);
  await page.getByLabel('Chart day (when the file does not say)').fill('2026-11-30');
  await page.getByLabel('Chart file').setInputFiles(chartFile('lastfm-tag-pop-page-1.json'));
  await page.getByRole('button', { name: 'Upload' }).click();
  await expect(page.getByRole('status')).toContainText(/lastfm-tag-pop-page-1\.json was stored: 6 entries/);
  await expect(page.getByRole('region', { name: 'Your latest files' })).toContainText('refused: hot-100.json: line');

  await page.getByRole('link', { name: 'See the merged chart' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${genre.name} chart · 2026-12-01`);
  const table = page.getByRole('table');
  const top = table.getByRole('row').nth(1);
  const smile = table.getByRole('row').filter({ hasText: 'Die With A Smile — Lady Gaga, Bruno Mars' });
  await expect(smile.getByRole('link', { name: '#1 on Spotify' })).toHaveAttribute('href', 'https://open.spotify.com/track/2plbrEY59IikOBgBGLjaoe');
  await expect(smile.getByRole('link', { name: '#1 on Apple Music' })).toBeVisible();
  await expect(smile).toContainText('2 services, positions summing to 2');
  await expect(top).toContainText('3 services', { timeout: 1_000 });

  // Last.fm credits only the first artist: close to the recording but not clearly it, so it waits on its own row
  // until someone says what it is.
  const unmatched = table.getByRole('row').filter({ hasText: 'Die With A Smile — Lady Gaga not matched' });
  await unmatched.getByRole('button', { name: 'It is “Die With A Smile” by Lady Gaga, Bruno Mars' }).click();
  await expect(top).toContainText('Die With A Smile — Lady Gaga, Bruno Mars');
  await expect(top).toContainText('3 services, positions summing to 3');
  await expect(top.getByRole('link', { name: '#1 on Last.fm' })).toBeVisible();
  await expect(unmatched).toHaveCount(0);

  // Another entry left alone: its page searches the recordings charted so far, and the person chooses one there.
  const apt = table.getByRole('row').filter({ hasText: 'APT. — ROSÉ not matched' });
  await apt.getByRole('link', { name: 'Another recording…' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Which recording is “APT.”?' })).toBeVisible();
  await page.getByLabel('Words of the title or an artist').fill('apt bruno');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/find=apt\+bruno/);
  const found = page.getByRole('table');
  await expect(found.locator('caption')).toHaveText('Recordings holding “apt bruno”, the likeliest first');
  // Recordings are the installation's: the other project's genre has one of its own; this genre's is chosen.
  const ours = found.getByRole('row').filter({ hasText: new RegExp(`chart entr(y|ies) in ${genre.name}`) });
  await ours.getByRole('button', { name: 'It is “APT.” by ROSÉ, Bruno Mars' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${genre.name} chart · 2026-12-01`);
  await expect(table.getByRole('row').filter({ hasText: 'not matched' })).toHaveCount(0);

  // Another ranking, chosen with the page's form.
  await page.getByLabel('Ranking').selectOption('borda');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page).toHaveURL(/method=borda/);
  await expect(page.getByText(/Each service's chart of N entries gives a track N points/)).toBeVisible();
  await expect(table.getByRole('row').nth(1)).toContainText('points');

  // The recording's history: its positions on each chart, drawn (as a picture without JavaScript, by ECharts with it).
  await table.getByRole('row').nth(1).getByRole('link', { name: 'Die With A Smile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Die With A Smile' })).toBeVisible();
  const positions = page.getByRole('region', { name: 'Positions' });
  await expect(positions).toContainText(`Spotify · ${genre.name}: peak #1 on 2026-11-26`);
  await expect(positions).toContainText(`Apple Music · ${genre.name}: peak #1 on 2026-12-01`);
  const figure = positions.locator('figure.chart');
  if (javaScriptOn(testInfo)) {
    await expect(figure).toHaveClass(/drawn/);
    await expect(figure.locator('.echart canvas')).toBeVisible();
  } else {
    await expect(figure.getByRole('img', { name: /Die With A Smile: positions\./ }).first()).toBeVisible();
  }
  await figure.getByText('Numbers').click();
  await expect(figure.getByRole('table')).toContainText('2026-11-26');
});
