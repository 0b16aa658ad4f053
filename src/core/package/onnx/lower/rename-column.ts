/** Rename: name bookkeeping only; the graph's inputs keep their raw names. */
import type { StepLowering } from './lowering';

export const renameColumnLowering: StepLowering<'rename-column'> = {
  kind: 'rename-column',
  lower(step, { index, columns }) {
    const t = columns.get(step.column, index);
    columns.delete(step.column);
    columns.set(step.to, t);
    return { how: 'bookkeeping', reason: `Name bookkeeping only: the graph's inputs keep their raw names, and the model knows this column as ${step.to}.` };
  },
};
