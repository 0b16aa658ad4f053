/**
 * Offline: after one visit the service worker has precached the whole studio, so with the network
 * off it opens and runs the whole workflow (load, clean, split, train, package, serve). A new
 * version announces itself and waits for the user's say-so.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect, openStudio, openServe, loadedStatus, nav, imputeMedian } from './fixtures';
import type { Page } from '@playwright/test';

/** The first visit, online: waits until the service worker is active, then reloads under its control. */
async function visitOnce(page: Page) {
  await openStudio(page);
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await expect(page.getByText('Opening the studio…')).toHaveCount(0);
  expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/studio\/sw\.js$/);
}

/** Whether the browser can reach the server for a file the service worker does not hold. */
const reachesNetwork = (page: Page) =>
  page.evaluate(() => fetch(`./not-precached-${Date.now()}.txt`).then(() => true, () => false));

test('after one visit, the whole workflow runs with the network off', async ({ page, context }) => {
  test.setTimeout(180_000);
  await visitOnce(page);
  expect(await reachesNetwork(page)).toBe(true);

  await context.setOffline(true);
  const fromNetwork: string[] = [];
  page.on('response', (response) => {
    if (!/^(data|blob):/.test(response.url()) && !response.fromServiceWorker()) fromNetwork.push(response.url());
  });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('Opening the studio…')).toHaveCount(0);
  expect(await reachesNetwork(page)).toBe(false);

  // Load (the sample comes from the precache, through the data worker).
  await nav(page, 'Data');
  await page.getByLabel('Sample dataset', { exact: true }).selectOption({ label: 'Palmer penguins' });
  await page.getByRole('button', { name: 'Load sample' }).click();
  await expect(loadedStatus(page, 344, 7)).toBeVisible();

  // Clean: one imputation.
  await nav(page, 'Clean');
  await imputeMedian(page, 'Body Mass (g)');
  await expect(page.getByRole('list', { name: 'Cleaning recipe' }).getByRole('listitem')).toHaveCount(1);

  // Split.
  await nav(page, 'Split');
  await page.getByRole('button', { name: 'Split data' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Train \d+ · Validation \d+ · Test \d+/ })).toBeVisible();

  // Train on the WASM backend (TF.js's wasm files from the precache).
  await nav(page, 'Train');
  await page.getByLabel('Model', { exact: true }).selectOption({ label: 'Logistic regression' });
  await page.getByLabel('Epochs', { exact: true }).fill('30');
  await page.getByLabel('Backend', { exact: true }).selectOption({ label: 'WASM' });
  await page.getByLabel('Model name', { exact: true }).fill('Offline penguins');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Training complete' })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('status').filter({ hasText: 'Backend in use: wasm' })).toBeVisible();

  // Package: the parity check runs the exported graph in onnxruntime-web (its wasm from the precache).
  await nav(page, 'Package');
  await expect(page.getByRole('status').filter({ hasText: /^Parity: max difference \S+ on \d+ rows/ })).toBeVisible({ timeout: 60_000 });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export ONNX' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Offline penguins.onnx');
  expect(readFileSync((await file.path())!).length).toBeGreaterThan(1000);

  // Serve: a prediction from the example row the form starts with.
  await openServe(page);
  await expect(page.getByLabel('Body Mass (g)', { exact: true })).not.toHaveValue('');
  await page.getByRole('button', { name: 'Predict' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Prediction: (Adelie|Chinstrap|Gentoo)/ })).toBeVisible();

  // Nothing came from the network while it was off; no update was announced.
  expect(fromNetwork).toEqual([]);
  await expect(page.getByRole('button', { name: 'Reload to update' })).toHaveCount(0);
});

/**
 * A server of its own for the update test, on a copy of the build, so that the test can publish
 * a new version (a changed service worker script) without touching what the other tests load.
 */
const updatable = test.extend<object, { site: { url: string; dir: string } }>({
  site: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's needs from this pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'studio-update-'));
      cpSync('dist', dir, { recursive: true });
      const port = await freePort();
      const server = spawn(process.execPath, ['tests/e2e/static-server.mjs', dir, String(port), '/studio/'], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.stdout!.once('data', () => resolve());
      });
      await use({ url: `http://127.0.0.1:${port}/studio/`, dir });
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ site }, use) => use(site.url),
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    }).on('error', reject);
  });
}

const marked = (page: Page) => page.evaluate(() => (window as unknown as { marker?: boolean }).marker ?? false);

updatable('a new version announces itself and applies only when the user asks', async ({ page, site }) => {
  await visitOnce(page);
  await page.evaluate(() => { (window as unknown as { marker: boolean }).marker = true; });

  // Publish a new version; the open studio finds it when it next checks (here: at once).
  appendFileSync(join(site.dir, 'sw.js'), '\n// a new version\n');
  await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())!.update(); });

  const prompt = page.getByRole('status').filter({ hasText: 'A new version of the studio is ready.' });
  await expect(prompt).toBeVisible();
  const button = prompt.getByRole('button', { name: 'Reload to update' });
  await expect(button).toBeVisible();
  // It waits for the user: no reload by itself, the new version stays waiting.
  await page.waitForTimeout(1500);
  expect(await marked(page)).toBe(true);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting !== null)).toBe(true);

  const reloaded = page.waitForEvent('load');
  await button.click();
  await reloaded;
  expect(await marked(page)).toBe(false);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText('Opening the studio…')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Reload to update' })).toHaveCount(0);
  expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting)).toBeNull();
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
});
