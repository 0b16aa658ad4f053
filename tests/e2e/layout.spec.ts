/**
 * What a new user sees at common window sizes: a ten-class confusion matrix that fits at a
 * laptop's width, a Train step that never scrolls sideways in a narrow window, a chosen column's
 * chart brought into view, one line per row in the tables of predictions, and icons drawn rather
 * than left to the system's emoji font.
 */
import { test, expect, openStudio, openServe, nav, loadedStatus, splitData, trainModel } from './fixtures';
import { createRandom } from '$src/core/random';
import type { Locator, Page } from '@playwright/test';

const FEATURES = ['ink', 'width', 'height', 'loops', 'strokes', 'slant'];

/**
 * Handwritten-digit-like rows: an integer class 0–9 and six measurements whose means depend on
 * the class, so a linear model tells most digits apart but not all.
 */
function digitsCsv(rows: number, seed: number): string {
  const random = createRandom(seed);
  const lines = [[...FEATURES, 'digit'].join(',')];
  for (let i = 0; i < rows; i++) {
    const digit = i % 10;
    const values = FEATURES.map((_, f) => (Math.sin((digit + 1) * (f + 1)) * 3 + random.normal() * 1.5).toFixed(3));
    lines.push([...values, digit].join(','));
  }
  return lines.join('\n');
}

async function loadDigits(page: Page, rows = 800): Promise<void> {
  await page.getByLabel('Load data file', { exact: true }).setInputFiles({ name: 'digits.csv', mimeType: 'text/csv', buffer: Buffer.from(digitsCsv(rows, 11)) });
  await expect(loadedStatus(page, rows, FEATURES.length + 1)).toBeVisible();
}

/** True when the element's content is wider than its box (it scrolls sideways). */
function overflowsSideways(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el.scrollWidth > el.clientWidth);
}

test('a ten-class confusion matrix fits at 1280 px, and the Train step never scrolls sideways at 800 px', async ({ page }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await openStudio(page);
  await loadDigits(page);
  await splitData(page);

  await page.setViewportSize({ width: 800, height: 900 });
  await nav(page, 'Train');
  await page.getByLabel('Target column', { exact: true }).selectOption('digit');
  await page.getByLabel('Task', { exact: true }).selectOption('classification');
  await trainModel(page, 'Logistic regression', { Epochs: '30', 'Learning rate': '0,05' });
  await page.getByLabel('Trials', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Tune hyperparameters' }).click();
  await expect(page.getByRole('table', { name: 'Tuning results' }).getByRole('row')).toHaveCount(3, { timeout: 60_000 });
  await expect(page.getByRole('status').filter({ hasText: 'Tuning complete' })).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: test.info().outputPath('train-800.png'), fullPage: true });
  const page800 = page.locator(':root');
  expect(await page800.evaluate(() => document.scrollingElement!.scrollWidth <= document.scrollingElement!.clientWidth), 'the Train step fits an 800 px window').toBe(true);

  await page.setViewportSize({ width: 1280, height: 900 });
  await nav(page, 'Evaluate');
  // The model's summary counts the rows it was trained and measured on (560 and 120 of 800).
  await expect(page.getByText(/trained on 560 rows with \w+; measured on the 120 validation rows/)).toBeVisible();
  const matrix = page.getByRole('table', { name: 'Confusion matrix' });
  await expect(matrix.getByRole('columnheader', { name: '9', exact: true })).toBeVisible();
  await expect(matrix.getByRole('rowheader', { name: '9', exact: true })).toBeVisible();
  await page.getByRole('heading', { name: 'Confusion matrix' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('evaluate-1280.png') });
  expect(await overflowsSideways(matrix.locator('xpath=..')), 'the whole matrix is seen without scrolling it sideways').toBe(false);
  // Every cell is at least as wide as a four-digit count needs, and inside the window.
  const last = await matrix.getByRole('row').last().getByRole('cell').last().boundingBox();
  expect(last!.x + last!.width).toBeLessThanOrEqual(1280);
  expect(last!.width).toBeGreaterThanOrEqual(36);
});

test('choosing a column in Explore brings its distribution into view', async ({ page }) => {
  // Thirty sensor columns: the chart opens below a profile taller than the window.
  const random = createRandom(2);
  const names = Array.from({ length: 30 }, (_, i) => `sensor_${i + 1}`);
  const csv = [names.join(','), ...Array.from({ length: 100 }, () => names.map(() => random.normal().toFixed(2)).join(','))].join('\n');
  await page.setViewportSize({ width: 1280, height: 600 });
  await openStudio(page);
  await page.getByLabel('Load data file', { exact: true }).setInputFiles({ name: 'sensors.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(loadedStatus(page, 100, 30)).toBeVisible();
  await nav(page, 'Explore');
  const profile = page.getByRole('table', { name: 'Column profile' });
  await profile.getByRole('button', { name: 'sensor_2', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Distribution of sensor_2' })).toBeInViewport();
});

test('scored rows and the inference log show one line per row, opened on demand; icons are drawn', async ({ page }) => {
  test.setTimeout(150_000);
  await openStudio(page);
  await loadDigits(page, 400);
  await splitData(page);
  await expect(page.getByRole('main')).not.toContainText(/[\p{Extended_Pictographic}\u2600-\u27bf\u25a0-\u25ff]/u);
  await nav(page, 'Train');
  await page.getByLabel('Target column', { exact: true }).selectOption('digit');
  await page.getByLabel('Task', { exact: true }).selectOption('classification');
  await trainModel(page, 'Logistic regression', { Epochs: '10' });
  await expect(page.locator('body')).not.toContainText(/[\p{Extended_Pictographic}\u2600-\u27bf\u25a0-\u25ff]/u);

  await openServe(page);
  await page.getByLabel('Score data file', { exact: true }).setInputFiles({ name: 'live.csv', mimeType: 'text/csv', buffer: Buffer.from(digitsCsv(30, 5)) });
  await expect(page.getByRole('status').filter({ hasText: '30 rows scored' })).toBeVisible();
  const scored = page.getByRole('table', { name: 'Scored rows' });
  await page.screenshot({ path: test.info().outputPath('serve-scored.png'), fullPage: true });
  await expectOneLinePerRow(scored, 30);
  await scored.getByRole('row').nth(1).getByRole('group').locator('summary').click();
  await expect(scored.getByRole('row').nth(1).getByRole('definition').first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('serve-opened.png'), fullPage: true });

  await nav(page, 'Logs');
  const log = page.getByRole('table', { name: 'Inference log' });
  await page.screenshot({ path: test.info().outputPath('logs.png') });
  await expectOneLinePerRow(log, 30);
});

/** `rows` body rows, each about one line of text high (not a paragraph of inputs), and no wider than its box. */
async function expectOneLinePerRow(table: Locator, rows: number): Promise<void> {
  await expect(table.getByRole('row')).toHaveCount(rows + 1);
  const heights = await table.getByRole('row').evaluateAll((trs) => trs.slice(1).map((tr) => tr.getBoundingClientRect().height));
  const line = await table.evaluate((el) => parseFloat(getComputedStyle(el).fontSize) * 1.6);
  for (const height of heights) expect(height).toBeLessThan(line * 1.8);
  expect(await overflowsSideways(table.locator('xpath=..'))).toBe(false);
}
