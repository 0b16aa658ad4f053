import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test, expect, openStudio, loadedStatus } from './fixtures';
import type { Page } from '@playwright/test';

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

function fileInput(page: Page) {
  return page.getByLabel('Load data file', { exact: true });
}

async function loadSample(page: Page, name: string) {
  await page.getByLabel('Sample dataset', { exact: true }).selectOption({ label: name });
  await page.getByRole('button', { name: 'Load sample' }).click();
}

test('a CSV file loads with its types and a preview', async ({ page }) => {
  await openStudio(page);
  await fileInput(page).setInputFiles(fixture('data/students.csv'));
  await expect(loadedStatus(page, 5, 6)).toBeVisible();
  const columns = page.getByRole('table', { name: 'Columns' });
  await expect(columns.getByRole('row', { name: /^age integer/ })).toBeVisible();
  await expect(columns.getByRole('row', { name: /^height_cm number/ })).toBeVisible();
  await expect(columns.getByRole('row', { name: /^enrolled boolean/ })).toBeVisible();
  await expect(columns.getByRole('row', { name: /^start_date date/ })).toBeVisible();
  await expect(columns.getByRole('row', { name: /^grade text/ })).toBeVisible();
  const preview = page.getByRole('table', { name: 'Data preview' });
  await expect(preview.getByRole('row').first()).toContainText('name');
  await expect(preview.getByRole('row').nth(3)).toContainText('Chloé');
});

test('a JSON file of nested records loads with dotted column names', async ({ page }) => {
  await openStudio(page);
  await fileInput(page).setInputFiles(fixture('data/cities.json'));
  await expect(loadedStatus(page, 4, 6)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Columns' })).toContainText('coords.lat');
  await expect(page.getByRole('table', { name: 'Data preview' })).toContainText('Porto');
});

for (const [name, rows, columns] of [
  ['Palmer penguins', 344, 7],
  ['Cars (1970–1982)', 406, 9],
  ['Seattle weather (2012–2015)', 1461, 6],
] as const) {
  test(`the sample "${name}" loads`, async ({ page }) => {
    await openStudio(page);
    await loadSample(page, name);
    await expect(loadedStatus(page, rows, columns)).toBeVisible();
    await expect(page.getByRole('table', { name: 'Data preview' }).getByRole('row')).not.toHaveCount(1);
  });
}

test('synthetic data is generated from a seed, and the same seed gives the same data', async ({ page }) => {
  await openStudio(page);
  await page.getByLabel('Synthetic dataset', { exact: true }).selectOption('Classification');
  await page.getByLabel('Rows', { exact: true }).fill('500');
  await page.getByLabel('Seed', { exact: true }).fill('7');
  await page.getByRole('button', { name: 'Generate' }).click();
  const status = page.getByRole('status').filter({ hasText: /500 rows × \d+ columns/ });
  await expect(status).toBeVisible();
  const preview = page.getByRole('table', { name: 'Data preview' });
  const firstRow = await preview.getByRole('row').nth(1).textContent();

  for (const kind of ['Regression', 'Blobs']) {
    await page.getByLabel('Synthetic dataset', { exact: true }).selectOption(kind);
    await page.getByLabel('Rows', { exact: true }).fill('300');
    await page.getByRole('button', { name: 'Generate' }).click();
    await expect(page.getByRole('status').filter({ hasText: /300 rows × \d+ columns/ })).toBeVisible();
  }

  await page.getByLabel('Synthetic dataset', { exact: true }).selectOption('Classification');
  await expect(page.getByLabel('Rows', { exact: true })).toHaveValue('500');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(status).toBeVisible();
  await expect(preview.getByRole('row').nth(1)).toHaveText(firstRow!);
});

test('a bad synthetic option is refused with an alert', async ({ page }) => {
  await openStudio(page);
  await page.getByLabel('Rows', { exact: true }).fill('0');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByRole('alert')).toContainText('Rows must be a whole number');
});

test('the project, its data and the current step come back after a reload', async ({ page }) => {
  await openStudio(page);
  await page.getByRole('button', { name: 'Rename project' }).click();
  await page.getByLabel('Project name', { exact: true }).fill('Penguin study');
  await page.getByRole('button', { name: 'Save name' }).click();
  await loadSample(page, 'Palmer penguins');
  await expect(loadedStatus(page, 344, 7)).toBeVisible();
  await page.getByRole('navigation', { name: 'Workflow' }).getByRole('link', { name: 'Explore' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Explore');

  // Opening the bare address returns to the step the project was on.
  await page.goto('./');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Explore');
  await expect(page.getByLabel('Project', { exact: true }).locator('option:checked')).toHaveText('Penguin study');
  await page.getByRole('link', { name: 'Data', exact: true }).click();
  await expect(loadedStatus(page, 344, 7)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Data preview' })).toContainText('Adelie');
});

test('a large file shows progress and Cancel stops it, keeping the earlier data', async ({ page }) => {
  await openStudio(page);
  await loadSample(page, 'Palmer penguins');
  await expect(loadedStatus(page, 344, 7)).toBeVisible();

  // About 100 MB: large enough that reading it takes a while on any machine.
  const path = test.info().outputPath('big.csv');
  const line = '1.5,2.25,alpha,true,2024-01-01\n';
  writeFileSync(path, 'a,b,c,d,e\n' + line.repeat(3_300_000));
  await fileInput(page).setInputFiles(path);
  const bar = page.getByRole('progressbar');
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute('aria-valuemax', String(statSync(path).size));
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'was cancelled' })).toBeVisible();
  await expect(bar).toHaveCount(0);
  await expect(loadedStatus(page, 344, 7)).toBeVisible();
});

test('the preview scrolls through a million rows', async ({ page }) => {
  test.setTimeout(120_000);
  await openStudio(page);
  await page.getByLabel('Synthetic dataset', { exact: true }).selectOption('Blobs');
  await page.getByLabel('Rows', { exact: true }).fill('1000000');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByRole('status').filter({ hasText: /1000000 rows × \d+ columns/ })).toBeVisible({ timeout: 60_000 });
  const preview = page.getByRole('table', { name: 'Data preview' });
  await expect(preview).toHaveAttribute('aria-rowcount', '1000001');
  const scroller = page.getByRole('region', { name: 'Data preview, scrollable' });
  await scroller.focus();
  await page.keyboard.press('End');
  await expect(preview.locator('[aria-rowindex="1000001"]')).toBeVisible();
  await expect(preview.locator('[aria-rowindex="1000001"] [role=cell]').first()).toHaveText('1000000');
  await expect(preview.locator('[aria-rowindex="1000001"] [role=cell]').nth(1)).not.toHaveText('');
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
  await expect(preview.locator('[role=row][aria-rowindex]').nth(3)).toBeVisible();
});

test('a dropped file loads like a chosen one', async ({ page }) => {
  await openStudio(page, 'explore');
  const bytes = readFileSync(fixture('data/students.csv'));
  const dataTransfer = await page.evaluateHandle((content) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([content], 'students.csv', { type: 'text/csv' }));
    return transfer;
  }, bytes.toString('utf8'));
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Data');
  await expect(loadedStatus(page, 5, 6)).toBeVisible();
});
