/**
 * Numbers as people type them: a decimal comma is read in every number field of the workflow,
 * something that is not a number gets an alert beside the form that names the field (never a
 * generic "Something went wrong"), values pre-filled for editing read as a person writes them,
 * and Serve's form can be filled from a validation row. The Test step's verdict is said once,
 * and its warning about reusing the test part comes only with a repeat run.
 */
import { readFileSync } from 'node:fs';
import { test, expect, openStudio, openServe, nav, loadedStatus, trainModel } from './fixtures';
import { createRandom } from '$src/core/random';
import type { Page } from '@playwright/test';

const CITIES = ['Lyon', 'Porto', 'Gdańsk', 'Zürich'];

/** Visits: a date, a city, a temperature and a humidity with decimals, and whether it was warm. */
function visitsCsv(rows: number): string {
  const random = createRandom(3);
  const lines = ['visit,city,temp,humidity,outcome'];
  for (let i = 0; i < rows; i++) {
    const day = new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10);
    const temp = 15 + random.normal() * 8;
    const humidity = 40 + random.next() * 50;
    const warm = temp + random.normal() * 2 > 15;
    lines.push([day, CITIES[i % CITIES.length], temp.toFixed(3), humidity.toFixed(2), warm ? 'warm' : 'cold'].join(','));
  }
  return lines.join('\n');
}

/** The one alert on the page says `text`, in a form's own words rather than the generic title. */
async function expectFormAlert(page: Page, text: string | RegExp): Promise<void> {
  const alert = page.getByRole('alert');
  await expect(alert).toContainText(text);
  await expect(alert).not.toContainText('Something went wrong');
  await alert.getByRole('button', { name: 'Dismiss' }).click();
}

test('a decimal comma works in every number field; what is not a number is named in an alert', async ({ page }) => {
  test.setTimeout(180_000);
  await openStudio(page);
  await page.getByLabel('Rows', { exact: true }).fill('a few');
  await page.getByRole('button', { name: 'Generate' }).click();
  await expect(page.getByRole('alert')).toContainText('Rows must be a whole number between');
  await page.getByLabel('Load data file', { exact: true }).setInputFiles({ name: 'visits.csv', mimeType: 'text/csv', buffer: Buffer.from(visitsCsv(400)) });
  await expect(loadedStatus(page, 400, 5)).toBeVisible();

  await nav(page, 'Validate');
  await page.getByLabel('Rule column', { exact: true }).selectOption('humidity');
  await page.getByLabel('Rule', { exact: true }).selectOption({ label: 'In range' });
  await page.getByLabel('Min', { exact: true }).fill('forty');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByRole('alert')).toContainText('Min must be a number, such as 0.5 or 0,5; "forty" is not.');
  await page.getByLabel('Min', { exact: true }).fill('40,5');
  await page.getByLabel('Max', { exact: true }).fill('89,5');
  await page.getByRole('button', { name: 'Add rule' }).click();
  const results = page.getByRole('table', { name: 'Validation results' });
  await expect(results.getByRole('row')).toHaveCount(2);
  await expect(results).toContainText('40.5');

  await nav(page, 'Split');
  await page.getByLabel('Seed', { exact: true }).fill('1,5');
  await page.getByRole('button', { name: 'Split data' }).click();
  await expectFormAlert(page, 'Seed must be a whole number');
  await page.getByLabel('Seed', { exact: true }).fill('7');
  await page.getByLabel('Train %', { exact: true }).fill('70,5');
  await page.getByLabel('Validation %', { exact: true }).fill('14,5');
  await page.getByLabel('Test %', { exact: true }).fill('15');
  await expect(page.getByText('The parts add up to 100 %.')).toBeVisible();
  await page.getByRole('button', { name: 'Split data' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Train 282 · Validation 58 · Test 60' })).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download validation set' }).click();
  const validation = readFileSync((await (await download).path())!, 'utf8').trim().split(/\r?\n/).map((line) => line.split(','));

  await nav(page, 'Train');
  await expect(page.getByLabel('Target column', { exact: true })).toHaveValue('outcome');
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Logistic regression' });
  await page.getByLabel('Learning rate', { exact: true }).fill('0,0,5');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expectFormAlert(page, 'Learning rate must be a number greater than 0');
  await trainModel(page, 'Logistic regression', { 'Learning rate': '0,05', Epochs: '20' });

  await nav(page, 'Test');
  await page.getByLabel('Threshold', { exact: true }).fill('abc');
  await page.getByRole('button', { name: 'Run acceptance test' }).click();
  await expectFormAlert(page, 'The threshold for Accuracy must be a number');
  await page.getByLabel('Threshold', { exact: true }).fill('0,1');
  await page.getByRole('button', { name: 'Run acceptance test' }).click();
  const verdict = page.getByRole('status').filter({ hasText: /^Passed/ });
  await expect(verdict).toContainText(/^Passed: Accuracy [\d.]+ ≥ 0\.1 \(60 test rows\)$/);
  // The first look at the test part is not a reuse.
  await expect(page.getByText(/has been used/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Run acceptance test' }).click();
  await expect(verdict).toContainText('run 2 on this test part');
  await expect(page.getByText('The test set has been used once before.', { exact: false })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('test-step.png'), fullPage: true });

  await nav(page, 'Monitor');
  await page.getByLabel('PSI threshold', { exact: true }).fill('0,25');
  await expect(page.getByText('A feature whose PSI is above 0.25 counts as drifted')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await page.getByLabel('PSI threshold', { exact: true }).fill('a lot');
  await expect(page.getByRole('alert')).toContainText('PSI threshold must be a number');

  await openServe(page);
  const temp = page.getByLabel('temp', { exact: true });
  // The train median, a float32 in the model, pre-filled in the digits it was written with.
  await expect(temp).toHaveValue(/^-?\d+(\.\d{1,4})?$/);
  await expect(page.getByLabel('humidity', { exact: true })).toHaveValue(/^\d+(\.\d{1,3})?$/);

  // Fill from a validation row: the fields hold that row's values, date and text included.
  await page.getByRole('button', { name: 'Fill from validation row' }).click();
  await expect(page.getByText('Filled from row 1 of the 58 validation rows.')).toBeVisible();
  await expectRow(page, validation[0], validation[1]);
  await page.getByRole('button', { name: 'Next validation row' }).click();
  await expect(page.getByText('Filled from row 2 of the 58 validation rows.')).toBeVisible();
  await expectRow(page, validation[0], validation[2]);
  await page.screenshot({ path: test.info().outputPath('serve-filled.png'), fullPage: true });
  await page.getByLabel('Validation row', { exact: true }).fill('58');
  await page.getByRole('button', { name: 'Fill from validation row' }).click();
  await expectRow(page, validation[0], validation[58]);
  await expect(page.getByRole('button', { name: 'Next validation row' })).toBeDisabled();

  await temp.fill('12,5');
  await page.getByRole('button', { name: 'Predict' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Prediction: (warm|cold)/ })).toBeVisible();
  await temp.fill('12,5,1');
  await page.getByRole('button', { name: 'Predict' }).click();
  await expect(page.getByRole('alert')).toContainText('temp must be a number');
  await page.screenshot({ path: test.info().outputPath('serve-alert.png'), fullPage: true });
  await expectFormAlert(page, 'temp must be a number');
});

/** Serve's fields hold the CSV row `cells` (under `header`): dates and text as written, numbers as the same float32. */
async function expectRow(page: Page, header: string[], cells: string[]): Promise<void> {
  for (const [i, name] of header.entries()) {
    if (name === 'outcome') continue;
    const field = page.getByLabel(name, { exact: true });
    if (name === 'temp' || name === 'humidity') {
      await expect.poll(async () => Math.fround(Number(await field.inputValue()))).toBe(Math.fround(Number(cells[i])));
    } else {
      await expect(field).toHaveValue(cells[i]);
    }
  }
}
