import { test, expect, openStudio } from './fixtures';

const STEPS = ['Data', 'Explore', 'Validate', 'Clean', 'Label', 'Split', 'Train', 'Evaluate', 'Test', 'Package', 'Serve', 'Monitor', 'Logs'];

test('the Workflow navigation has the thirteen steps in order, each with its own address and heading', async ({ page }) => {
  await openStudio(page);
  const nav = page.getByRole('navigation', { name: 'Workflow' });
  const links = nav.getByRole('link');
  await expect(links).toHaveText(STEPS);
  for (const name of STEPS) {
    await nav.getByRole('link', { name, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`#/${name.toLowerCase()}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
    await expect(nav.getByRole('link', { name, exact: true })).toHaveAttribute('aria-current', 'page');
  }
});

test('opening a step address opens the step, also after a reload', async ({ page }) => {
  await openStudio(page, 'monitor');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Monitor');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Monitor');
});

test('steps that cannot run yet say what they need and link to the step that comes first', async ({ page }) => {
  await openStudio(page, 'explore');
  const status = page.getByRole('status').filter({ hasText: 'needs a dataset' });
  await expect(status).toBeVisible();
  await status.getByRole('link', { name: 'Go to Data' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Data');

  // Later steps ask for the earliest thing missing on the way: first data, then a split.
  await page.goto('./#/monitor');
  await expect(page.getByRole('status').filter({ hasText: 'needs a dataset' })).toBeVisible();
  await page.goto('./#/data');
  await page.getByRole('button', { name: 'Load sample' }).click();
  await expect(page.getByRole('status').filter({ hasText: '344 rows × 7 columns' })).toBeVisible();
  await page.goto('./#/monitor');
  const split = page.getByRole('status').filter({ hasText: 'needs a train / validation / test split' });
  await expect(split).toBeVisible();
  await expect(split.getByRole('link', { name: 'Go to Split' })).toHaveAttribute('href', '#/split');
  await page.goto('./#/evaluate');
  await expect(page.getByRole('status').filter({ hasText: 'needs a train / validation / test split' })).toBeVisible();
});

test('projects can be created, renamed, switched and deleted after confirmation', async ({ page }) => {
  await openStudio(page);
  const project = page.getByLabel('Project', { exact: true });
  await expect(project).toHaveValue(/.+/);
  const first = await project.inputValue();

  await page.getByRole('button', { name: 'New project' }).click();
  await expect(project.locator('option')).toHaveCount(2);
  await expect(project).not.toHaveValue(first);

  await page.getByRole('button', { name: 'Rename project' }).click();
  await page.getByLabel('Project name', { exact: true }).fill('Iris homework');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(project.locator('option:checked')).toHaveText('Iris homework');

  await project.selectOption(first);
  await expect(project).toHaveValue(first);

  await project.selectOption({ label: 'Iris homework' });
  await page.getByRole('button', { name: 'Delete project' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this project?' });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(project.locator('option')).toHaveCount(2);

  await page.getByRole('button', { name: 'Delete project' }).click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(project.locator('option')).toHaveCount(1);
  await expect(project).toHaveValue(first);
});

test('an empty project name is refused with an alert', async ({ page }) => {
  await openStudio(page);
  await page.getByRole('button', { name: 'Rename project' }).click();
  await page.getByLabel('Project name', { exact: true }).fill('   ');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('alert')).toContainText('name');
});
