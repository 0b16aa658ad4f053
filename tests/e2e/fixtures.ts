/**
 * The test every end-to-end spec uses: it fails when the page asks another origin for anything
 * (the studio must work offline from its own files), when the page or a worker throws an
 * uncaught error, or when the page's Content-Security-Policy blocks anything.
 */
import { test as base, expect, type Page } from '@playwright/test';

export const test = base.extend<{ guard: void }>({
  guard: [
    async ({ page, baseURL }, use) => {
      const origin = new URL(baseURL!).origin;
      const problems: string[] = [];
      // Every frame reports what its Content-Security-Policy blocked, as a console error.
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) =>
          console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`));
      });
      page.on('request', (request) => {
        const url = request.url();
        if (/^(data|blob|about):/.test(url)) return;
        if (new URL(url).origin !== origin) problems.push(`request to another origin: ${url}`);
      });
      page.on('pageerror', (error) => problems.push(`uncaught error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error' && /uncaught|unhandled/i.test(message.text())) problems.push(`console: ${message.text()}`);
        if (message.type() === 'error' && message.text().startsWith('CSP violation')) problems.push(message.text());
      });
      page.on('worker', (worker) => {
        worker.on('console', (message) => {
          if (message.type() === 'error' && /uncaught|unhandled/i.test(message.text())) problems.push(`worker console: ${message.text()}`);
        });
      });
      await use();
      expect(problems, 'the page made no request to another origin, threw no uncaught error and broke no CSP rule').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/** Opens the studio at a step and waits until it is ready. */
export async function openStudio(page: Page, step = 'data'): Promise<void> {
  await page.goto(`./#/${step}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('Opening the studio…')).toHaveCount(0);
}

/** The `N rows × M columns` status after a load. */
export function loadedStatus(page: Page, rows: number, columns: number) {
  return page.getByRole('status').filter({ hasText: `${rows} rows × ${columns} columns` });
}

/** Opens a step through the Workflow navigation, as a person would. */
export function nav(page: Page, name: string): Promise<void> {
  return page.getByRole('navigation', { name: 'Workflow' }).getByRole('link', { name, exact: true }).click();
}

/** Loads a bundled sample in the Data step (the studio must be open) and waits for its shape. */
export async function loadSample(page: Page, sample: string, rows: number, columns: number): Promise<void> {
  await page.getByLabel('Sample dataset', { exact: true }).selectOption({ label: sample });
  await page.getByRole('button', { name: 'Load sample' }).click();
  await expect(loadedStatus(page, rows, columns)).toBeVisible();
}

/** In the Clean step: imputes `column`'s missing values with its median (Apply clicked; the caller checks the result). */
export async function imputeMedian(page: Page, column: string): Promise<void> {
  await page.getByLabel('Operation', { exact: true }).selectOption({ label: 'Impute missing values' });
  await page.getByLabel('Column', { exact: true }).selectOption(column);
  await page.getByLabel('Strategy', { exact: true }).selectOption({ label: 'Median' });
  await page.getByRole('button', { name: 'Apply' }).click();
}

/** In the Validate step: adds the rule "`column` in range [min, max]" (the caller checks the result). */
export async function addRangeRule(page: Page, column: string, min: number, max: number): Promise<void> {
  await page.getByLabel('Rule column', { exact: true }).selectOption(column);
  await page.getByLabel('Rule', { exact: true }).selectOption({ label: 'In range' });
  await page.getByLabel('Min', { exact: true }).fill(String(min));
  await page.getByLabel('Max', { exact: true }).fill(String(max));
  await page.getByRole('button', { name: 'Add rule' }).click();
}

/** Splits with the Split step's defaults and returns the `Train N · Validation N · Test N` text. */
export async function splitData(page: Page): Promise<string> {
  await nav(page, 'Split');
  await page.getByRole('button', { name: 'Split data' }).click();
  const counts = page.getByRole('status').filter({ hasText: /Train \d+ · Validation \d+ · Test \d+/ });
  await expect(counts).toBeVisible();
  return (await counts.textContent())!;
}

/**
 * Trains a model in the Train step on the WASM backend (the fastest without a GPU), filling
 * the named fields first, and waits for `Training complete`.
 */
export async function trainModel(page: Page, model: string, fields: Record<string, string> = {}): Promise<void> {
  await page.getByLabel('Model', { exact: true }).selectOption({ label: model });
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
  // Tree models have no Backend field (they train in plain TypeScript).
  const backend = page.getByLabel('Backend', { exact: true });
  if ((await backend.count()) > 0) await backend.selectOption({ label: 'WASM' });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Training complete' })).toBeVisible({ timeout: 60_000 });
}

/**
 * Opens Serve and waits for its own ready status (the model exported, checked and loaded), which
 * takes as long as the machine needs: a busy CI machine packages slowly.
 */
export async function openServe(page: Page): Promise<void> {
  await nav(page, 'Serve');
  await expect(page.getByRole('status').filter({ hasText: /^Ready: serving / })).toBeVisible({ timeout: 180_000 });
}
