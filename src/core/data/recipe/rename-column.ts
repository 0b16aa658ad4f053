/**
 * Rename column: gives a column a new name. Later steps refer to columns by name, so a rename
 * inserted upstream makes them stale; replay then refuses them with their step number.
 */
import { ROW_ID } from '../frame';
import type { StepHandler } from './handler';
import { missingColumnReason, withRenamedColumn } from './frame-ops';
import { STEP_LABELS } from './step-labels';

export const renameColumnStep: StepHandler<'rename-column'> = {
  kind: 'rename-column',
  label: STEP_LABELS['rename-column'],

  describe(step) {
    return `Rename ${step.column} to ${step.to}`;
  },

  check(step, frame) {
    const gone = missingColumnReason(frame, step.column);
    if (gone !== null) return gone;
    const to = step.to;
    if (to.trim() === '') return 'The new name is empty; type a name.';
    // Names are compared exactly everywhere (features, ONNX inputs): no hidden spaces.
    if (to !== to.trim()) return `The new name '${to}' starts or ends with spaces.`;
    if (to === ROW_ID) return `'${to}' is reserved; choose another name.`;
    if (to === step.column) return `${step.column} already has that name.`;
    if (frame.columns.some((c) => c.name === to)) return `There is already a column named ${to}.`;
    return null;
  },

  apply(step, frame) {
    return withRenamedColumn(frame, step.column, step.to);
  },
};
