/**
 * The name of each recipe step kind, as the Clean step's menu shows it and as tests pick it
 * there. A module of its own, free of the handlers' imports, so the page can show the menu
 * without loading the data engine; each handler takes its `label` from here.
 */
import type { RecipeStepKind } from './steps';

export const STEP_LABELS: { readonly [K in RecipeStepKind]: string } = {
  impute: 'Impute missing values',
  'drop-missing': 'Drop rows with missing values',
  'drop-column': 'Drop column',
  'rename-column': 'Rename column',
  dedupe: 'Remove duplicate rows',
  cast: 'Cast type',
  clip: 'Clip outliers',
  filter: 'Filter rows',
  derive: 'Derive column',
  trim: 'Trim text',
  replace: 'Replace values',
  append: 'Append rows of another dataset',
  join: 'Join another dataset',
  'label-rule': 'Label rows by a rule',
  'label-manual': 'Label rows by hand',
};
