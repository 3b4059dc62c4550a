// Importing enrichment values from a file people already have (an Exportify export), as a plain multipart form
// that works with JavaScript on and off: the summary names the layout, the header's language and the rows that
// are not in the library; a file with a bad row is refused whole, naming the line; imported values can be
// forgotten. Both projects sign in as Tessa. The fixtures' tracks are in no demo library, so what each run sees
// does not depend on the sync or on the other project's run.
import path from 'node:path';
import { test, expect, hydrated, javaScriptOn, signInAsTessa } from './fixtures';

function fixture(name: string): string {
  return path.join(__dirname, '..', 'data', name);
}

test('a person imports an Exportify export, is told what matched, and forgets the values', async ({ page }, testInfo) => {
  await signInAsTessa(page);
  await page.goto('/sources/import');
  if (javaScriptOn(testInfo)) {
    await hydrated(page);
  }
  await expect(page.getByRole('heading', { name: 'Import a file' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Files Crossfade reads' })).toBeVisible();

  await page.getByLabel('CSV file').setInputFiles(fixture('exportify-german.csv'));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page).toHaveURL(/\/sources\/import\?imported=3&layout=exportify&header=de&/);
  const summary = page.getByRole('status').filter({ hasText: 'Imported' });
  await expect(summary).toContainText(
    'Imported 3 rows from an Exportify export (headers in German): 0 matched by Spotify id, 0 by ISRC, 3 not in ' +
      'your library (lines 2, 3, 5).',
  );
  await expect(summary).toContainText('None of its tracks is in your library, so nothing was stored.');
  await expect(summary).toContainText('1 row named local files, which no service knows, and was left out.');

  await page.getByLabel('CSV file').setInputFiles(fixture('exportify-bad-row.csv'));
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page).toHaveURL(/\/sources\/import\?problem=bad-rows&bad=3:range:energy:1\.8$/);
  const refusal = page.getByRole('alert').filter({ hasText: 'Nothing was imported' });
  await expect(refusal).toContainText('Nothing was imported, because the file has one problem:');
  await expect(refusal.getByRole('listitem')).toHaveText(['line 3: Energy 1.8 is outside 0–1']);

  await page.getByRole('button', { name: 'Forget imported values' }).click();
  await expect(page).toHaveURL(/\/sources\/import\?forgotten=0$/);
  await expect(page.getByRole('status').filter({ hasText: 'forget' })).toContainText(
    'There were no imported values to forget.',
  );
  await expect(page.getByText('No track in your library takes a value from an imported file.')).toBeVisible();
});

test('a visitor is pointed to sign-in', async ({ page }) => {
  await page.goto('/sources/import');
  await expect(page.getByRole('heading', { name: 'Import a file' })).toBeVisible();
  await expect(page.getByText('to import values from a file')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Forget imported values' })).toHaveCount(0);
});
