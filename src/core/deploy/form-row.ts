/**
 * A row of the data as the Serve step's form takes it: one text per input, so a person can fill
 * the form from a validation row instead of typing every field.
 *
 * Values come from the prepared frame (after the recipe), where a column exists there: an input
 * a step could not express in the graph takes the cleaned value, and the steps the graph holds
 * (impute, clip …) give the same prediction on a value they already cleaned. An input the recipe
 * renamed away or dropped is read from the raw row with the same row id.
 */
import { ROW_ID, type Frame } from '../data/frame';
import type { ColumnType } from '../data/columns';
import { formatForEditing } from '../number-input';

export interface FormRow {
  /** The row's place in the part, from 0 (clamped into the part). */
  index: number;
  /** Rows in the part. */
  count: number;
  /** Text per input name; '' for a missing value. */
  values: Record<string, string>;
  /** Inputs neither frame has a column for (left as they were in the form). */
  absent: string[];
}

/**
 * A value as a form field shows it for editing: numbers in the fewest digits that are the same
 * float32 (what the model reads), dates as YYYY-MM-DD (a date field's format), booleans as
 * 'true'/'false', text as it is, missing as ''.
 */
export function formText(value: unknown, type: ColumnType | null): string {
  if (value === null || value === undefined) return '';
  if (type === 'date' && (value instanceof Date || typeof value === 'number')) {
    const date = value instanceof Date ? value : new Date(value);
    return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
  }
  if (typeof value === 'number') return formatForEditing(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString();
  return String(value);
}

/** Row `index` of a part (`positions`: the part's rows in `prepared`), as text for the inputs `names`. */
export function formRow(prepared: Frame, raw: Frame, positions: readonly number[], index: number, names: readonly string[]): FormRow {
  const count = positions.length;
  if (count === 0) return { index: 0, count, values: {}, absent: [] };
  const at = Math.min(count - 1, Math.max(0, Math.trunc(index)));
  const position = positions[at];
  const rowId = (prepared.table.array(ROW_ID) as ArrayLike<number>)[position];
  let rawPosition: number | null | undefined;
  const rawRow = (): number | null => {
    if (rawPosition !== undefined) return rawPosition;
    const ids = raw.table.array(ROW_ID) as ArrayLike<number>;
    // The row id is the raw position; the search covers a raw table whose order differs.
    rawPosition = ids[rowId] === rowId ? rowId : null;
    for (let i = 0; rawPosition === null && i < ids.length; i++) if (ids[i] === rowId) rawPosition = i;
    return rawPosition;
  };
  const values: Record<string, string> = {};
  const absent: string[] = [];
  for (const name of names) {
    const column = prepared.columns.find((c) => c.name === name);
    if (column) {
      values[name] = formText(prepared.table.get(name, position), column.type);
      continue;
    }
    const rawColumn = raw.columns.find((c) => c.name === name);
    const r = rawColumn ? rawRow() : null;
    if (rawColumn && r !== null) values[name] = formText(raw.table.get(name, r), rawColumn.type);
    else absent.push(name);
  }
  return { index: at, count, values, absent };
}
