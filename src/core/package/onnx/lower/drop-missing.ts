/** Drop rows with missing values: a served row with a missing value is still predicted. */
import type { StepLowering } from './lowering';

export const dropMissingLowering: StepLowering<'drop-missing'> = {
  kind: 'drop-missing',
  lower: () => ({
    how: 'row-set',
    reason:
      "Skipped by design: it removes rows with missing values from the training data; a served row with a missing value is still predicted (the model's imputation fills it in).",
    columns: [],
  }),
};
