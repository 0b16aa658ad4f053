/** Filter: chooses training rows; a served row is predicted whatever its values. */
import type { StepLowering } from './lowering';

export const filterLowering: StepLowering<'filter'> = {
  kind: 'filter',
  lower: () => ({
    how: 'row-set',
    reason: 'Skipped by design: it chooses which rows the model was trained on; a served row is predicted whatever its values, so the graph does not filter.',
    columns: [],
  }),
};
