/**
 * Replace: every cell equal to `from` becomes `to`. Both are typed by the column ('3' in a number
 * column is the number 3); null (or a missing token such as `NA`) stands for a missing cell, so
 * the same step fills missing cells or blanks out a sentinel such as -999. Equality is by value:
 * dates by instant, text exactly (case and spaces count).
 */
import type { ColumnType } from '../columns';
import { RecipeError } from './handler';
import type { StepHandler } from './handler';
import {
  castScalar, columnInfo, columnValues, countMissing, isMissingValue, missingColumnReason, sameValue, showValue, withColumn,
} from './frame-ops';
import type { CellValue } from './frame-ops';
import { STEP_LABELS } from './step-labels';

function matches(type: ColumnType, v: CellValue, from: CellValue, fromMissing: boolean): boolean {
  return fromMissing ? isMissingValue(type, v) : sameValue(v, from);
}

export const replaceStep: StepHandler<'replace'> = {
  kind: 'replace',
  label: STEP_LABELS.replace,

  describe(step) {
    return `Replace ${showValue(step.from)} with ${showValue(step.to)} in ${step.column}`;
  },

  check(step, frame) {
    const gone = missingColumnReason(frame, step.column);
    if (gone !== null) return gone;
    const info = columnInfo(frame, step.column);
    const from = castScalar(step.from, info);
    if (!from.ok) return from.reason;
    const to = castScalar(step.to, info);
    if (!to.ok) return to.reason;
    if (from.missing && to.missing) return 'Both values are missing; nothing would change.';
    if (!from.missing && !to.missing && sameValue(from.value, to.value)) return 'Both values are the same; nothing would change.';
    return null;
  },

  apply(step, frame) {
    const info = columnInfo(frame, step.column);
    const from = castScalar(step.from, info);
    const to = castScalar(step.to, info);
    if (!from.ok) throw new RecipeError(from.reason);
    if (!to.ok) throw new RecipeError(to.reason);
    const values = columnValues(frame, step.column);
    if (values instanceof Float64Array) {
      const out = Float64Array.from(values);
      const x = from.value as number;
      const y = to.value as number;
      if (from.missing) {
        for (let i = 0; i < out.length; i++) if (out[i] !== out[i]) out[i] = y;
      } else {
        for (let i = 0; i < out.length; i++) if (out[i] === x) out[i] = y;
      }
      return withColumn(frame, { ...info, missing: countMissing(info.type, out) }, out);
    }
    const source = values as CellValue[];
    const out: CellValue[] = new Array(source.length);
    for (let i = 0; i < source.length; i++) {
      const v = source[i] ?? null;
      out[i] = matches(info.type, v, from.value, from.missing) ? to.value : v;
    }
    const typed = out as typeof values;
    return withColumn(frame, { ...info, missing: countMissing(info.type, typed) }, typed);
  },
};
