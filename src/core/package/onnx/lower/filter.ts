/** Filter: chooses training rows; a served row is predicted whatever its values. */
import { rowSetLowering } from './row-set';

export const filterLowering = rowSetLowering(
  'filter',
  'Skipped by design: it chooses which rows the model was trained on; a served row is predicted whatever its values, so the graph does not filter.',
);
