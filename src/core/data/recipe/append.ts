/**
 * Append: adds the rows of another dataset of the project below this one, matching columns by
 * name.
 * - A column only on one side is kept: the rows of the other side get missing cells there
 *   (columns only in the other dataset go at the end). This is allowed, but `compareColumns`
 *   says which columns differ so the UI can show it before applying.
 * - A column with the same name and a different type: the appended values are converted to this
 *   frame's type when every one of them converts (integer → number, whole numbers → integer,
 *   anything → text, text that reads as the type by the ingest rules); otherwise the step is
 *   refused, naming the column. Booleans, dates and numbers never convert into each other.
 * - Appended rows get new row ids after the largest id in the frame (and after every id a split
 *   covers), so a split or a manual label never lands on an appended row by accident. The first
 *   of them is pinned in the step when it is applied (`firstRowId`), so the ids stay the same
 *   when the split changes: the split and hand-given labels refer to rows by these ids.
 */
import type { ColumnInfo, ColumnType, ColumnValues } from '../columns';
import { showValue } from '../../format';
import type { Frame } from '../frame';
import { RecipeError } from './handler';
import type { StepContext, StepHandler } from './handler';
import type { StepOf } from './steps';
import {
  NO_FIT, TYPE_NOUN, ValuesBuilder, columnValues, convertValue, countMissing, frameFromColumns, isNumericType, rowIds, valueText,
} from './frame-ops';
import type { CellValue, FrameColumn } from './frame-ops';
import { STEP_LABELS } from './step-labels';

type AppendStep = StepOf<'append'>;

/** How the columns of two datasets line up, by name. */
export interface ColumnComparison {
  /** True when both have the same column names with the same types (order aside). */
  same: boolean;
  /** Columns only in the frame appended to: the appended rows get missing cells there. */
  onlyLeft: string[];
  /** Columns only in the appended dataset: added at the end, missing in the existing rows. */
  onlyRight: string[];
  /** Same name, different type: the appended values are converted to the left type (or the step is refused). */
  typeDiffers: { column: string; left: ColumnType; right: ColumnType }[];
}

function infosOf(x: Frame | readonly ColumnInfo[]): readonly ColumnInfo[] {
  return Array.isArray(x) ? x : (x as Frame).columns;
}

/** Compares the columns of `a` (appended to) and `b` (appended) by name. */
export function compareColumns(a: Frame | readonly ColumnInfo[], b: Frame | readonly ColumnInfo[]): ColumnComparison {
  const left = infosOf(a);
  const right = infosOf(b);
  const rightByName = new Map(right.map((c) => [c.name, c]));
  const leftNames = new Set(left.map((c) => c.name));
  const onlyLeft: string[] = [];
  const typeDiffers: ColumnComparison['typeDiffers'] = [];
  for (const info of left) {
    const other = rightByName.get(info.name);
    if (other === undefined) onlyLeft.push(info.name);
    else if (other.type !== info.type) typeDiffers.push({ column: info.name, left: info.type, right: other.type });
  }
  const onlyRight = right.filter((c) => !leftNames.has(c.name)).map((c) => c.name);
  return { same: onlyLeft.length === 0 && onlyRight.length === 0 && typeDiffers.length === 0, onlyLeft, onlyRight, typeDiffers };
}

/** The comparison in plain words, one line per kind of difference (empty when the columns match). */
export function describeColumnComparison(comparison: ColumnComparison, otherName: string): string[] {
  const lines: string[] = [];
  if (comparison.onlyLeft.length > 0) {
    lines.push(`Not in ${otherName}: ${comparison.onlyLeft.join(', ')} — the appended rows will be missing there.`);
  }
  if (comparison.onlyRight.length > 0) {
    lines.push(`Only in ${otherName}: ${comparison.onlyRight.join(', ')} — added as new columns, missing in the existing rows.`);
  }
  for (const d of comparison.typeDiffers) {
    lines.push(`${d.column} holds ${TYPE_NOUN[d.left].many} here but ${TYPE_NOUN[d.right].many} in ${otherName} — the appended values are converted to ${TYPE_NOUN[d.left].many}.`);
  }
  return lines;
}

/** Whether values of type `from` may be converted to `to` at all (value by value for text). */
function convertible(from: ColumnType, to: ColumnType): boolean {
  if (from === to || to === 'text' || from === 'text') return true;
  return isNumericType(from) && isNumericType(to);
}

type Converted = { ok: true; values: ColumnValues } | { ok: false; reason: string };

/** The appended dataset's values of one column, converted to the left column's type. */
function convertColumn(left: ColumnInfo, right: ColumnInfo, values: ColumnValues, otherName: string): Converted {
  if (left.type === right.type || (left.type === 'number' && right.type === 'integer')) return { ok: true, values };
  const refuse = (detail: string): Converted => ({
    ok: false,
    reason: `${left.name} holds ${TYPE_NOUN[left.type].many} here but ${TYPE_NOUN[right.type].many} in ${otherName}${detail}. Cast one of them first (Clean → Cast) so both hold the same kind of values.`,
  });
  if (!convertible(right.type, left.type)) return refuse('');
  const n = values.length;
  if (left.type === 'text') {
    const out: (string | null)[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = valueText(values instanceof Float64Array ? values[i] : (values as CellValue[])[i]);
    return { ok: true, values: out };
  }
  const builder = new ValuesBuilder(left.type, n);
  for (let i = 0; i < n; i++) {
    const v = values instanceof Float64Array ? values[i] : (values as CellValue[])[i];
    const x = convertValue(v, left.type);
    if (x === NO_FIT) {
      const shown = valueText(v) ?? '';
      return refuse(`, and ${showValue(shown)} (row ${i + 1} of ${otherName}) is not ${TYPE_NOUN[left.type].one}`);
    }
    builder.set(i, x);
  }
  return { ok: true, values: builder.values() };
}

/** A column of `n` missing cells of `type`. */
function missingColumn(type: ColumnType, n: number): ColumnValues {
  if (isNumericType(type)) return new Float64Array(n).fill(NaN);
  return new Array<null>(n).fill(null);
}

function concatValues(type: ColumnType, a: ColumnValues, b: ColumnValues): ColumnValues {
  if (isNumericType(type)) {
    const out = new Float64Array(a.length + b.length);
    out.set(a as Float64Array);
    out.set(b as Float64Array, a.length);
    return out;
  }
  return (a as CellValue[]).concat(b as CellValue[]) as ColumnValues;
}

/** The other dataset, or the reason it cannot be had. */
function otherDataset(step: AppendStep, context: StepContext): { frame: Frame } | { reason: string } {
  try {
    return { frame: context.dataset(step.datasetId) };
  } catch (error) {
    if (error instanceof RecipeError) return { reason: error.message };
    throw error;
  }
}

/** The first row id for appended rows: after every id in the frame and every id a split covers. */
export function nextRowId(frame: Frame, context: StepContext): number {
  const ids = rowIds(frame);
  let max = -1;
  for (let i = 0; i < ids.length; i++) if (ids[i] > max) max = ids[i];
  return Math.max(max + 1, context.trainRows?.length ?? 0);
}

/** The appended frame, or the reason it cannot be built. */
function appendFrames(step: AppendStep, frame: Frame, other: Frame, context: StepContext): { frame: Frame } | { reason: string } {
  const nLeft = frame.table.numRows();
  const nRight = other.table.numRows();
  const rightByName = new Map(other.columns.map((c) => [c.name, c]));
  const columns: FrameColumn[] = [];
  for (const info of frame.columns) {
    const right = rightByName.get(info.name);
    let appended: ColumnValues;
    if (right === undefined) appended = missingColumn(info.type, nRight);
    else {
      const converted = convertColumn(info, right, columnValues(other, right.name), step.datasetName);
      if (!converted.ok) return { reason: converted.reason };
      appended = converted.values;
    }
    const values = concatValues(info.type, columnValues(frame, info.name), appended);
    columns.push({ info: { ...info, missing: countMissing(info.type, values) }, values });
  }
  const leftNames = new Set(frame.columns.map((c) => c.name));
  for (const info of other.columns) {
    if (leftNames.has(info.name)) continue;
    const values = concatValues(info.type, missingColumn(info.type, nLeft), columnValues(other, info.name));
    columns.push({ info: { ...info, missing: countMissing(info.type, values) }, values });
  }
  const ids = new Float64Array(nLeft + nRight);
  ids.set(rowIds(frame));
  const first = step.firstRowId ?? nextRowId(frame, context);
  for (let i = 0; i < nRight; i++) ids[nLeft + i] = first + i;
  return { frame: frameFromColumns(columns, ids) };
}

/** Why the other dataset's values cannot be appended (a type that does not convert), or null. */
function conversionReason(step: AppendStep, frame: Frame, other: Frame): string | null {
  const rightByName = new Map(other.columns.map((c) => [c.name, c]));
  for (const info of frame.columns) {
    const right = rightByName.get(info.name);
    if (right === undefined || right.type === info.type) continue;
    const converted = convertColumn(info, right, columnValues(other, right.name), step.datasetName);
    if (!converted.ok) return converted.reason;
  }
  return null;
}

export const appendStep: StepHandler<'append'> = {
  kind: 'append',
  label: STEP_LABELS.append,

  describe(step) {
    return `Append the rows of ${step.datasetName}`;
  },

  check(step, frame, context) {
    const other = otherDataset(step, context);
    if ('reason' in other) return other.reason;
    return conversionReason(step, frame, other.frame);
  },

  pin(step, frame, context) {
    return step.firstRowId !== undefined ? step : { ...step, firstRowId: nextRowId(frame, context) };
  },

  apply(step, frame, context) {
    const other = otherDataset(step, context);
    if ('reason' in other) throw new RecipeError(other.reason);
    const result = appendFrames(step, frame, other.frame, context);
    if ('reason' in result) throw new RecipeError(result.reason);
    return result.frame;
  },
};
