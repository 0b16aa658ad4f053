/**
 * Two tabs of the studio on one browser profile share one database. What one tab saves, the
 * other shows once the change message arrives (BroadcastChannel), and a schema upgrade from
 * elsewhere makes a tab ask for a reload instead of writing with an old schema.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, openStudio, loadedStatus } from './fixtures';

/** A second tab of the same profile, opened once the first has made the default project. */
async function secondTab(context: BrowserContext, step = 'data'): Promise<Page> {
  const other = await context.newPage();
  await openStudio(other, step);
  return other;
}

function projectSelect(page: Page) {
  return page.getByLabel('Project', { exact: true });
}

test('a project renamed in one tab is renamed in the other', async ({ page, context }) => {
  await openStudio(page);
  const other = await secondTab(context);
  await expect(projectSelect(other).locator('option:checked')).toHaveText('My first project');

  await page.getByRole('button', { name: 'Rename project' }).click();
  await page.getByLabel('Project name', { exact: true }).fill('Shared study');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(projectSelect(page).locator('option:checked')).toHaveText('Shared study');

  await expect(projectSelect(other).locator('option:checked')).toHaveText('Shared study');
  await expect(projectSelect(other).locator('option')).toHaveCount(1);
});

test('a sample loaded in one tab shows in the other tab\'s Data step', async ({ page, context }) => {
  await openStudio(page);
  const other = await secondTab(context);
  await expect(other.getByRole('table', { name: 'Data preview' })).toHaveCount(0);

  await page.getByLabel('Sample dataset', { exact: true }).selectOption({ label: 'Palmer penguins' });
  await page.getByRole('button', { name: 'Load sample' }).click();
  await expect(loadedStatus(page, 344, 7)).toBeVisible();

  await expect(loadedStatus(other, 344, 7)).toBeVisible();
  await expect(other.getByRole('table', { name: 'Data preview' })).toContainText('Adelie');
  await expect(other.getByRole('alert')).toHaveCount(0);
});

test('cleaning steps applied in two tabs build on each other; neither is saved over', async ({ page, context }) => {
  const nav = (tab: Page, name: string) => tab.getByRole('navigation', { name: 'Workflow' }).getByRole('link', { name, exact: true }).click();
  const recipe = (tab: Page) => tab.getByRole('list', { name: 'Cleaning recipe' }).getByRole('listitem');
  const dropColumn = async (tab: Page, column: string) => {
    await tab.getByLabel('Operation', { exact: true }).selectOption({ label: 'Drop column' });
    await tab.getByLabel('Column', { exact: true }).selectOption(column);
    await tab.getByRole('button', { name: 'Apply' }).click();
  };
  await openStudio(page);
  await page.getByLabel('Sample dataset', { exact: true }).selectOption({ label: 'Palmer penguins' });
  await page.getByRole('button', { name: 'Load sample' }).click();
  await expect(loadedStatus(page, 344, 7)).toBeVisible();
  const other = await secondTab(context, 'clean');
  await expect(recipe(other)).toHaveCount(0);
  await nav(page, 'Clean');

  await dropColumn(page, 'Island');
  await expect(recipe(page)).toHaveCount(1);
  await expect(recipe(other)).toHaveCount(1);
  await expect(recipe(other).first()).toContainText('Island');

  // The other tab's step is added after the first one, not instead of it.
  await dropColumn(other, 'Sex');
  await expect(recipe(other)).toHaveCount(2);
  await expect(recipe(page)).toHaveCount(2);
  await page.reload();
  await expect(recipe(page)).toHaveCount(2);
  await expect(recipe(page).nth(0)).toContainText('Island');
  await expect(recipe(page).nth(1)).toContainText('Sex');
  await expect(other.getByRole('alert')).toHaveCount(0);
});

test('a newer schema opened elsewhere makes the tab ask for a reload', async ({ page, context }) => {
  await openStudio(page);
  const other = await secondTab(context);
  await expect(page.getByRole('alert')).toHaveCount(0);

  // What a newer studio in another tab does: open the database at the next version.
  const outcome = await other.evaluate(
    () =>
      new Promise<{ from: number; to: number; result: string }>((resolve) => {
        const probe = indexedDB.open('ml-studio');
        probe.onsuccess = () => {
          const from = probe.result.version;
          probe.result.close();
          const upgrade = indexedDB.open('ml-studio', from + 1);
          upgrade.onsuccess = () => {
            upgrade.result.close();
            resolve({ from, to: from + 1, result: 'upgraded' });
          };
          upgrade.onblocked = () => resolve({ from, to: from + 1, result: 'blocked' });
          upgrade.onerror = () => resolve({ from, to: from + 1, result: `failed: ${upgrade.error?.name}` });
        };
        probe.onerror = () => resolve({ from: -1, to: -1, result: `failed: ${probe.error?.name}` });
      }),
  );
  expect(outcome.from).toBeGreaterThan(0);
  // Every studio connection (both pages and their workers) lets go, so the upgrade is not blocked.
  expect(outcome.result).toBe('upgraded');

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('updated in another tab');
  await expect(alert).toContainText('Reload this page');
});
