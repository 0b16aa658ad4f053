/** Drop column: removes one column. The last column cannot go: a dataset needs at least one. */
import type { StepHandler } from './handler';
import { missingColumnReason, withoutColumn } from './frame-ops';
import { STEP_LABELS } from './step-labels';

export const dropColumnStep: StepHandler<'drop-column'> = {
  kind: 'drop-column',
  label: STEP_LABELS['drop-column'],

  describe(step) {
    return `Drop column ${step.column}`;
  },

  check(step, frame) {
    const gone = missingColumnReason(frame, step.column);
    if (gone !== null) return gone;
    if (frame.columns.length === 1) return `${step.column} is the only column left; a dataset needs at least one column.`;
    return null;
  },

  apply(step, frame) {
    return withoutColumn(frame, step.column);
  },
};
