/**
 * Project files through the names in docs/ui-names.md: a whole project exported as one file comes back
 * exactly on import; broken, foreign or newer files are refused and change nothing.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test, expect, openStudio, loadedStatus, nav, loadSample, splitData, trainModel } from './fixtures';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/project-files/${name}`, import.meta.url));

interface Case { file: string; outcome: 'imported' | 'refused'; alertIncludes?: string }

test('a project exported to one file is restored by importing it', async ({ page }) => {
  test.setTimeout(120_000);
  await openStudio(page);
  await page.getByRole('button', { name: 'Rename project' }).click();
  await page.getByLabel('Project name', { exact: true }).fill('Field trip');
  await page.getByRole('button', { name: 'Save name' }).click();
  await loadSample(page, 'Palmer penguins', 344, 7);
  await nav(page, 'Clean');
  await page.getByLabel('Operation', { exact: true }).selectOption({ label: 'Impute missing values' });
  await page.getByLabel('Column', { exact: true }).selectOption('Body Mass (g)');
  await page.getByRole('button', { name: 'Apply' }).click();
  const split = await splitData(page);
  await nav(page, 'Train');
  await trainModel(page, 'Logistic regression', { Epochs: '20' });

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export project' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Field trip.mlstudio');
  const path = (await file.path())!;

  await page.getByRole('button', { name: 'Delete project' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByLabel('Project', { exact: true }).locator('option')).toHaveCount(1);

  await page.getByLabel('Import project', { exact: true }).setInputFiles({ name: 'Field trip.mlstudio', mimeType: 'application/octet-stream', buffer: readFileSync(path) });
  await expect(page.getByLabel('Project', { exact: true }).locator('option:checked')).toHaveText('Field trip');
  await nav(page, 'Data');
  await expect(loadedStatus(page, 344, 7)).toBeVisible();
  await nav(page, 'Clean');
  await expect(page.getByRole('list', { name: 'Cleaning recipe' }).getByRole('listitem')).toHaveCount(1);
  await nav(page, 'Split');
  await expect(page.getByRole('status').filter({ hasText: split })).toBeVisible();
  await nav(page, 'Train');
  await expect(page.getByRole('table', { name: 'Models' }).getByRole('row')).toHaveCount(2);
});

test('broken, foreign and newer project files are refused with an alert; a good one imports', async ({ page }) => {
  const cases: Case[] = JSON.parse(readFileSync(fixture('manifest.json'), 'utf8'));
  await openStudio(page);
  await page.getByRole('button', { name: 'Load sample' }).click();
  await expect(loadedStatus(page, 344, 7)).toBeVisible();
  for (const c of cases.filter((c) => c.outcome === 'refused')) {
    await test.step(c.file, async () => {
      await page.getByLabel('Import project', { exact: true }).setInputFiles(fixture(c.file));
      await expect(page.getByRole('alert')).toContainText(c.alertIncludes!);
      await expect(page.getByLabel('Project', { exact: true }).locator('option')).toHaveCount(1);
      await expect(loadedStatus(page, 344, 7)).toBeVisible();
      await page.getByRole('button', { name: 'Dismiss' }).click();
    });
  }
  const good = cases.find((c) => c.outcome === 'imported')!;
  await page.getByLabel('Import project', { exact: true }).setInputFiles(fixture(good.file));
  await expect(page.getByLabel('Project', { exact: true }).locator('option')).toHaveCount(2);
  await expect(page.getByRole('status').filter({ hasText: /12 rows × 4 columns/ })).toBeVisible();
});
