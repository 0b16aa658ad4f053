/** Drop a column: bookkeeping only; nothing later reads it. */
import type { StepLowering } from './lowering';

export const dropColumnLowering: StepLowering<'drop-column'> = {
  kind: 'drop-column',
  lower(step, { index, columns }) {
    columns.get(step.column, index);
    columns.delete(step.column);
    return { how: 'bookkeeping', reason: `Bookkeeping only: nothing in the graph reads ${step.column} after this step.` };
  },
};
