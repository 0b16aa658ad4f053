/**
 * Dates end to end: a spreadsheet export (semicolons, decimal commas, dd.mm.yyyy dates) read
 * with its dates as dates and its numbers as numbers, a model trained on the date, packaged with
 * parity, and served with a date; and a day/month column whose order nothing settles, read the
 * other way on request.
 */
import { test, expect, openStudio, openServe, nav, loadedStatus, splitData, trainModel } from './fixtures';

/** 80 rows over 2025: class B from July on, so the date is what tells the classes apart. */
function spreadsheetExport(): string {
  const lines = ['Datum;Temperatur;Menge;Klasse'];
  for (let i = 0; i < 80; i++) {
    const date = new Date(Date.UTC(2025, 0, 1 + i * 4));
    const d = String(date.getUTCDate()).padStart(2, '0');
    const m = String(date.getUTCMonth() + 1).padStart(2, '0');
    const temperature = `${(i % 7) - 2},${(i * 3) % 10}`;
    const amount = `${1 + (i % 3)}.${String((i * 37) % 1000).padStart(3, '0')},5`;
    lines.push(`${d}.${m}.2025;${temperature};${amount};${date.getUTCMonth() >= 6 ? 'B' : 'A'}`);
  }
  return `${lines.join('\n')}\n`;
}

test('a semicolon, decimal-comma, dd.mm.yyyy export: dates typed, trained on, packaged and served', async ({ page }) => {
  test.setTimeout(180_000);
  await openStudio(page);
  await page.getByLabel('Load data file', { exact: true }).setInputFiles({ name: 'messwerte.csv', mimeType: 'text/csv', buffer: Buffer.from(spreadsheetExport()) });
  await expect(loadedStatus(page, 80, 4)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'semicolon-separated, decimal comma' })).toBeVisible();
  const columns = page.getByRole('table', { name: 'Columns' });
  await expect(columns.getByRole('row', { name: /^Datum date/ })).toBeVisible();
  await expect(columns.getByRole('row', { name: /^Temperatur number/ })).toBeVisible();
  await expect(columns.getByRole('row', { name: /^Menge number/ })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  await splitData(page);
  await nav(page, 'Train');
  await page.getByLabel('Target column', { exact: true }).selectOption('Klasse');
  await expect(page.getByRole('group', { name: 'Features' }).getByRole('checkbox', { name: 'Datum' })).toBeChecked();
  await trainModel(page, 'Logistic regression', { Epochs: '40' });

  await nav(page, 'Package');
  await expect(page.getByRole('status').filter({ hasText: /^Parity: max difference \S+ on \d+ rows\s+— every label equal/ })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/Dates \(Datum\) go in as days since 1970-01-01 UTC/)).toBeVisible();

  await openServe(page);
  const datum = page.getByLabel('Datum', { exact: true });
  await expect(datum).toHaveAttribute('type', 'date');
  await expect(datum).not.toHaveValue('');
  await datum.fill('2025-12-24');
  await page.getByRole('button', { name: 'Predict' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Prediction: B/ })).toBeVisible();
  await datum.fill('2025-02-03');
  await page.getByRole('button', { name: 'Predict' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Prediction: A/ })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a day/month column nothing settles is read day first, said so, and read the other way on request', async ({ page }) => {
  await openStudio(page);
  const csv = 'When,n\n05/06/2025,1\n01/02/2025,2\n12/11/2025,3\n';
  await page.getByLabel('Load data file', { exact: true }).setInputFiles({ name: 'when.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(loadedStatus(page, 3, 2)).toBeVisible();
  await expect(page.getByText('Dates in "When" read as day/month/year: nothing in the file settles it')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Data preview' })).toContainText('2025-06-05');
  await page.getByRole('button', { name: 'Read When as month/day/year' }).click();
  await expect(page.getByText('Dates in "When" read as month/day/year, as you chose')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Data preview' })).toContainText('2025-05-06');
  await expect(page.getByRole('table', { name: 'Columns' }).getByRole('row', { name: /^When date \(month\/day\/year\)/ })).toBeVisible();
  // The reading is stored with the dataset.
  await page.reload();
  await expect(page.getByText('Dates in "When" read as month/day/year, as you chose')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Data preview' })).toContainText('2025-05-06');
  await expect(page.getByRole('button', { name: 'Read When as day/month/year' })).toBeVisible();
});

test('Cast type to Date reads text in the chosen date format, previewed and kept in the recipe', async ({ page }) => {
  await openStudio(page);
  // Too many non-dates for the column to be typed as dates when loaded: it stays text.
  const csv = 'Seen,n\n05/06/2025,1\n12/24/2025,2\nsoon,3\nlater,4\n01/02/2025,5\n';
  await page.getByLabel('Load data file', { exact: true }).setInputFiles({ name: 'seen.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(loadedStatus(page, 5, 2)).toBeVisible();
  await nav(page, 'Clean');
  await page.getByLabel('Operation', { exact: true }).selectOption({ label: 'Cast type' });
  await page.getByLabel('Column', { exact: true }).selectOption('Seen');
  await page.getByLabel('To type', { exact: true }).selectOption({ label: 'Date' });
  await page.getByLabel('Date format', { exact: true }).selectOption('MM/DD/YYYY');
  await expect(page.getByText('2 values cannot be converted and become missing')).toBeVisible();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('list', { name: 'Cleaning recipe' }).getByRole('listitem')).toContainText(['Cast Seen to dates written MM/DD/YYYY']);
  await nav(page, 'Explore');
  await expect(page.getByRole('table', { name: 'Column profile' }).getByRole('row', { name: /^Seen date/ })).toBeVisible();
});
