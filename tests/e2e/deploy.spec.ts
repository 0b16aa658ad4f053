/**
 * Deployment through the names in docs/ui-names.md: single and batch predictions from the packaged ONNX
 * file, flagged rule violations, the inference log filling, surviving a reload and exported.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect, openStudio, openServe, nav, loadSample, splitData, trainModel, addRangeRule } from './fixtures';
import type { Page } from '@playwright/test';

async function trainPenguins(page: Page) {
  await openStudio(page);
  await loadSample(page, 'Palmer penguins', 344, 7);
  await nav(page, 'Validate');
  await addRangeRule(page, 'Body Mass (g)', 2000, 7000);
  await expect(page.getByRole('table', { name: 'Validation results' }).getByRole('row')).toHaveCount(2);
  await splitData(page);
  await nav(page, 'Train');
  await trainModel(page, 'Logistic regression', { Epochs: '40' });
}

test('serve single and batch predictions, flag rule violations, and log every request', async ({ page }) => {
  test.setTimeout(150_000);
  await trainPenguins(page);
  await openServe(page);
  const mass = page.getByLabel('Body Mass (g)', { exact: true });
  await expect(mass).not.toHaveValue('');
  await page.getByLabel('Island', { exact: true }).selectOption('Biscoe');
  await page.getByLabel('Flipper Length (mm)', { exact: true }).fill('225');
  await page.getByLabel('Beak Depth (mm)', { exact: true }).fill('14');
  await page.getByLabel('Beak Length (mm)', { exact: true }).fill('48');
  await mass.fill('5500');
  await page.getByRole('button', { name: 'Predict' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Prediction: Gentoo/ })).toBeVisible();

  // A value outside the rule's range is flagged with the rule named.
  await mass.fill('9000');
  await page.getByRole('button', { name: 'Predict' }).click();
  await expect(page.getByRole('alert')).toContainText('Body Mass (g)');

  // A whole file: one missing column, one unseen category, one broken rule; nothing crashes.
  const path = test.info().outputPath('live.csv');
  writeFileSync(path, [
    'Species,Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g)',
    'Adelie,Torgersen,39.1,18.7,181,3750',
    'Gentoo,Atlantis,47.5,15,215,5200',
    'Chinstrap,Dream,49,18.5,195,12000',
    'Adelie,Dream,abc,18,190,3500',
  ].join('\n'));
  await page.getByLabel('Score data file', { exact: true }).setInputFiles(path);
  await expect(page.getByRole('status').filter({ hasText: '4 rows scored' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '4 rows flagged' })).toBeVisible(); // every row lacks Sex
  const scored = page.getByRole('table', { name: 'Scored rows' });
  await expect(scored).toContainText('not seen in training');
  await expect(scored).toContainText('validation rule');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download predictions' }).click();
  const csv = readFileSync((await (await download).path())!, 'utf8').trim().split(/\r?\n/);
  expect(csv).toHaveLength(5);
  expect(csv[0]).toContain('prediction');
  expect(csv[0]).toContain('probability Adelie');

  // The log: newest first, survives a reload, exports, clears after confirmation.
  await nav(page, 'Logs');
  const log = page.getByRole('table', { name: 'Inference log' });
  for (const header of ['Time', 'Model', 'Inputs', 'Prediction', 'Latency (ms)']) await expect(log.getByRole('columnheader', { name: header, exact: true })).toBeVisible();
  await expect(log.getByRole('row')).toHaveCount(7); // header + 2 single + 4 batch
  await page.reload();
  await expect(page.getByRole('table', { name: 'Inference log' }).getByRole('row')).toHaveCount(7);
  const exported = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export log' }).click();
  const text = readFileSync((await (await exported).path())!, 'utf8');
  expect(text.trim().split(/\r?\n/)).toHaveLength(7);
  await page.getByRole('button', { name: 'Clear log' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Clear log' }).click();
  await expect(page.getByRole('table', { name: 'Inference log' }).getByRole('row')).toHaveCount(1);
});

test('a file that is not ONNX is refused when loaded for serving', async ({ page }) => {
  await openStudio(page, 'serve');
  await page.getByLabel('Serve an .onnx file made elsewhere', { exact: true }).setInputFiles({ name: 'fake.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from('this is not a model') });
  await expect(page.getByRole('alert')).toContainText('fake.onnx cannot be served');
});
