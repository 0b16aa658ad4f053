/** Drop rows with missing values: a served row with a missing value is still predicted. */
import { rowSetLowering } from './row-set';

export const dropMissingLowering = rowSetLowering(
  'drop-missing',
  "Skipped by design: it removes rows with missing values from the training data; a served row with a missing value is still predicted (the model's imputation fills it in).",
);
