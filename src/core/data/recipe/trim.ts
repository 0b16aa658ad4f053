/**
 * Trim: removes leading and trailing white space from the cells of a text column. Nothing else
 * changes (inner spaces, case); a cell that was only white space becomes missing, as an empty
 * cell is missing everywhere else in the studio.
 */
import type { StepHandler } from './handler';
import { TYPE_NOUN, columnInfo, columnValues, missingColumnReason, withColumn } from './frame-ops';
import { STEP_LABELS } from './step-labels';

export const trimStep: StepHandler<'trim'> = {
  kind: 'trim',
  label: STEP_LABELS.trim,

  describe(step) {
    return `Trim white space in ${step.column}`;
  },

  check(step, frame) {
    const gone = missingColumnReason(frame, step.column);
    if (gone !== null) return gone;
    const info = columnInfo(frame, step.column);
    return info.type === 'text' ? null : `Trimming works on text; ${info.name} holds ${TYPE_NOUN[info.type].many}.`;
  },

  apply(step, frame) {
    const info = columnInfo(frame, step.column);
    const source = columnValues(frame, step.column) as (string | null)[];
    const n = source.length;
    const out: (string | null)[] = new Array(n);
    let missing = 0;
    for (let i = 0; i < n; i++) {
      const v = source[i];
      if (v === null || v === undefined) {
        out[i] = null;
        missing++;
        continue;
      }
      // trim() returns the same string when there is nothing to trim: no copy for clean cells.
      const t = v.trim();
      if (t.length === 0) {
        out[i] = null;
        missing++;
      } else out[i] = t;
    }
    return withColumn(frame, { ...info, missing }, out);
  },
};
