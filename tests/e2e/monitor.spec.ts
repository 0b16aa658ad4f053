/**
 * Monitoring through the names in docs/ui-names.md: an undrifted sample of the training data needs no
 * retraining; a drifted batch recommends it, and the Retrain action adds the new labelled rows.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test, expect, openStudio, nav, loadSample, splitData, trainModel } from './fixtures';

type Penguin = Record<string, string | number | null>;
const penguins: Penguin[] = JSON.parse(readFileSync(fileURLToPath(new URL('../../node_modules/vega-datasets/data/penguins.json', import.meta.url)), 'utf8'));
const columns = Object.keys(penguins[0]);

function csv(rows: Penguin[]): string {
  const cell = (v: unknown) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return [columns.map(cell).join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n');
}

test('an undrifted sample needs no retraining; a drifted batch recommends it, and Retrain adds its rows', async ({ page }) => {
  test.setTimeout(150_000);
  await openStudio(page);
  await loadSample(page, 'Palmer penguins', 344, 7);
  await splitData(page);
  await nav(page, 'Train');
  await trainModel(page, 'Logistic regression', { Epochs: '40' });

  await nav(page, 'Monitor');
  const same = test.info().outputPath('same.csv');
  // A random half (rows alternate female/male in the file, so every other row would be a real shift).
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  writeFileSync(same, csv(penguins.filter(() => random() < 0.5)));
  await page.getByLabel('Live data file', { exact: true }).setInputFiles(same);
  await expect(page.getByRole('status').filter({ hasText: 'No retraining needed' })).toBeVisible({ timeout: 60_000 });
  const report = page.getByRole('table', { name: 'Drift report' });
  for (const header of ['Feature', 'Drift score', 'Drifted']) await expect(report.getByRole('columnheader', { name: header, exact: true })).toBeVisible();
  await expect(report.getByRole('row')).toHaveCount(7); // header + 6 features

  const drifted = test.info().outputPath('drifted.csv');
  writeFileSync(drifted, csv(penguins.map((p) => ({
    ...p,
    'Body Mass (g)': typeof p['Body Mass (g)'] === 'number' ? (p['Body Mass (g)'] as number) + 1500 : null,
    'Flipper Length (mm)': typeof p['Flipper Length (mm)'] === 'number' ? (p['Flipper Length (mm)'] as number) + 30 : null,
    Island: 'Biscoe',
  }))));
  await page.getByLabel('Live data file', { exact: true }).setInputFiles(drifted);
  await expect(page.getByRole('status').filter({ hasText: 'Retraining recommended' })).toBeVisible({ timeout: 60_000 });
  await expect(report.getByRole('row').filter({ hasText: 'Body Mass (g)' })).toContainText('Yes');
  await expect(page.getByRole('heading', { name: 'Monitoring history' })).toBeVisible();

  await page.getByRole('button', { name: 'Retrain with this data' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Train');
  await expect(page.getByRole('status').filter({ hasText: 'was appended to the data' })).toBeVisible();
  await nav(page, 'Split');
  const counts = (await page.getByRole('status').filter({ hasText: /Train \d+ · Validation \d+ · Test \d+/ }).textContent())!.match(/\d+/g)!.map(Number);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(688);
});
