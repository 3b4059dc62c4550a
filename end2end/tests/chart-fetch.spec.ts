// The scheduled chart fetch in demo mode: at start-up the server fetches pop's Apple Music feed and Billboard week
// from the sandbox's emulations; the pop chart then merges them, says when each was fetched and what it stored, and
// is ordered by counted plays with its plain GET form.
import { expect, signInAsTessa, test } from './fixtures';

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
