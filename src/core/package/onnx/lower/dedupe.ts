/** Dedupe: concerns the set of training rows, not one served row. */
import type { StepLowering } from './lowering';

export const dedupeLowering: StepLowering<'dedupe'> = {
  kind: 'dedupe',
  lower: () => ({
    how: 'row-set',
    reason: 'Skipped by design: it removes repeated rows from the training data, which concerns the set of rows, not one row.',
    columns: [],
  }),
};
