/**
 * Gradient-boosted trees end to end, through the names in docs/ui-names.md: trained on penguins
 * in plain TypeScript with a live curve per iteration, evaluated, packaged as an ONNX tree
 * ensemble whose parity with the studio's own predictions is shown, and served.
 */
import type { Page } from '@playwright/test';
import { test, expect, openStudio, openServe, nav, loadSample, splitData, trainModel } from './fixtures';

/**
 * Package's parity status, within the 1e-5 tree models are held to (the check in the page
 * refuses more); a classifier's also says every label is equal.
 */
async function expectParity(page: Page, { labels }: { labels: boolean }): Promise<void> {
  await nav(page, 'Package');
  const parity = page.getByRole('status').filter({ hasText: labels ? /^Parity: max difference \S+ on \d+ rows\s+— every label equal/ : /^Parity: max difference \S+ on \d+ rows/ });
  await expect(parity).toBeVisible({ timeout: 90_000 });
  await expect(parity).toContainText('within 0.00001');
  const [, diff] = (await parity.textContent())!.match(/max difference (\S+) on/)!;
  expect(Number(diff)).toBeLessThanOrEqual(1e-5);
}

/** Serves one penguin that every model here should call a Gentoo. */
async function serveGentoo(page: Page): Promise<void> {
  await openServe(page);
  await page.getByLabel('Island', { exact: true }).selectOption('Biscoe');
  await page.getByLabel('Flipper Length (mm)', { exact: true }).fill('225');
  await page.getByLabel('Beak Depth (mm)', { exact: true }).fill('14');
  await page.getByLabel('Beak Length (mm)', { exact: true }).fill('48');
  await page.getByLabel('Body Mass (g)', { exact: true }).fill('5500');
  await page.getByRole('button', { name: 'Predict' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Prediction: Gentoo/ })).toBeVisible();
}

test('gradient-boosted trees: train on penguins, evaluate, package with parity, serve one prediction', async ({ page }) => {
  test.setTimeout(240_000);
  await openStudio(page);
  await loadSample(page, 'Palmer penguins', 344, 7);
  await splitData(page);
  await nav(page, 'Train');

  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Gradient-boosted trees' });
  // scikit-learn's defaults, and no Backend: trees need no TF.js.
  await expect(page.getByLabel('Trees', { exact: true })).toHaveValue('100');
  await expect(page.getByLabel('Max leaves', { exact: true })).toHaveValue('31');
  await expect(page.getByLabel('Max depth', { exact: true })).toHaveValue('0');
  await expect(page.getByLabel('Min samples per leaf', { exact: true })).toHaveValue('20');
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveValue('0.1');
  await expect(page.getByLabel('Backend', { exact: true })).toHaveCount(0);

  // A bad value gets the same alert as the other settings, and nothing is trained.
  await page.getByLabel('Max leaves', { exact: true }).fill('1');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Max leaves');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByRole('table', { name: 'Models' })).toHaveCount(0);

  await trainModel(page, 'Gradient-boosted trees', { Trees: '40', 'Max leaves': '15', 'Min samples per leaf': '5', 'Model name': 'Penguin trees' });
  await expect(page.getByRole('status').filter({ hasText: 'Backend in use: plain TypeScript' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /Training complete: Penguin trees on plain TypeScript, \d+ iterations/ })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Models' })).toContainText('Penguin trees');

  // Tuning searches the tree settings too.
  await page.getByLabel('Search the number of trees').check();
  await page.getByLabel('Trials', { exact: true }).fill('2');
  await page.getByRole('button', { name: 'Tune hyperparameters' }).click();
  await expect(page.getByRole('table', { name: 'Tuning results' }).getByRole('row')).toHaveCount(3, { timeout: 120_000 });
  await expect(page.getByRole('status').filter({ hasText: 'Tuning complete' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Tuning results' })).toContainText(/lr \S+ · trees \d+/);

  await nav(page, 'Evaluate');
  const metrics = page.getByRole('table', { name: 'Metrics' });
  for (const row of ['Accuracy', 'ROC AUC', 'Log loss']) await expect(metrics.getByRole('rowheader', { name: row, exact: true })).toBeVisible();
  const accuracy = Number((await metrics.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Accuracy', exact: true }) }).getByRole('cell').first().textContent())!);
  expect(accuracy).toBeGreaterThan(0.9);
  // Trees also say what they were built on: each feature's share of the total split gain.
  const gain = page.getByRole('table', { name: 'Importance by total gain' });
  await expect(gain.getByRole('rowheader')).toHaveCount(6);
  await expect(gain).toContainText('%');

  await expectParity(page, { labels: true });

  await serveGentoo(page);
});

test('random forest: a live curve per tree, Cancel keeps the trees grown, out-of-bag score, parity, serve', async ({ page }) => {
  test.setTimeout(240_000);
  await openStudio(page);
  await loadSample(page, 'Palmer penguins', 344, 7);
  await splitData(page);
  await nav(page, 'Train');

  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Random forest' });
  await expect(page.getByLabel('Trees', { exact: true })).toHaveValue('100');
  await expect(page.getByLabel('Features per split', { exact: true })).toHaveValue('sqrt');
  await expect(page.getByLabel('Bootstrap samples', { exact: true })).toBeChecked();
  await expect(page.getByLabel('Max leaves', { exact: true })).toHaveCount(0);
  await expect(page.getByLabel('Learning rate', { exact: true })).toHaveCount(0);

  await page.getByLabel('Features per split', { exact: true }).fill('most');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Features per split must be sqrt, all, or a fraction');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByLabel('Features per split', { exact: true }).fill('0.5');

  // Far more trees than it needs, so that Cancel comes first; the trees grown so far are kept.
  await page.getByLabel('Trees', { exact: true }).fill('5000');
  await page.getByLabel('Model name', { exact: true }).fill('Penguin forest');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /Trees \d+: validation loss/ })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: /best model so far \(its first \d+ trees\)/ })).toBeVisible();
  await page.getByRole('button', { name: 'Keep the best model so far' }).click();
  await expect(page.getByRole('table', { name: 'Models' })).toContainText('(cancelled)');

  await nav(page, 'Evaluate');
  await expect(page.getByText(/^Out-of-bag score: accuracy 0\.9\d\d on \d+ train rows/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Importance by total gain' }).getByRole('rowheader')).toHaveCount(6);

  await expectParity(page, { labels: true });

  await serveGentoo(page);
});

test('decision tree: regression with a depth curve, and its export reproduces every prediction', async ({ page }) => {
  test.setTimeout(180_000);
  await openStudio(page);
  await loadSample(page, 'Palmer penguins', 344, 7);
  await splitData(page);
  await nav(page, 'Train');
  await page.getByLabel('Target column', { exact: true }).selectOption('Body Mass (g)');
  await expect(page.getByLabel('Task', { exact: true })).toHaveValue('regression');
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Decision tree' });
  await expect(page.getByLabel('Max depth', { exact: true })).toHaveValue('0');
  await expect(page.getByLabel('Max leaves', { exact: true })).toHaveValue('0');
  await expect(page.getByLabel('Trees', { exact: true })).toHaveCount(0);
  await trainModel(page, 'Decision tree', { 'Max depth': '5', 'Model name': 'Mass tree' });
  await expect(page.getByRole('status').filter({ hasText: /Training complete: Mass tree on plain TypeScript, one tree of depth 5/ })).toBeVisible();

  await nav(page, 'Evaluate');
  await expect(page.getByRole('table', { name: 'Metrics' }).getByRole('rowheader', { name: 'R²', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Loss curves' })).toBeVisible();

  await expectParity(page, { labels: false });
});
