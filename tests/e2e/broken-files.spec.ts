/**
 * Every file of the broken-file corpus, loaded through the UI: each gives an alert (refused) or a
 * documented reading (loaded, with its warning), the tab stays alive, and a refused file leaves
 * the earlier dataset as it was.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test, expect, openStudio, loadedStatus } from './fixtures';

interface Case {
  file: string;
  outcome: 'refused' | 'loaded';
  alertIncludes?: string;
  rows?: number;
  columns?: number;
}

const corpus = (name: string) => fileURLToPath(new URL(`../fixtures/broken/${name}`, import.meta.url));
const cases: Case[] = JSON.parse(readFileSync(corpus('manifest.json'), 'utf8'));

test('the corpus has at least 15 broken files', () => {
  expect(cases.length).toBeGreaterThanOrEqual(15);
});

test('refused files give an alert and leave the earlier dataset intact', async ({ page }) => {
  test.setTimeout(120_000);
  await openStudio(page);
  await page.getByRole('button', { name: 'Load sample' }).click();
  await expect(loadedStatus(page, 344, 7)).toBeVisible();
  for (const c of cases.filter((c) => c.outcome === 'refused')) {
    await test.step(c.file, async () => {
      await page.getByLabel('Load data file', { exact: true }).setInputFiles(corpus(c.file));
      const alert = page.getByRole('alert');
      await expect(alert).toContainText(c.alertIncludes ?? '');
      await expect(alert).not.toContainText(/\bat \w+ \(|\.ts:\d+/); // never a stack trace
      await expect(loadedStatus(page, 344, 7)).toBeVisible();
      await expect(page.getByRole('table', { name: 'Data preview' })).toContainText('Adelie');
      await page.getByRole('button', { name: 'Dismiss' }).click();
    });
  }
});

test('files with problems that can still be read load with a warning that says what happened', async ({ page }) => {
  test.setTimeout(120_000);
  await openStudio(page);
  for (const c of cases.filter((c) => c.outcome === 'loaded')) {
    await test.step(c.file, async () => {
      await page.getByLabel('Load data file', { exact: true }).setInputFiles(corpus(c.file));
      const status = c.rows !== undefined && c.columns !== undefined
        ? loadedStatus(page, c.rows, c.columns)
        : page.getByRole('status').filter({ hasText: c.file });
      await expect(status).toBeVisible();
      if (c.alertIncludes) await expect(page.getByRole('alert')).toContainText(c.alertIncludes);
      await expect(page.getByRole('table', { name: 'Data preview' })).toBeVisible();
    });
  }
});

test('cells holding markup are shown as text and never run', async ({ page }) => {
  // Markup rendered as HTML would call alert (from an onerror attribute) and fail the test's guard.
  await page.addInitScript(() => {
    window.alert = () => { throw new Error('a script in the data ran'); };
  });
  await openStudio(page);
  const file = cases.find((c) => /markup|script|xss/i.test(c.file));
  expect(file, 'the corpus has a file with markup in its cells').toBeTruthy();
  await page.getByLabel('Load data file', { exact: true }).setInputFiles(corpus(file!.file));
  const preview = page.getByRole('table', { name: 'Data preview' });
  await expect(preview).toContainText('<img');
  await expect(preview.locator('img')).toHaveCount(0);
  await expect(preview.locator('script')).toHaveCount(0);
});
