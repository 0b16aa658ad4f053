/**
 * The data phase end to end, through the names in docs/ui-names.md, on a real dataset with missing
 * values (Palmer penguins: 2 missing body masses, 10 missing sexes and one "." for sex).
 */
import { readFileSync } from 'node:fs';
import { test, expect, openStudio, loadedStatus, nav } from './fixtures';
import type { Page } from '@playwright/test';

async function loadPenguins(page: Page) {
  await openStudio(page);
  await page.getByLabel('Sample dataset', { exact: true }).selectOption({ label: 'Palmer penguins' });
  await page.getByRole('button', { name: 'Load sample' }).click();
  await expect(loadedStatus(page, 344, 7)).toBeVisible();
}

function profileRow(page: Page, column: string) {
  return page.getByRole('table', { name: 'Column profile' }).getByRole('row').filter({ has: page.getByRole('button', { name: column, exact: true }) });
}

test('Explore → Validate → Clean → Label → Split on penguins, surviving a reload', async ({ page }) => {
  test.setTimeout(120_000);
  await loadPenguins(page);

  // Explore: the profile of every column, and a column's distribution on selection.
  await nav(page, 'Explore');
  const profile = page.getByRole('table', { name: 'Column profile' });
  await expect(profile).toBeVisible();
  for (const header of ['Column', 'Type', 'Missing', 'Distinct', 'Min', 'Max', 'Mean']) {
    await expect(profile.getByRole('columnheader', { name: header, exact: true })).toBeVisible();
  }
  await expect(profileRow(page, 'Body Mass (g)')).toContainText('2700');
  await expect(profileRow(page, 'Body Mass (g)')).toContainText('6300');
  await expect(profileRow(page, 'Sex')).toContainText('10'); // the "." is not a missing token
  await profileRow(page, 'Body Mass (g)').getByRole('button', { name: 'Body Mass (g)', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Distribution of Body Mass (g)' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Relation to the target Species' })).toBeVisible();

  // Validate: rules as data, results per rule, an invalid rule refused.
  await nav(page, 'Validate');
  await page.getByLabel('Rule column', { exact: true }).selectOption('Body Mass (g)');
  await page.getByLabel('Rule', { exact: true }).selectOption({ label: 'Not missing' });
  await page.getByRole('button', { name: 'Add rule' }).click();
  await page.getByLabel('Rule', { exact: true }).selectOption({ label: 'In range' });
  await page.getByLabel('Min', { exact: true }).fill('5000');
  await page.getByLabel('Max', { exact: true }).fill('1000');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await expect(page.getByRole('alert')).toBeVisible();
  await page.getByLabel('Min', { exact: true }).fill('3000');
  await page.getByLabel('Max', { exact: true }).fill('6000');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await page.getByLabel('Rule column', { exact: true }).selectOption('Sex');
  await page.getByLabel('Rule', { exact: true }).selectOption({ label: 'One of' });
  await page.getByLabel('Values', { exact: true }).fill('MALE, FEMALE');
  await page.getByRole('button', { name: 'Add rule' }).click();
  await page.getByRole('button', { name: 'Run validation' }).click();
  const results = page.getByRole('table', { name: 'Validation results' });
  await expect(results.getByRole('columnheader', { name: 'Rule', exact: true })).toBeVisible();
  await expect(results.getByRole('columnheader', { name: 'Violations', exact: true })).toBeVisible();
  const rows = results.getByRole('row');
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1)).toContainText('2');
  await expect(rows.nth(3)).toContainText('1'); // the "." among the sexes

  // Clean: impute, replace ".", drop rows, undo.
  await nav(page, 'Clean');
  await page.getByLabel('Operation', { exact: true }).selectOption({ label: 'Impute missing values' });
  await page.getByLabel('Column', { exact: true }).selectOption('Body Mass (g)');
  await page.getByLabel('Strategy', { exact: true }).selectOption({ label: 'Median' });
  await expect(page.getByText(/changes 2 cells in 2 rows/)).toBeVisible();
  await page.getByRole('button', { name: 'Apply' }).click();
  const recipe = page.getByRole('list', { name: 'Cleaning recipe' });
  await expect(recipe.getByRole('listitem')).toHaveCount(1);
  await expect(recipe).toContainText('median');

  await page.getByLabel('Operation', { exact: true }).selectOption({ label: 'Replace values' });
  await page.getByLabel('Column', { exact: true }).selectOption('Sex');
  await page.getByLabel('Replace', { exact: true }).fill('.');
  await page.getByLabel('With', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(recipe.getByRole('listitem')).toHaveCount(2);

  await page.getByLabel('Operation', { exact: true }).selectOption({ label: 'Drop rows with missing values' });
  await page.getByLabel('Column', { exact: true }).selectOption('Sex');
  await expect(page.getByText(/removes 11 of 344 rows/)).toBeVisible();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(recipe.getByRole('listitem')).toHaveCount(3);
  await expect(page.getByRole('status').filter({ hasText: '333 rows' })).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(recipe.getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('status').filter({ hasText: '344 rows' })).toBeVisible();

  // A filter that would remove every row is refused, and nothing is stored.
  await page.getByLabel('Operation', { exact: true }).selectOption({ label: 'Filter rows' });
  await page.getByLabel('Column', { exact: true }).selectOption('Body Mass (g)');
  await page.getByLabel('Comparison', { exact: true }).selectOption({ label: 'is greater than' });
  await page.getByLabel('Value', { exact: true }).fill('100000');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('alert')).toContainText('every row');
  await expect(recipe.getByRole('listitem')).toHaveCount(2);
  await page.getByRole('button', { name: 'Dismiss' }).click();

  // The profile follows the recipe.
  await nav(page, 'Explore');
  await expect(profileRow(page, 'Body Mass (g)').getByRole('cell').nth(1)).toHaveText(/^0\b/); // Missing

  // Label: by rule, then by hand with a number key.
  await nav(page, 'Label');
  await page.getByLabel('Label column', { exact: true }).fill('size');
  await page.getByLabel('Label value', { exact: true }).fill('large');
  await page.getByLabel('Label rule', { exact: true }).fill('Body Mass (g) > 4500');
  await page.getByRole('button', { name: 'Apply labels' }).click();
  const labelled = page.getByRole('status').filter({ hasText: /of 344 rows labelled/ });
  await expect(labelled).toHaveText(/^1\d\d of 344 rows labelled$/);
  const before = Number((await labelled.textContent())!.split(' ')[0]);
  await page.getByLabel('Show only unlabelled rows').check();
  await page.getByLabel('Label value', { exact: true }).fill('small');
  await page.getByRole('button', { name: 'Save label' }).click();
  await expect(labelled).toHaveText(`${before + 1} of 344 rows labelled`);
  await page.getByRole('heading', { level: 1 }).click();
  await page.keyboard.press('1');
  await expect(page.getByLabel('Label value', { exact: true })).toHaveValue('large');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Save label' }).click();
  await expect(labelled).toHaveText(`${before + 2} of 344 rows labelled`);

  // Split: validated percentages, stratified, seeded; downloads carry the recipe's columns.
  await nav(page, 'Split');
  await page.getByLabel('Train %', { exact: true }).fill('80');
  await page.getByRole('button', { name: 'Split data' }).click();
  await expect(page.getByRole('alert')).toContainText('100');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await page.getByLabel('Train %', { exact: true }).fill('70');
  await page.getByLabel('Seed', { exact: true }).fill('7');
  await page.getByLabel('Stratify by', { exact: true }).selectOption('Species');
  await page.getByRole('button', { name: 'Split data' }).click();
  const counts = page.getByRole('status').filter({ hasText: /Train \d+ · Validation \d+ · Test \d+/ });
  await expect(counts).toBeVisible();
  const text = (await counts.textContent())!;
  const [train, validation, testRows] = text.match(/\d+/g)!.map(Number);
  expect(train + validation + testRows).toBe(344);
  expect(Math.abs(train - 0.7 * 344)).toBeLessThanOrEqual(3);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download train set' }).click();
  const file = await (await download).path();
  const csv = readFileSync(file!, 'utf8').trim().split(/\r?\n/);
  expect(csv[0]).toBe('Species,Island,Beak Length (mm),Beak Depth (mm),Flipper Length (mm),Body Mass (g),Sex,size');
  expect(csv.length - 1).toBe(train);

  // The test part is sealed: the data steps no longer see it.
  await nav(page, 'Explore');
  await expect(page.getByText(`The test part (${testRows} rows) is sealed`)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: `Profile of ${344 - testRows} rows` })).toBeVisible();

  // Everything comes back after a reload: recipe, rules, labels, split.
  await page.reload();
  await nav(page, 'Clean');
  await expect(page.getByRole('list', { name: 'Cleaning recipe' }).getByRole('listitem')).toHaveCount(4);
  await nav(page, 'Split');
  await expect(page.getByRole('status').filter({ hasText: text })).toBeVisible();
  await nav(page, 'Validate');
  await expect(page.getByRole('table', { name: 'Validation results' }).getByRole('row')).toHaveCount(4);
});

test('undoing a step made before the split removes the split, and says so', async ({ page }) => {
  await loadPenguins(page);
  await nav(page, 'Clean');
  await page.getByLabel('Operation', { exact: true }).selectOption({ label: 'Drop column' });
  await page.getByLabel('Column', { exact: true }).selectOption('Island');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('list', { name: 'Cleaning recipe' }).getByRole('listitem')).toHaveCount(1);
  await nav(page, 'Split');
  await page.getByRole('button', { name: 'Split data' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Train \d+ · Validation \d+ · Test \d+/ })).toBeVisible();
  await nav(page, 'Clean');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'split was made after that step' })).toBeVisible();
  await nav(page, 'Split');
  await expect(page.getByRole('status').filter({ hasText: 'Not split yet' })).toBeVisible();
});

test('a second dataset can be appended and joined, with its differences shown first', async ({ page }) => {
  await openStudio(page);
  const input = page.getByLabel('Load data file', { exact: true });
  await input.setInputFiles({ name: 'islands.csv', mimeType: 'text/csv', buffer: Buffer.from('Island,Area (km2)\nTorgersen,0.1\nBiscoe,2.5\nBiscoe,2.6\n') });
  await expect(loadedStatus(page, 3, 2)).toBeVisible();
  await page.getByLabel('Sample dataset', { exact: true }).selectOption({ label: 'Palmer penguins' });
  await page.getByRole('button', { name: 'Load sample' }).click();
  await expect(loadedStatus(page, 344, 7)).toBeVisible();

  await nav(page, 'Clean');
  await page.getByLabel('Operation', { exact: true }).selectOption({ label: 'Join another dataset' });
  await page.getByLabel('Column', { exact: true }).selectOption('Island');
  await page.getByLabel('Key in the other dataset', { exact: true }).selectOption('Island');
  await expect(page.getByText(/keys have no match/)).toBeVisible();
  await expect(page.getByText(/appear more than once in the other dataset/)).toBeVisible();
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('list', { name: 'Cleaning recipe' }).getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('status').filter({ hasText: '344 rows × 8 columns' })).toBeVisible();
});

test('cells that look like formulas are escaped in downloads', async ({ page }) => {
  await openStudio(page);
  const csv = 'name,amount\n=HYPERLINK("http://x"),-3\n+cmd,4\n@sum,5\nplain,6\nok,7\nfine,8\n';
  await page.getByLabel('Load data file', { exact: true }).setInputFiles({ name: 'formulas.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(loadedStatus(page, 6, 2)).toBeVisible();
  await nav(page, 'Split');
  await page.getByLabel('Train %', { exact: true }).fill('50');
  await page.getByLabel('Validation %', { exact: true }).fill('25');
  await page.getByLabel('Test %', { exact: true }).fill('25');
  await page.getByRole('button', { name: 'Split data' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Train 3 · Validation 2 · Test 1' }).or(page.getByRole('status').filter({ hasText: /Train 3 · Validation \d · Test \d/ }))).toBeVisible();
  const texts: string[] = [];
  for (const part of ['train', 'validation', 'test']) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: `Download ${part} set` }).click();
    texts.push(readFileSync((await (await download).path())!, 'utf8'));
  }
  const all = texts.join('\n');
  expect(all).not.toMatch(/^=|\n=|\n\+|\n@|,=|"=/);
  expect(all).toContain("'=HYPERLINK");
  expect(all).toContain('-3');
});
