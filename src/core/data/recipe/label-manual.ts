/**
 * Label by hand: labels a person gave to single rows, stored by row id (`ROW_ID`), so a label
 * stays with its row whatever filters, joins or appends ran before. Rows whose id has no label
 * keep their value; labels for ids no longer in the frame (filtered out) are ignored.
 *
 * Also the counts the Label step's UI shows: how many rows carry each label and which rows are
 * still unlabelled.
 */
import type { Frame } from '../frame';
import { RecipeError } from './handler';
import type { StepHandler } from './handler';
import type { StepOf } from './steps';
import { columnValues, hasColumn, plural, rowIds, valueText } from './frame-ops';
import type { CellValue } from './frame-ops';
import { labelColumnReason, writeLabels } from './label-rule';
import { STEP_LABELS } from './step-labels';

type LabelManualStep = StepOf<'label-manual'>;

/** The step's labels by row id (object keys are text once stored as JSON). */
function labelsById(step: LabelManualStep): Map<number, string> {
  const map = new Map<number, string>();
  for (const [key, label] of Object.entries(step.labels ?? {})) map.set(Number(key), label);
  return map;
}

function reason(step: LabelManualStep, frame: Frame): string | null {
  if (step.labels === null || typeof step.labels !== 'object') return 'The labels are missing.';
  for (const key of Object.keys(step.labels)) {
    const id = Number(key);
    if (!Number.isInteger(id) || id < 0) return `'${key}' is not a row id.`;
  }
  return labelColumnReason(frame, step.column, Object.values(step.labels));
}

/** How many rows carry each label (missing cells not counted), most frequent first. */
export function labelCounts(frame: Frame, column: string): { value: string; count: number }[] {
  if (!hasColumn(frame, column)) return [];
  const values = columnValues(frame, column);
  const counts = new Map<string, number>();
  const n = values.length;
  for (let i = 0; i < n; i++) {
    const text = valueText(values instanceof Float64Array ? values[i] : (values as CellValue[])[i]);
    if (text !== null) counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

/** Positions (not ids) of the rows whose label is missing; every row when the column does not exist yet. */
export function unlabelledRows(frame: Frame, column: string): Int32Array {
  const n = frame.table.numRows();
  if (!hasColumn(frame, column)) return Int32Array.from({ length: n }, (_, i) => i);
  const values = columnValues(frame, column);
  let count = 0;
  const missing = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values instanceof Float64Array ? values[i] : (values as CellValue[])[i];
    const isMissing = v === null || v === undefined || (typeof v === 'number' && v !== v) || (v instanceof Date && Number.isNaN(v.getTime()));
    if (isMissing) {
      missing[i] = 1;
      count++;
    }
  }
  const out = new Int32Array(count);
  for (let i = 0, j = 0; i < n; i++) if (missing[i]) out[j++] = i;
  return out;
}

export const labelManualStep: StepHandler<'label-manual'> = {
  kind: 'label-manual',
  label: STEP_LABELS['label-manual'],

  describe(step) {
    return `Label ${plural(Object.keys(step.labels ?? {}).length, 'row')} by hand in ${step.column}`;
  },

  check(step, frame) {
    return reason(step, frame);
  },

  apply(step, frame) {
    const refusal = reason(step, frame);
    if (refusal !== null) throw new RecipeError(refusal);
    const labels = labelsById(step);
    const ids = rowIds(frame);
    return writeLabels(frame, step.column, (i) => labels.get(ids[i]) ?? null);
  },
};
