// The scheduled chart fetch in demo mode: at start-up the server fetches pop's Apple Music feed and Billboard week
// from the sandbox's emulations; the pop chart then merges them, says when each was fetched and what it stored, and
// is ordered by counted plays with its plain GET form. A genre takes another service's chart on the sources page,
// fetched at once.
import { expect, javaScriptOn, signInAsTessa, test } from './fixtures';

test('the scheduled fetch brings in the pop charts of the services it reads', async ({ page }) => {
  await signInAsTessa(page);
  const fetched = page.getByRole('region', { name: 'Fetched on a schedule' });
  await expect
    .poll(
      async () => {
        await page.goto('/charts/pop');
        return (await fetched.count()) > 0 ? await fetched.innerText() : '';
      },
      { timeout: 60_000, intervals: [500, 1_000, 2_000] },
    )
    .toMatch(/Apple Music at .+ UTC: 100 entries[\s\S]*Billboard at .+ UTC: 100 entries/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Pop chart · \d{4}-\d{2}-\d{2}$/);
  const table = page.getByRole('table');
  await expect(table.getByRole('columnheader', { name: 'Apple Music' })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Billboard' })).toBeVisible();
  // Tracks on both charts are one row, with each service's position.
  const onBoth = table
    .getByRole('row')
    .filter({ has: page.getByLabel(/^#\d+ on Apple Music$/) })
    .filter({ has: page.getByLabel(/^#\d+ on Billboard$/) });
  await expect(onBoth.first()).toContainText('2 services');

  await page.getByLabel('Order').selectOption('plays');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(page).toHaveURL(/order=plays/);
  await expect(page.getByText(/Ordered by the plays and views counted for a track up to the day/)).toBeVisible();
});

test('a genre takes another service chart from the sources page, fetched at once', async ({ page, browserConsole }, testInfo) => {
  // The refused chart below is answered 400, which the browser logs.
  browserConsole.allow(/status of 400/);
  // Each project sets a genre no other test charts.
  const genre = javaScriptOn(testInfo) ? { code: 'latin', name: 'Latin' } : { code: 'r-and-b', name: 'R&B' };
  await signInAsTessa(page);
  await page.goto('/charts');
  await page.getByRole('link', { name: 'Chart sources' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Chart sources' })).toBeVisible();
  const section = page.getByRole('region', { name: genre.name, exact: true });

  // A storefront Apple Music would not know is refused in its terms.
  await section.getByLabel(`Another service for ${genre.name}`).selectOption('apple-music');
  await section.getByLabel('its chart').fill('usa');
  await section.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByRole('alert')).toHaveText('“usa” is not an Apple Music storefront: a two-letter country (us, gb)');

  await section.getByLabel(`Another service for ${genre.name}`).selectOption('apple-music');
  await section.getByLabel('its chart').fill('gb');
  await section.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByRole('status')).toHaveText(`Saved: ${genre.name} takes Apple Music's chart “gb”; fetched now and then on the schedule.`);
  const source = section.getByLabel(`Apple Music chart for ${genre.name}`);
  await expect(source).toHaveValue('gb');
  // The fetch ran at once: the source says what it stored, and the genre's chart has Apple Music's column.
  await expect
    .poll(
      async () => {
        await page.goto('/charts/sources');
        return page.getByRole('region', { name: genre.name, exact: true }).innerText();
      },
      { timeout: 60_000, intervals: [500, 1_000, 2_000] },
    )
    .toMatch(/last fetched .+: 100 entries/);
  await page.goto(`/charts/${genre.code}`);
  await expect(page.getByRole('table').getByRole('columnheader', { name: 'Apple Music' })).toBeVisible();
});
