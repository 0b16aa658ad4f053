import { readFileSync, statSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { test, expect, openStudio, loadedStatus, nav, loadSample, splitData, trainModel, imputeMedian } from './fixtures';

test('Package exports a verified ONNX file and a model card; the file runs in onnxruntime-node', async ({ page }) => {
  test.setTimeout(120_000);
  await openStudio(page);
  await loadSample(page, 'Palmer penguins', 344, 7);
  await splitData(page);
  await nav(page, 'Train');
  await trainModel(page, 'Neural network (MLP)', { Epochs: '20', 'Hidden layers': '8', 'Model name': 'Penguin MLP' });

  await nav(page, 'Package');
  const parity = page.getByRole('status').filter({ hasText: /^Parity: max difference \S+ on \d+ rows/ });
  await expect(parity).toBeVisible({ timeout: 60_000 });
  const [, diff, rows] = (await parity.textContent())!.match(/max difference (\S+) on (\d+) rows/)!;
  expect(Number(diff)).toBeLessThanOrEqual(1e-4);
  expect(Number(rows)).toBeGreaterThan(40);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export ONNX' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Penguin MLP.onnx');
  const path = (await file.path())!;
  expect(statSync(path).size).toBeGreaterThan(1000);

  const session = await ort.InferenceSession.create(readFileSync(path));
  expect([...session.inputNames].sort()).toEqual(['Beak Depth (mm)', 'Beak Length (mm)', 'Body Mass (g)', 'Flipper Length (mm)', 'Island', 'Sex'].sort());
  expect([...session.outputNames].sort()).toEqual(['label', 'probabilities']);
  const feeds: Record<string, ort.Tensor> = {
    'Beak Length (mm)': new ort.Tensor('float32', Float32Array.from([39.1, NaN]), [2, 1]),
    'Beak Depth (mm)': new ort.Tensor('float32', Float32Array.from([18.7, 15]), [2, 1]),
    'Flipper Length (mm)': new ort.Tensor('float32', Float32Array.from([181, 220]), [2, 1]),
    'Body Mass (g)': new ort.Tensor('float32', Float32Array.from([3750, 5500]), [2, 1]),
    Island: new ort.Tensor('string', ['Torgersen', 'Atlantis'], [2, 1]),
    Sex: new ort.Tensor('string', ['MALE', ''], [2, 1]),
  };
  const out = await session.run(feeds);
  const probabilities = out.probabilities.data as Float32Array;
  expect(probabilities[0] + probabilities[1] + probabilities[2]).toBeCloseTo(1, 5);
  expect(Array.from(out.label.data as string[])).toEqual([expect.any(String), expect.any(String)]);
  expect(out.label.data[0]).toBe('Adelie');

  const card = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download model card' }).click();
  const cardText = readFileSync((await (await card).path())!, 'utf8');
  expect(cardText).toContain('Penguin MLP');
  expect(cardText).toMatch(/Parity/i);
  expect(cardText).toMatch(/Intended use/i);
});

test('the recipe’s per-row steps travel inside the file: it takes raw columns, and parity holds', async ({ page }) => {
  test.setTimeout(120_000);
  await openStudio(page);
  await page.getByRole('button', { name: 'Load sample' }).click();
  await expect(loadedStatus(page, 344, 7)).toBeVisible();
  await nav(page, 'Clean');
  await imputeMedian(page, 'Body Mass (g)');
  await page.getByLabel('Operation', { exact: true }).selectOption({ label: 'Derive column' });
  await page.getByLabel('Column', { exact: true }).selectOption('Body Mass (g)');
  await page.getByLabel('Formula', { exact: true }).selectOption({ label: 'divided by' });
  await page.getByLabel('Second operand', { exact: true }).selectOption('Flipper Length (mm)');
  await page.getByLabel('New column name', { exact: true }).fill('mass per flipper');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByLabel('Operation', { exact: true }).selectOption({ label: 'Trim text' });
  await page.getByLabel('Column', { exact: true }).selectOption('Sex');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('list', { name: 'Cleaning recipe' }).getByRole('listitem')).toHaveCount(3);
  await splitData(page);
  await nav(page, 'Train');
  await trainModel(page, 'Logistic regression', { Epochs: '30' });

  await nav(page, 'Package');
  const parity = page.getByRole('status').filter({ hasText: /^Parity: max difference \S+ on \d+ rows\s+— every label equal/ });
  await expect(parity).toBeVisible({ timeout: 60_000 });
  const steps = page.getByRole('table', { name: 'Recipe steps in the ONNX file' });
  await expect(steps.getByRole('row').nth(1)).toContainText('Yes'); // impute
  await expect(steps.getByRole('row').nth(2)).toContainText('Yes'); // derive
  await expect(steps.getByRole('row').nth(3)).toContainText('No'); // trim: no text op in opset 17
  const inputs = page.getByRole('table', { name: 'Model inputs' });
  await expect(inputs).toContainText('Body Mass (g)');
  await expect(inputs).not.toContainText('mass per flipper');
});
