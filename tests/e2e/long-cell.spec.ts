/**
 * A file with one cell of 5 MB (a pasted document) loads, is profiled, shown, cleaned and
 * downloaded like any other: nothing passes its characters as the arguments of one call.
 */
import { readFileSync } from 'node:fs';
import { test, expect, openStudio, loadedStatus, nav, splitData } from './fixtures';

test('a 5 MB text cell loads, profiles, previews, cleans and exports', async ({ page }) => {
  test.setTimeout(120_000);
  const cell = 'abcdefghij'.repeat(512 * 1024);
  const rows = [`1,  ${cell}  ,3`, ...Array.from({ length: 19 }, (_, i) => `${i + 2},short ${i % 4},${i}`)];
  await openStudio(page);
  await page.getByLabel('Load data file', { exact: true }).setInputFiles({ name: 'long-cell.csv', mimeType: 'text/csv', buffer: Buffer.from(`id,text,n\n${rows.join('\n')}\n`) });
  await expect(loadedStatus(page, 20, 3)).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Data preview' })).toContainText('short 3');

  await nav(page, 'Explore');
  const profile = page.getByRole('table', { name: 'Column profile' });
  const textRow = profile.getByRole('row').filter({ has: page.getByRole('button', { name: 'text', exact: true }) });
  // The long cell and "short 0" … "short 3": five different values, none missing.
  await expect(textRow.getByTitle('5 different values')).toBeVisible();
  await expect(textRow.getByTitle('0 of 20 rows')).toBeVisible();

  await nav(page, 'Clean');
  await page.getByLabel('Operation', { exact: true }).selectOption({ label: 'Trim text' });
  await page.getByLabel('Column', { exact: true }).selectOption('text');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('list', { name: 'Cleaning recipe' }).getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('alert')).toHaveCount(0);

  await splitData(page);
  const texts: string[] = [];
  for (const part of ['train', 'validation', 'test']) {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: `Download ${part} set` }).click();
    texts.push(readFileSync((await (await download).path())!, 'utf8'));
  }
  // The trimmed cell is in exactly one part, written whole.
  const holding = texts.filter((t) => t.includes(cell));
  expect(holding).toHaveLength(1);
  expect(holding[0]).toContain(`,${cell},`);
});
