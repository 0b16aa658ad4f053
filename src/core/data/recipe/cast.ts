/**
 * Cast: changes a column's type. Text is read by the same token rules as ingest (trimmed;
 * `NA`, `null`, `?` … are missing; strict decimals; `true`/`false`; ISO-like dates), so a value
 * means the same whether it was typed at load time or cast later. Values that do not fit the
 * new type become missing; `countCastFailures` says how many, for the step's preview and for
 * the effect of applying it. The per-value rules are `convertValue` in frame-ops.ts.
 */
import type { ColumnType } from '../columns';
import type { Frame } from '../frame';
import type { StepHandler } from './handler';
import {
  NO_FIT, TYPE_NOUN, ValuesBuilder, columnInfo, columnValues, convertValue, isMissingValue, isNumericType, missingColumnReason, withColumn,
} from './frame-ops';
import type { CellValue } from './frame-ops';

/** How many present values of `column` would not fit type `to` (and so become missing). */
export function countCastFailures(frame: Frame, column: string, to: ColumnType): number {
  const info = columnInfo(frame, column);
  if (info.type === to || (isNumericType(info.type) && to === 'number')) return 0;
  const values = columnValues(frame, column);
  let failures = 0;
  if (values instanceof Float64Array) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === v && convertValue(v, to) === NO_FIT) failures++;
    }
    return failures;
  }
  const source = values as CellValue[];
  for (let i = 0; i < source.length; i++) {
    const v = source[i];
    if (!isMissingValue(info.type, v) && convertValue(v, to) === NO_FIT) failures++;
  }
  return failures;
}

export const castStep: StepHandler<'cast'> = {
  kind: 'cast',
  label: 'Change a column type',

  describe(step) {
    return `Cast ${step.column} to ${TYPE_NOUN[step.to].many}`;
  },

  check(step, frame) {
    const gone = missingColumnReason(frame, step.column);
    if (gone !== null) return gone;
    const from = columnInfo(frame, step.column).type;
    if (from === step.to) return `${step.column} already holds ${TYPE_NOUN[from].many}.`;
    // No rule turns a true/false value into a date or back: every value would be lost.
    if ((from === 'boolean' && step.to === 'date') || (from === 'date' && step.to === 'boolean')) {
      return `${TYPE_NOUN[from].many[0].toUpperCase()}${TYPE_NOUN[from].many.slice(1)} cannot become ${TYPE_NOUN[step.to].many}; ${step.column} holds ${TYPE_NOUN[from].many}.`;
    }
    return null;
  },

  apply(step, frame) {
    const info = columnInfo(frame, step.column);
    const values = columnValues(frame, step.column);
    const n = values.length;
    if (values instanceof Float64Array && step.to === 'number') {
      // Whole numbers are numbers already: same values, new type (the array is never written to).
      return withColumn(frame, { ...info, type: 'number' }, values);
    }
    const out = new ValuesBuilder(step.to, n);
    if (values instanceof Float64Array) {
      for (let i = 0; i < n; i++) {
        const x = convertValue(values[i], step.to);
        out.set(i, x === NO_FIT ? null : x);
      }
    } else {
      const source = values as CellValue[];
      for (let i = 0; i < n; i++) {
        const x = convertValue(source[i], step.to);
        out.set(i, x === NO_FIT ? null : x);
      }
    }
    return withColumn(frame, { ...info, type: step.to, missing: out.missing }, out.values());
  },
};
