/**
 * The page's Content-Security-Policy: strict (no 'unsafe-eval'), enforced, and the whole workflow
 * runs under it without a single violation. (The guard in fixtures.ts fails every test on a
 * violation too; this journey touches every step, its charts, workers and wasm.)
 */
import { test, expect, openStudio, openServe, loadedStatus, nav, imputeMedian, addRangeRule } from './fixtures';
import type { Page } from '@playwright/test';

type Recorded = { cspViolations: string[] };

/** Records the page's violations where the test can read them. */
async function recordViolations(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as Recorded;
    w.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}
const violations = (page: Page) => page.evaluate(() => (window as unknown as Recorded).cspViolations);

const policy = (page: Page) =>
  page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');

function penguinRows(): string {
  return [
    'Species,Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex',
    'Adelie,Torgersen,39.1,18.7,181,3750,MALE',
    'Adelie,Dream,37.8,18.3,174,3400,FEMALE',
    'Gentoo,Biscoe,47.5,15,215,5200,MALE',
    'Gentoo,Biscoe,46.1,13.2,211,4500,FEMALE',
    'Chinstrap,Dream,49,18.5,195,3800,MALE',
    'Chinstrap,Dream,46.5,17.9,192,3500,FEMALE',
  ].join('\n');
}

test('the policy is strict: no unsafe-eval, and the page cannot compile code from strings', async ({ page }) => {
  await openStudio(page);
  const content = (await policy(page))!;
  expect(content).not.toContain("'unsafe-eval'"); // 'wasm-unsafe-eval' is only WebAssembly
  expect(content).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(content).toContain("worker-src 'self' blob:");
  expect(content).toContain("object-src 'none'");
  // The tag comes before every script, so it governs them all.
  expect(await page.evaluate(() => {
    const meta = document.querySelector('meta[http-equiv="Content-Security-Policy"]')!;
    return [...document.scripts].every((s) => meta.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING);
  })).toBe(true);

  // Enforced: `new Function` is refused. The probe runs from a timer, as the page's own code
  // (page.evaluate itself is exempt), and its violation is caught before the guard sees it.
  const outcome = await page.evaluate(() => new Promise<{ result: string; seen: string[] }>((resolve) => {
    const seen: string[] = [];
    const swallow = (e: SecurityPolicyViolationEvent) => { seen.push(e.violatedDirective); e.stopImmediatePropagation(); };
    window.addEventListener('securitypolicyviolation', swallow, { capture: true });
    setTimeout(() => {
      let result: string;
      try {
        // eslint-disable-next-line no-new-func -- the probe: this must be refused
        result = String(new Function('return "compiled"')());
      } catch (error) {
        result = (error as Error).name;
      }
      setTimeout(() => {
        window.removeEventListener('securitypolicyviolation', swallow, { capture: true });
        resolve({ result, seen });
      }, 100);
    });
  }));
  expect(outcome.result).toBe('EvalError');
  expect(outcome.seen).toEqual(['script-src']);
});

test('the whole workflow raises no securitypolicyviolation', async ({ page }) => {
  test.setTimeout(180_000);
  await recordViolations(page);
  await openStudio(page);
  expect(await policy(page)).not.toContain("'unsafe-eval'");

  // Data
  await page.getByLabel('Sample dataset', { exact: true }).selectOption({ label: 'Palmer penguins' });
  await page.getByRole('button', { name: 'Load sample' }).click();
  await expect(loadedStatus(page, 344, 7)).toBeVisible();

  // Explore: the profile and a column's charts.
  await nav(page, 'Explore');
  const profile = page.getByRole('table', { name: 'Column profile' });
  await profile.getByRole('button', { name: 'Body Mass (g)', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Distribution of Body Mass (g)' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Relation to the target Species' })).toBeVisible();

  // Validate
  await nav(page, 'Validate');
  await addRangeRule(page, 'Body Mass (g)', 2000, 7000);
  await page.getByRole('button', { name: 'Run validation' }).click();
  await expect(page.getByRole('table', { name: 'Validation results' }).getByRole('row')).toHaveCount(2);

  // Clean
  await nav(page, 'Clean');
  await imputeMedian(page, 'Body Mass (g)');
  await expect(page.getByRole('list', { name: 'Cleaning recipe' }).getByRole('listitem')).toHaveCount(1);

  // Label
  await nav(page, 'Label');
  await page.getByLabel('Label column', { exact: true }).fill('size');
  await page.getByLabel('Label value', { exact: true }).fill('large');
  await page.getByLabel('Label rule', { exact: true }).fill('Body Mass (g) > 4500');
  await page.getByRole('button', { name: 'Apply labels' }).click();
  await expect(page.getByRole('status').filter({ hasText: /of 344 rows labelled/ })).toBeVisible();

  // Split
  await nav(page, 'Split');
  await page.getByRole('button', { name: 'Split data' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Train \d+ · Validation \d+ · Test \d+/ })).toBeVisible();

  // Train (an MLP on the WASM backend; the features leave out the label made above)
  await nav(page, 'Train');
  await expect(page.getByLabel('Target column', { exact: true })).toHaveValue('Species');
  const size = page.getByRole('group', { name: 'Features' }).getByRole('checkbox', { name: 'size' });
  if (await size.count()) await size.uncheck();
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Neural network (MLP)' });
  await page.getByLabel('Epochs', { exact: true }).fill('30');
  await page.getByLabel('Hidden layers', { exact: true }).fill('8');
  await page.getByLabel('Backend', { exact: true }).selectOption({ label: 'WASM' });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Training complete' })).toBeVisible({ timeout: 60_000 });

  // Evaluate: metrics and charts.
  await nav(page, 'Evaluate');
  await expect(page.getByRole('table', { name: 'Metrics', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Confusion matrix' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'ROC curve' })).toBeVisible();

  // Test
  await nav(page, 'Test');
  await page.getByLabel('Acceptance metric', { exact: true }).selectOption('Accuracy');
  await page.getByLabel('Threshold', { exact: true }).fill('0.5');
  await page.getByRole('button', { name: 'Run acceptance test' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^(Passed|Failed)/ })).toBeVisible();

  // Package: parity in onnxruntime-web, the ONNX file and the model card.
  await nav(page, 'Package');
  await expect(page.getByRole('status').filter({ hasText: /^Parity: max difference/ })).toBeVisible({ timeout: 60_000 });
  const onnx = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export ONNX' }).click();
  expect((await onnx).suggestedFilename()).toMatch(/\.onnx$/);
  const card = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download model card' }).click();
  await card;

  // Serve: one prediction and a scored file.
  await openServe(page);
  await expect(page.getByLabel('Body Mass (g)', { exact: true })).not.toHaveValue('');
  await page.getByRole('button', { name: 'Predict' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Prediction: (Adelie|Chinstrap|Gentoo)/ })).toBeVisible();
  await page.getByLabel('Score data file', { exact: true }).setInputFiles({ name: 'live.csv', mimeType: 'text/csv', buffer: Buffer.from(penguinRows()) });
  await expect(page.getByRole('status').filter({ hasText: '6 rows scored' })).toBeVisible();
  const predictions = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download predictions' }).click();
  await predictions;

  // Monitor: a drift report and its charts.
  await nav(page, 'Monitor');
  await page.getByLabel('Live data file', { exact: true }).setInputFiles({ name: 'live.csv', mimeType: 'text/csv', buffer: Buffer.from(penguinRows()) });
  await expect(page.getByRole('table', { name: 'Drift report' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'Monitoring history' })).toBeVisible();

  // Logs
  await nav(page, 'Logs');
  await expect(page.getByRole('table', { name: 'Inference log' }).getByRole('row')).not.toHaveCount(1);
  const log = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export log' }).click();
  await log;

  expect(await violations(page)).toEqual([]);
});
