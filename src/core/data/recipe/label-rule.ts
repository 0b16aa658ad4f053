/**
 * Label by rule: writes one label into a column for the rows where a condition holds; other rows
 * keep their value (missing when the column is new). A new column is a text column. An existing
 * column keeps its type: a text column takes any label, another type only a label that reads as
 * that type (e.g. `true` for a boolean column).
 *
 * The helpers `labelColumnReason` and `writeLabels` are shared with label-manual.ts.
 */
import type { ColumnInfo, ColumnValues } from '../columns';
import type { Frame } from '../frame';
import { ROW_ID } from '../frame';
import { RecipeError } from './handler';
import type { StepHandler } from './handler';
import type { StepOf } from './steps';
import { castScalar, columnValues, countMissing, isNumericType, withColumn } from './frame-ops';
import type { CellValue } from './frame-ops';
import { checkWhere, describeWhere, evaluateWhere } from './where';
import { STEP_LABELS } from './step-labels';

type LabelRuleStep = StepOf<'label-rule'>;

/** Why `labels` cannot be written into `column` of this frame (bad name, empty label, label that does not fit the type), or null. */
export function labelColumnReason(frame: Frame, column: string, labels: Iterable<string>): string | null {
  if (typeof column !== 'string' || column.trim() === '') return 'Name the column the labels go into.';
  if (column === ROW_ID) return `${column} cannot be used as a column name.`;
  const info = frame.columns.find((c) => c.name === column);
  for (const label of labels) {
    if (typeof label !== 'string' || label.trim() === '') return 'A label cannot be empty.';
    if (info === undefined || info.type === 'text') continue;
    const cast = castScalar(label, info);
    if (!cast.ok) return `${cast.reason} Pick a label that fits, or write the labels into a new column.`;
    if (cast.missing) return `'${label}' would be read as a missing value in ${info.name}, not as a label.`;
  }
  return null;
}

/**
 * A copy of the frame with labels written into `column`: `labelAt(i)` gives row i's label, or
 * null to keep the row's value. A new column is text; an existing one keeps its type (labels
 * must fit it: see `labelColumnReason`).
 */
export function writeLabels(frame: Frame, column: string, labelAt: (row: number) => string | null): Frame {
  const n = frame.table.numRows();
  const existing = frame.columns.find((c) => c.name === column);
  const info: ColumnInfo = existing === undefined ? { name: column, type: 'text', missing: 0 } : { ...existing };
  let values: ColumnValues;
  if (info.type === 'text') {
    const out: (string | null)[] = existing === undefined ? new Array<null>(n).fill(null) : (columnValues(frame, column) as (string | null)[]).slice();
    for (let i = 0; i < n; i++) {
      const label = labelAt(i);
      if (label !== null) out[i] = label;
    }
    values = out;
  } else {
    // The label read as the column's type, once per distinct label.
    const converted = new Map<string, CellValue>();
    const typed = (label: string): CellValue => {
      let v = converted.get(label);
      if (v === undefined) {
        const cast = castScalar(label, info);
        if (!cast.ok) throw new RecipeError(cast.reason);
        v = cast.value;
        converted.set(label, v);
      }
      return v;
    };
    const source = columnValues(frame, column);
    if (isNumericType(info.type)) {
      const out = Float64Array.from(source as Float64Array);
      for (let i = 0; i < n; i++) {
        const label = labelAt(i);
        if (label !== null) out[i] = typed(label) as number;
      }
      values = out;
    } else {
      const out = (source as CellValue[]).slice();
      for (let i = 0; i < n; i++) {
        const label = labelAt(i);
        if (label !== null) out[i] = typed(label);
      }
      values = out as ColumnValues;
    }
  }
  info.missing = countMissing(info.type, values);
  return withColumn(frame, info, values);
}

function reason(step: LabelRuleStep, frame: Frame): string | null {
  return labelColumnReason(frame, step.column, [step.label]) ?? checkWhere(step.where, frame);
}

export const labelRuleStep: StepHandler<'label-rule'> = {
  kind: 'label-rule',
  label: STEP_LABELS['label-rule'],

  describe(step) {
    return `Label rows where ${describeWhere(step.where)} as "${step.label}" in ${step.column}`;
  },

  check(step, frame) {
    return reason(step, frame);
  },

  apply(step, frame) {
    const refusal = reason(step, frame);
    if (refusal !== null) throw new RecipeError(refusal);
    const mask = evaluateWhere(step.where, frame);
    const label = step.label;
    return writeLabels(frame, step.column, (i) => (mask[i] === 1 ? label : null));
  },
};
