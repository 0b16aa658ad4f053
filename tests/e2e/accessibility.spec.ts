import AxeBuilder from '@axe-core/playwright';
import { test, expect, openStudio, loadedStatus } from './fixtures';

const STEPS = ['data', 'explore', 'validate', 'clean', 'label', 'split', 'train', 'evaluate', 'test', 'package', 'serve', 'monitor', 'logs'];

async function seriousViolations(page: import('@playwright/test').Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('no step has serious accessibility violations, with and without data', async ({ page }) => {
  test.setTimeout(120_000);
  await openStudio(page);
  for (const step of STEPS) {
    await page.goto(`./#/${step}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(await seriousViolations(page), `step ${step}`).toEqual([]);
  }
  await page.goto('./#/data');
  await page.getByRole('button', { name: 'Load sample' }).click();
  await expect(loadedStatus(page, 344, 7)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Data preview' }).getByRole('row').nth(3)).toBeVisible();
  expect(await seriousViolations(page), 'data step with a dataset').toEqual([]);
  await page.goto('./#/explore');
  expect(await seriousViolations(page), 'explore step with a dataset').toEqual([]);
});

test('the workflow can be walked with the keyboard, with visible focus', async ({ page }) => {
  await openStudio(page);
  // Tab from the top of the page until the Explore link has focus.
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    const name = await page.evaluate(() => document.activeElement?.textContent?.trim());
    if (name === 'Explore') break;
  }
  const focused = page.locator(':focus');
  await expect(focused).toHaveText('Explore');
  const outline = await focused.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Explore');
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
});
