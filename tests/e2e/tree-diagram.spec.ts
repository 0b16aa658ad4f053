/**
 * The decision tree on Evaluate, through the names in docs/ui-names.md: the tree drawn with its
 * rules in the columns' units, the depth shown, a validation row followed to its leaf, and the
 * loss curves counted in depths.
 */
import { test, expect, openStudio, nav, loadSample, splitData, trainModel } from './fixtures';

test('decision tree: the diagram, a followed row and the depth curve', async ({ page }) => {
  test.setTimeout(180_000);
  await openStudio(page);
  await loadSample(page, 'Palmer penguins', 344, 7);
  await splitData(page);
  await nav(page, 'Train');
  await page.getByLabel('Target column', { exact: true }).selectOption('Species');
  await trainModel(page, 'Decision tree', { 'Max depth': '4', 'Model name': 'Species tree' });

  await nav(page, 'Evaluate');
  const figure = page.getByRole('figure', { name: 'Decision tree' });
  await expect(figure).toBeVisible();
  await expect(figure.getByRole('img')).toHaveAccessibleName(/^Decision tree of depth 4 with \d+ leaves\. Drawn to depth \d/);
  // The rules read in the columns' own units: the penguins' lengths, depths (mm) and masses (g)
  // are all 13 or more, where a standardised threshold would lie within a few units of 0.
  const list = page.getByRole('list', { name: 'Decision tree as a list' });
  await expect(list).toContainText('Splits on');
  await expect(list).toContainText(/Adelie \d+(\.\d+)?%/);
  await expect(list).toContainText(/When [A-Za-z ]+\((mm|g)\) (≤|>) \d{2,}/);

  // Only the root drawn: every followed path goes on below it.
  await page.getByLabel('Depth shown', { exact: true }).selectOption('0');
  await expect(figure.getByRole('img')).toHaveAccessibleName(/Drawn to depth 0: \d+ nodes further down are hidden\./);

  // The typical row is followed at once; then a validation row, then a value that is no number.
  const form = page.getByRole('form', { name: 'Follow a row' });
  await expect(form.getByRole('status')).toContainText(/From the typical values of the train part: the row passes [1-4] splits? to a leaf\. Predicts (Adelie|Chinstrap|Gentoo)/);
  await form.getByLabel('Validation row', { exact: true }).fill('2');
  await form.getByRole('button', { name: 'Follow validation row' }).click();
  await expect(form.getByRole('status')).toContainText(/From validation row 2 of \d+: the row passes/);
  await expect(page.getByRole('list', { name: 'Path of the row' }).getByRole('listitem').first()).toContainText('(this row: ');
  await expect(figure).toContainText(/The followed row's path goes on [1-4] nodes? below the drawing\./);
  await page.getByRole('button', { name: 'Draw the rest of the path' }).click();
  await expect(figure.getByRole('img')).not.toHaveAccessibleName(/Drawn to depth 0/);

  // The fields are the features the tree splits on, which depend on the split: take a measurement.
  const measurement = form.getByLabel(/\((mm|g)\)$/).first();
  const name = (await measurement.getAttribute('id'))!.replace(/^follow-/, '');
  await measurement.fill('long');
  await form.getByRole('button', { name: 'Follow', exact: true }).click();
  await expect(form.getByRole('alert')).toContainText(`${name} must be a number`);
  await expect(form.getByRole('status')).toHaveCount(0);

  const loss = page.getByRole('img', { name: /^Loss curves over 4 depths/ });
  await expect(loss).toBeVisible();
  await expect(page.getByText('that is overfitting')).toBeVisible();
});
