/**
 * No action is ever dropped without a word: whatever is asked for while a job runs waits its turn
 * (and says so), then runs; a file chosen while another loads replaces it. A long training run
 * stands in for "a job that runs": it is cancelled by the test, so nothing depends on timing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { test, expect, openStudio, openServe, nav, loadSample, loadedStatus, splitData, trainModel } from './fixtures';
import type { Page } from '@playwright/test';

/** Starts an MLP run long enough to outlast whatever the test asks for meanwhile. */
async function startLongTraining(page: Page): Promise<void> {
  await nav(page, 'Train');
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Neural network (MLP)' });
  await page.getByLabel('Epochs', { exact: true }).fill('10000');
  await page.getByLabel('Early stopping patience', { exact: true }).fill('0');
  await page.getByLabel('Backend', { exact: true }).selectOption({ label: 'WASM' });
  await page.getByLabel('Model name', { exact: true }).fill('Long run');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('progressbar')).toBeVisible();
}

async function cancelTraining(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Cancel' }).click();
}

function waiting(page: Page, text: string) {
  return page.getByRole('status').filter({ hasText: /^Waiting for Training Long run to finish/ }).filter({ hasText: text });
}

test('the file chosen last wins while another is still loading, and the user is told', async ({ page }) => {
  await openStudio(page);
  // About 30 MB: still being read when the second file is chosen. Given as a path, the browser
  // reads it from disk (a buffer would be copied into the page first, slowly).
  const big = test.info().outputPath('big.csv');
  writeFileSync(big, 'a,b,c,d,e,f,g,h\n' + '1.5,2.25,3,alpha,beta,4.75,5,gamma\n'.repeat(900_000));
  const input = page.getByLabel('Load data file', { exact: true });
  await input.setInputFiles(big);
  await expect(page.getByRole('progressbar')).toBeVisible();
  await input.setInputFiles({ name: 'small.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y,z\n1,2,a\n3,4,b\n5,6,c\n') });
  await expect(loadedStatus(page, 3, 3)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'small.csv is loaded' })).toContainText('stopped unfinished, so they changed nothing: big.csv');
  await expect(page.getByRole('table', { name: 'Data preview' })).toContainText('a');
  // The replaced file was never stored: the project holds one dataset (a list shows from two).
  await expect(page.getByRole('heading', { name: 'Datasets in this project' })).toHaveCount(0);
});

test('clean steps, a split and a scored file asked for during training wait their turn, then all run in order', async ({ page }) => {
  test.setTimeout(180_000);
  await openStudio(page);
  await loadSample(page, 'Palmer penguins', 344, 7);
  await splitData(page);
  await nav(page, 'Train');
  await trainModel(page, 'Logistic regression', { Epochs: '20' });
  await openServe(page);
  await expect(page.getByRole('button', { name: 'Predict' })).toBeVisible();

  await startLongTraining(page);

  // A prediction does not wait: the serve worker answers while the train worker trains.
  await openServe(page);
  await page.getByRole('button', { name: 'Predict' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Prediction:/ })).toBeVisible();
  // A scored file waits for the training, visibly.
  await page.getByLabel('Score data file', { exact: true }).setInputFiles({
    name: 'live.csv', mimeType: 'text/csv',
    buffer: Buffer.from('Species,Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex\nAdelie,Torgersen,39.1,18.7,181,3750,MALE\n'),
  });
  await expect(waiting(page, 'Scoring live.csv')).toBeVisible();

  // Two clean steps in quick succession: both are kept, in order.
  await nav(page, 'Clean');
  await page.getByLabel('Operation', { exact: true }).selectOption({ label: 'Drop column' });
  await page.getByLabel('Column', { exact: true }).selectOption('Sex');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.getByLabel('Column', { exact: true }).selectOption('Island');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(waiting(page, 'Applying the step · Applying the step')).toBeVisible();

  await nav(page, 'Split');
  await page.getByLabel('Seed', { exact: true }).fill('7');
  await page.getByRole('button', { name: 'Split data' }).click();
  await expect(waiting(page, 'Splitting the data')).toBeVisible();

  await cancelTraining(page);
  await expect(page.getByRole('status').filter({ hasText: /^Waiting for/ })).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByRole('status').filter({ hasText: /Train \d+ · Validation \d+ · Test \d+/ })).toBeVisible();
  await nav(page, 'Clean');
  const recipe = page.getByRole('list', { name: 'Cleaning recipe' }).getByRole('listitem');
  await expect(recipe).toHaveCount(2);
  await expect(recipe.nth(0)).toContainText('Sex');
  await expect(recipe.nth(1)).toContainText('Island');
  await nav(page, 'Logs');
  // Two single predictions' worth of requests: the one during training and the scored file's row.
  await expect(page.getByRole('table', { name: 'Inference log' }).getByRole('row')).toHaveCount(3);
});

test('a project imported during training waits for it, then opens', async ({ page }) => {
  test.setTimeout(150_000);
  await openStudio(page);
  await loadSample(page, 'Palmer penguins', 344, 7);
  const exported = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export project' }).click();
  const file = readFileSync((await (await exported).path())!);
  await splitData(page);
  await startLongTraining(page);
  await page.getByLabel('Import project', { exact: true }).setInputFiles({ name: 'Copy.mlstudio', mimeType: 'application/octet-stream', buffer: file });
  await expect(waiting(page, 'Importing Copy.mlstudio')).toBeVisible();
  await cancelTraining(page);
  await expect(page.getByRole('status').filter({ hasText: /^Imported ".*" from Copy\.mlstudio\./ })).toBeVisible({ timeout: 60_000 });
});

test('a reload during training says on return that the run was interrupted and nothing was saved', async ({ page }) => {
  test.setTimeout(120_000);
  await openStudio(page);
  await loadSample(page, 'Palmer penguins', 344, 7);
  await splitData(page);
  await startLongTraining(page);
  await page.reload();
  await expect(page.getByRole('alert')).toContainText('Training of Long run was interrupted');
  await expect(page.getByRole('alert')).toContainText('nothing from that run was saved');
  // It belongs to the Train step: it does not follow the user elsewhere.
  await nav(page, 'Data');
  await expect(page.getByRole('alert')).toHaveCount(0);
});
