/**
 * Drop missing: removes the rows that have a missing value in any of the chosen columns (in any
 * column when none are chosen). Learns nothing from data, so it has no fit.
 */
import type { StepHandler } from './handler';
import { chosenColumns, columnInfo, columnValues, isMissingValue, keptIndices, missingColumnsReason, takeRows } from './frame-ops';
import type { CellValue } from './frame-ops';
import { STEP_LABELS } from './step-labels';

export const dropMissingStep: StepHandler<'drop-missing'> = {
  kind: 'drop-missing',
  label: STEP_LABELS['drop-missing'],

  describe(step) {
    if (step.columns.length === 0) return 'Drop rows with a missing value in any column';
    return `Drop rows with a missing value in ${step.columns.join(', ')}`;
  },

  check(step, frame) {
    return missingColumnsReason(frame, step.columns);
  },

  apply(step, frame) {
    const n = frame.table.numRows();
    const keep = new Uint8Array(n).fill(1);
    let dropped = 0;
    for (const name of chosenColumns(step.columns, frame)) {
      // Every cell is looked at: the missing counts in ColumnInfo are for display, not trusted here.
      const values = columnValues(frame, name);
      if (values instanceof Float64Array) {
        for (let i = 0; i < n; i++) {
          if (keep[i] && values[i] !== values[i]) {
            keep[i] = 0;
            dropped++;
          }
        }
      } else {
        const source = values as CellValue[];
        const type = columnInfo(frame, name).type;
        for (let i = 0; i < n; i++) {
          if (keep[i] && isMissingValue(type, source[i])) {
            keep[i] = 0;
            dropped++;
          }
        }
      }
    }
    return dropped === 0 ? frame : takeRows(frame, keptIndices(keep));
  },
};
