/**
 * What a new user meets in the first hour with a file of their own (not a bundled sample): Explore
 * settles and reaches the target's relations, an integer class 0–9 is suggested as classes in
 * Explore and Train alike, the counts shown are the true ones, and messages stay with the step
 * they came from.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect, openStudio, nav, loadedStatus, splitData, trainModel } from './fixtures';
import type { Page } from '@playwright/test';

/** A handwritten-digits-like table: eight pixel intensities 0–16 and the digit 0–9 it shows. */
function digitsCsv(rows: number): string {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const lines = ['p0,p1,p2,p3,p4,p5,p6,p7,digit'];
  for (let i = 0; i < rows; i++) {
    const digit = i % 10;
    const pixels = Array.from({ length: 8 }, (_, k) => Math.max(0, Math.min(16, Math.round(((digit * (k + 3)) % 17) + (random() - 0.5) * 4))));
    lines.push([...pixels, digit].join(','));
  }
  return lines.join('\n') + '\n';
}

async function loadDigits(page: Page): Promise<void> {
  await openStudio(page);
  const path = test.info().outputPath('my-digits.csv');
  writeFileSync(path, digitsCsv(400));
  await page.getByLabel('Load data file', { exact: true }).setInputFiles(path);
  await expect(loadedStatus(page, 400, 9)).toBeVisible();
}

test('Explore settles on the user’s own file and suggests classes for an integer digit, as Train does', async ({ page }) => {
  test.setTimeout(120_000);
  await loadDigits(page);
  await nav(page, 'Explore');
  await expect(page.getByRole('table', { name: 'Column profile' })).toBeVisible();
  const target = page.getByLabel('Target', { exact: true });
  await expect(target).toBeEnabled();
  await target.selectOption('digit');
  await expect(page.getByRole('heading', { name: 'Relation to the target digit' })).toBeVisible();
  await expect(page.getByText('10 distinct integers: looks like classes')).toBeVisible();
  // Profiling has settled: no job left running or waiting.
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: /^Waiting for/ })).toHaveCount(0);

  const counts = await splitData(page);
  await nav(page, 'Train');
  await page.getByLabel('Target column', { exact: true }).selectOption('digit');
  await expect(page.getByLabel('Task', { exact: true })).toHaveValue('classification');
  await expect(page.getByText('Suggested: Classification (10 distinct integers: looks like classes).')).toBeVisible();

  // The counts shown after training are the rows trained and measured on, not 0.
  await trainModel(page, 'Logistic regression', { Epochs: '10' });
  const [, train, validation] = counts.match(/Train (\d+) · Validation (\d+)/)!;
  await nav(page, 'Evaluate');
  await expect(page.getByText(`trained on ${train} rows`)).toBeVisible();
  await expect(page.getByText(`measured on the ${validation} validation rows`)).toBeVisible();
  await nav(page, 'Package');
  const card = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download model card' }).click();
  const text = readFileSync((await (await card).path())!, 'utf8');
  expect(text).toContain(`trained on ${train} train rows and validated on ${validation} validation rows`);
});

test('a message stays with the step it came from and goes when its form changes', async ({ page }) => {
  test.setTimeout(120_000);
  await loadDigits(page);
  await splitData(page);
  await nav(page, 'Train');
  await trainModel(page, 'Baseline');
  await nav(page, 'Evaluate');
  await expect(page.getByRole('heading', { level: 1, name: 'Evaluate' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Training complete' })).toHaveCount(0);
  await nav(page, 'Train');
  await expect(page.getByRole('status').filter({ hasText: 'Training complete' })).toHaveCount(0);

  // An invalid form gives an alert; editing the form takes it away.
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Logistic regression' });
  await page.getByLabel('Epochs', { exact: true }).fill('many');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Epochs');
  await page.getByLabel('Epochs', { exact: true }).fill('5');
  await expect(page.getByRole('alert')).toHaveCount(0);
});
