// Insights from a user's point of view, with JavaScript and without: a collection's dashboard with its figures and
// charts (SVG pictures with their numbers in tables), choosing another collection, comparing two, downloading a
// table, and no serious or critical accessibility violations on the dashboard.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, javaScriptOn, signInAsTessa } from './fixtures';
import { withoutScripts } from './scripts-off';

/** Opens the insights of liked songs once the demo's providers have described part of them. */
async function likedInsights(page: Page) {
  await expect(async () => {
    await page.goto('/insights?of=liked');
    await expect(page.getByRole('region', { name: 'Where the values come from' })).toContainText(
      /Energy known for \d+ % of these tracks: ReccoBeats/,
      { timeout: 500 },
    );
  }).toPass({ timeout: 60_000 });
}

test('a collection shows its figures and charts, and another is a choice away', async ({ page }, testInfo) => {
  await signInAsTessa(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Insights' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your whole library' })).toBeVisible();
  await page.getByLabel('Collection', { exact: true }).selectOption({ label: 'Liked songs' });
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/\/insights\?of=liked$/);
  await likedInsights(page);
  await expect(page.getByRole('heading', { level: 1, name: 'Liked songs' })).toBeVisible();

  const measures = page.getByRole('region', { name: 'Sound and length' });
  await expect(measures.getByRole('row', { name: /^Energy/ })).toContainText(/\d+ %\s*0\.\d\d\s*0\.\d\d/);
  await expect(page.getByRole('region', { name: 'Extremes' })).toContainText('Most energetic');
  // Each chart is a picture described in words, with its numbers beside it.
  const distributions = page.getByRole('region', { name: 'Distributions' });
  await expect(distributions.getByRole('img', { name: /^Energy\. / })).toBeVisible();
  const energy = distributions.getByRole('figure').filter({ hasText: 'Energy' }).first();
  if (javaScriptOn(testInfo)) {
    // After hydration ECharts draws the histogram where the SVG picture was.
    await expect(energy).toHaveClass(/drawn/);
    await expect(energy.locator('.echart canvas')).toHaveCount(1);
  } else {
    await expect(energy.locator('svg')).toBeVisible();
  }
  await distributions.getByRole('figure').filter({ hasText: 'Energy' }).first().getByText('Numbers').click();
  await expect(distributions.getByRole('table').first()).toBeVisible();
  await expect(page.getByRole('img', { name: /^Keys on the Camelot wheel/ })).toBeVisible();

  // A point of the scatter leads to its track.
  const point = page.getByRole('region', { name: /against BPM/ }).locator('a').first();
  const address = await point.getAttribute('href');
  expect(address).toMatch(/^\/library\/tracks\//);
  await page.goto(address!);
  await expect(page.getByRole('region', { name: 'Sound' })).toBeVisible();
});

test('two collections compare figure by figure', async ({ page }) => {
  await signInAsTessa(page);
  await likedInsights(page);
  await page.getByLabel('Compare with').selectOption({ label: 'Your whole library' });
  await page.getByRole('button', { name: 'Compare' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Liked songs and Your whole library' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'The largest differences' })).toBeVisible();
  const figures = page.getByRole('region', { name: 'Every figure' });
  await expect(figures.getByRole('row', { name: /^Tracks/ })).toBeVisible();
  await expect(figures.getByRole('row', { name: /^Energy \(average\)/ })).toContainText(/0\.\d\d/);
});

test('a table downloads as CSV named by the collection and the day', async ({ page }) => {
  await signInAsTessa(page);
  await likedInsights(page);
  const downloads = page.getByRole('region', { name: 'Download the figures' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    downloads.getByRole('listitem').filter({ hasText: 'Sound and length' }).getByRole('link', { name: 'CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^crossfade-liked-measures-\d{4}-\d\d-\d\d\.csv$/);
  const stream = await download.createReadStream();
  let text = '';
  for await (const chunk of stream) text += chunk;
  expect(text.split('\n')[0]).toBe('measure,tracks_known,mean,median,std_dev,min,max');
  expect(text).toMatch(/\nenergy,\d+,0\.\d+/);
});

test('the dashboard has no serious or critical accessibility violations', async ({ page, browser }, testInfo) => {
  // axe reads every node of a long dashboard: slow on the debug build and two shared cores.
  test.setTimeout(120_000);
  await signInAsTessa(page);
  await likedInsights(page);
  const checked = javaScriptOn(testInfo) ? page : await withoutScripts(page, browser);
  const results = await new AxeBuilder({ page: checked }).include('main').analyze();
  const grave = results.violations.filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''));
  expect(grave.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  if (checked !== page) await checked.context().close();
});
