/**
 * Cleaning steps as a new user meets them: statistics learnt before the split are learnt again
 * from the train part once the data is split (checked against the downloaded train set), and
 * an operation over rows starts on the safe choice of columns.
 */
import { readFileSync } from 'node:fs';
import { test, expect, openStudio, loadedStatus, nav, imputeMedian, splitData } from './fixtures';

/** 200 rows: x with gaps and outliers, y plain; the same every run. */
function measurements(): { csv: string; missingX: Set<number> } {
  const lines = ['id,x,y'];
  const missingX = new Set<number>();
  for (let i = 0; i < 200; i++) {
    const r = ((i * 7919) % 200) / 200;
    let x: string;
    if (r < 0.15) {
      x = '';
      missingX.add(i);
    } else if (r > 0.95) x = String(300 + ((i * 37) % 100) + 0.25);
    else x = String(((i * 4111) % 4000) / 100);
    lines.push(`${i},${x},${((i * 13) % 97) / 10}`);
  }
  return { csv: `${lines.join('\n')}\n`, missingX };
}

/** Linear interpolation between order statistics (numpy's default). */
function quantile(sorted: number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const high = below + 1 < sorted.length ? sorted[below + 1] : sorted[below];
  return sorted[below] + (high - sorted[below]) * (position - below);
}

function median(sorted: number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function expectSame(shown: string, value: number): void {
  expect(Math.abs(Number(shown) - value), `${shown} ≈ ${value}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(value)));
}

test('imputation and clip bounds learnt before the split are refitted on the train rows the download holds', async ({ page }) => {
  test.setTimeout(90_000);
  const { csv, missingX } = measurements();
  await openStudio(page);
  await page.getByLabel('Load data file', { exact: true }).setInputFiles({ name: 'measurements.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(loadedStatus(page, 200, 3)).toBeVisible();

  await nav(page, 'Clean');
  const recipe = page.getByRole('list', { name: 'Cleaning recipe' }).getByRole('listitem');
  await imputeMedian(page, 'x');
  await expect(recipe).toHaveCount(1);
  await page.getByLabel('Operation', { exact: true }).selectOption({ label: 'Clip outliers' });
  await page.getByLabel('Column', { exact: true }).selectOption('x');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(recipe).toHaveCount(2);
  // Before the split: fitted on all rows, and the step says it will be refitted.
  await expect(recipe.nth(0)).toContainText('from 170 rows; refitted on the train part when the data is split');
  await expect(recipe.nth(1)).toContainText('refitted on the train part when the data is split');

  const counts = await splitData(page);
  const train = Number(/Train (\d+)/.exec(counts)![1]);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download train set' }).click();
  const rows = readFileSync((await (await download).path())!, 'utf8').trim().split(/\r\n/).slice(1).map((line) => line.split(','));
  expect(rows).toHaveLength(train);
  const xs = rows.map((r) => Number(r[1])).sort((a, b) => a - b);
  const withX = rows.filter((r) => !missingX.has(Number(r[0]))).length;
  const q1 = quantile(xs, 0.25);
  const q3 = quantile(xs, 0.75);

  await nav(page, 'Clean');
  await expect(page.getByText(`statistics that cleaning steps learn come from the ${train} train rows`)).toBeVisible();
  await expect(recipe.nth(0)).toContainText(new RegExp(`^Impute x with the median \\(\\S+, from ${withX} train rows\\)$`));
  await expect(recipe.nth(1)).toContainText(new RegExp(`^Clip x to \\[\\S+, \\S+\\] \\(IQR rule, k = 1\\.5, from ${train} train rows\\)$`));
  const imputed = /median \((\S+),/.exec((await recipe.nth(0).textContent())!)![1];
  // Filling gaps with the median and clipping beyond the quartiles keep the median and the
  // quartiles, so the downloaded train rows show the fitted values.
  expectSame(imputed, median(xs));
  const [, lower, upper] = /\[(\S+), (\S+)\]/.exec((await recipe.nth(1).textContent())!)!;
  expectSame(lower, q1 - 1.5 * (q3 - q1));
  expectSame(upper, q3 + 1.5 * (q3 - q1));
});

test('Remove duplicate rows starts on All columns and removes only the duplicates', async ({ page }) => {
  // 60 rows over 3 species: 12 of them repeat an earlier row exactly.
  const lines = ['species,mass,site'];
  for (let i = 0; i < 48; i++) lines.push(`${['Adelie', 'Gentoo', 'Chinstrap'][i % 3]},${3000 + i * 10},${i % 5}`);
  for (let i = 0; i < 12; i++) lines.push(lines[1 + i * 4]);
  await openStudio(page);
  await page.getByLabel('Load data file', { exact: true }).setInputFiles({ name: 'dupes.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) });
  await expect(loadedStatus(page, 60, 3)).toBeVisible();
  await nav(page, 'Clean');
  await page.getByLabel('Column', { exact: true }).selectOption('species');
  await page.getByLabel('Operation', { exact: true }).selectOption({ label: 'Remove duplicate rows' });
  await expect(page.getByLabel('Column', { exact: true }).locator('option:checked')).toHaveText('All columns');
  await expect(page.getByText('This step removes 12 of 60 rows.')).toBeVisible();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('list', { name: 'Cleaning recipe' }).getByRole('listitem')).toHaveText(['Remove duplicate rows (equal in every column), keeping the first']);
  await expect(page.getByRole('status').filter({ hasText: '48 rows × 3 columns after the recipe' })).toBeVisible();

  await page.getByLabel('Operation', { exact: true }).selectOption({ label: 'Drop rows with missing values' });
  await expect(page.getByLabel('Column', { exact: true }).locator('option:checked')).toHaveText('All columns');
});
