/**
 * Small helpers on frames, written once and shared by every recipe step handler.
 *
 * Why plain loops over arrays instead of Arquero verbs: Arquero compiles almost every verb
 * (filter, derive, dedupe, impute, even `aq.escape`) with `Function()`, and no
 * user text may ever reach compiled code. Loops over typed arrays are also faster, allocate
 * nothing per row, and run the same in the worker and in Node. New tables are only ever built
 * with `aq.table(columns, names)`, which compiles nothing.
 *
 * Values follow the column model of `columns.ts`: numbers (number and integer columns) are
 * `Float64Array`s with NaN for missing; booleans, dates and text are arrays with null for
 * missing. Arrays returned by `columnValues` may be the table's own storage: treat them as
 * read-only and build a new array to change a column.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { showValue } from '../../format';
import type { ColumnInfo, ColumnType, ColumnValues } from '../columns';
import { ROW_ID } from '../frame';
import type { Frame } from '../frame';
import { Pool } from '../ingest/pool';
import { formatDate, isMissingToken, parseBoolean, parseDate, parseNumber } from '../ingest/tokens';
import type { StepContext } from './handler';
import type { Scalar } from './steps';

/** One column of a frame: what the studio knows about it and its values. */
export interface FrameColumn {
  info: ColumnInfo;
  values: ColumnValues;
}

/** One cell as the studio holds it (NaN or null for missing). */
export type CellValue = number | boolean | Date | string | null;

/** A table column as Arquero holds it: an array, a typed array or an Arrow column. */
interface RawColumn {
  length: number;
  at(row: number): unknown;
  toArray?(): unknown;
}

export function isNumericType(type: ColumnType): boolean {
  return type === 'number' || type === 'integer';
}

/** The column's info; throws when the frame has no such column (check() should have said so). */
export function columnInfo(frame: Frame, name: string): ColumnInfo {
  const info = frame.columns.find((c) => c.name === name);
  if (info === undefined) throw new Error(`The data has no column ${name}.`);
  return info;
}

export function hasColumn(frame: Frame, name: string): boolean {
  return frame.columns.some((c) => c.name === name);
}

/** The usual refusal for a step that names a column the frame does not have (e.g. after a rename). */
export function missingColumnReason(frame: Frame, name: string): string | null {
  return hasColumn(frame, name) ? null : `There is no column ${name} (any more).`;
}

/** `missingColumnReason` for the first of `names` the frame lacks; null when it has them all. */
export function missingColumnsReason(frame: Frame, names: readonly string[]): string | null {
  for (const name of names) {
    const gone = missingColumnReason(frame, name);
    if (gone !== null) return gone;
  }
  return null;
}

/** The columns a step over whole rows looks at: the chosen ones, or every column when none are chosen. */
export function chosenColumns(chosen: readonly string[], frame: Frame): readonly string[] {
  return chosen.length > 0 ? chosen : frame.columns.map((c) => c.name);
}

/**
 * The values of a column as a plain array (Float64Array for numbers), in the table's row order.
 * May be the table's own storage: read-only.
 */
export function columnValues(frame: Frame, name: string): ColumnValues {
  const type: ColumnType = name === ROW_ID ? 'number' : columnInfo(frame, name).type;
  return readColumn(frame.table, name, type);
}

/** The hidden row ids of the frame's rows, in order. Read-only. */
export function rowIds(frame: Frame): Float64Array {
  return readColumn(frame.table, ROW_ID, 'number') as Float64Array;
}

function rawColumn(table: ColumnTable, name: string): RawColumn {
  const column = table.column(name) as RawColumn | undefined;
  if (column === undefined) throw new Error(`The table has no column ${name}.`);
  return column;
}

/** The row positions a filtered or ordered table shows, or null for all rows in storage order. */
function viewIndices(table: ColumnTable): Uint32Array | null {
  return table.isFiltered() || table.isOrdered() ? table.indices() : null;
}

function readColumn(table: ColumnTable, name: string, type: ColumnType): ColumnValues {
  const column = rawColumn(table, name);
  const n = table.numRows();
  const indices = viewIndices(table);
  if (indices === null) {
    // Arrow columns hand out their value array without copying when they can.
    const direct = column.toArray !== undefined && !Array.isArray(column) && !ArrayBuffer.isView(column) ? column.toArray() : column;
    if (isNumericType(type) && direct instanceof Float64Array && direct.length === n) return direct;
    if (!isNumericType(type) && Array.isArray(direct) && direct.length === n) return direct as ColumnValues;
  }
  if (isNumericType(type)) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = column.at(indices === null ? i : indices[i]);
      out[i] = typeof v === 'number' ? v : v === null || v === undefined ? NaN : Number(v);
    }
    return out;
  }
  const out: CellValue[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const v = column.at(indices === null ? i : indices[i]);
    if (v === undefined || v === null) out[i] = null;
    else if (type === 'date' && !(v instanceof Date)) out[i] = new Date(Number(v));
    else out[i] = v as CellValue;
  }
  return out as ColumnValues;
}

/** The column as the table stores it, when the table shows its storage as is (no copy needed). */
function storedColumn(table: ColumnTable, name: string, type: ColumnType): RawColumn | ColumnValues {
  return viewIndices(table) === null ? rawColumn(table, name) : readColumn(table, name, type);
}

/** A new frame from columns and row ids (`rowIds` must be as long as every column). */
export function frameFromColumns(columns: FrameColumn[], ids: Float64Array | Int32Array | number[]): Frame {
  const data: Record<string, unknown> = {};
  const names: string[] = [];
  for (const column of columns) {
    if (column.values.length !== ids.length) throw new Error(`Column ${column.info.name} has ${column.values.length} values for ${ids.length} rows.`);
    data[column.info.name] = column.values;
    names.push(column.info.name);
  }
  data[ROW_ID] = ids instanceof Float64Array ? ids : Float64Array.from(ids);
  names.push(ROW_ID);
  return { table: aq.table(data, names), columns: columns.map((c) => ({ ...c.info })) };
}

/** Rebuilds the frame's table with some columns replaced/added; unchanged columns are shared, not copied. */
function rebuild(frame: Frame, columns: ColumnInfo[], replaced: Map<string, ColumnValues>): Frame {
  const data: Record<string, unknown> = {};
  const names: string[] = [];
  for (const info of columns) {
    data[info.name] = replaced.get(info.name) ?? storedColumn(frame.table, info.name, info.type);
    names.push(info.name);
  }
  data[ROW_ID] = storedColumn(frame.table, ROW_ID, 'number');
  names.push(ROW_ID);
  return { table: aq.table(data, names), columns };
}

/**
 * Adds a column at the end, or replaces the column of the same name in place (keeping the
 * column order). `values` must have one value per row; `info.missing` is taken as given.
 */
export function withColumn(frame: Frame, info: ColumnInfo, values: ColumnValues): Frame {
  if (values.length !== frame.table.numRows()) throw new Error(`Column ${info.name} has ${values.length} values for ${frame.table.numRows()} rows.`);
  const at = frame.columns.findIndex((c) => c.name === info.name);
  const columns = frame.columns.map((c) => ({ ...c }));
  if (at >= 0) columns[at] = { ...info };
  else columns.push({ ...info });
  return rebuild(frame, columns, new Map([[info.name, values]]));
}

/** The frame without one column. */
export function withoutColumn(frame: Frame, name: string): Frame {
  return rebuild(frame, frame.columns.filter((c) => c.name !== name).map((c) => ({ ...c })), new Map());
}

/** Same data, one column renamed (same position). */
export function withRenamedColumn(frame: Frame, name: string, to: string): Frame {
  const data: Record<string, unknown> = {};
  const names: string[] = [];
  const columns = frame.columns.map((c) => (c.name === name ? { ...c, name: to } : { ...c }));
  for (const info of frame.columns) {
    const target = info.name === name ? to : info.name;
    data[target] = storedColumn(frame.table, info.name, info.type);
    names.push(target);
  }
  data[ROW_ID] = storedColumn(frame.table, ROW_ID, 'number');
  names.push(ROW_ID);
  return { table: aq.table(data, names), columns };
}

/** Picks values at `indices` (in that order) from one column. */
export function gather(type: ColumnType, values: ColumnValues, indices: ArrayLike<number>): ColumnValues {
  const m = indices.length;
  if (values instanceof Float64Array) {
    const out = new Float64Array(m);
    for (let i = 0; i < m; i++) out[i] = values[indices[i]];
    return out;
  }
  const source = values as CellValue[];
  const out: CellValue[] = new Array(m);
  for (let i = 0; i < m; i++) out[i] = source[indices[i]];
  return (isNumericType(type) ? Float64Array.from(out as number[]) : out) as ColumnValues;
}

/**
 * The frame's rows at `indices`, in that order (row ids travel with their rows). Missing counts
 * are recounted.
 */
export function takeRows(frame: Frame, indices: Int32Array | Uint32Array | number[]): Frame {
  const columns: FrameColumn[] = frame.columns.map((info) => {
    const values = gather(info.type, columnValues(frame, info.name), indices);
    return { info: { ...info, missing: countMissing(info.type, values) }, values };
  });
  return frameFromColumns(columns, gather('number', rowIds(frame), indices) as Float64Array);
}

/** Positions of the rows where `keep` is set, for takeRows. */
export function keptIndices(keep: Uint8Array): Int32Array {
  let count = 0;
  for (let i = 0; i < keep.length; i++) count += keep[i];
  const out = new Int32Array(count);
  for (let i = 0, j = 0; i < keep.length; i++) if (keep[i]) out[j++] = i;
  return out;
}

/** Whether one value is missing in a column of this type: NaN for numbers, null (or an invalid date) otherwise. */
export function isMissingValue(type: ColumnType, v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (isNumericType(type)) return typeof v === 'number' && Number.isNaN(v);
  if (type === 'date') return v instanceof Date && Number.isNaN(v.getTime());
  return false;
}

/** How many values of a column are missing. */
export function countMissing(type: ColumnType, values: ColumnValues): number {
  let missing = 0;
  if (values instanceof Float64Array) {
    for (let i = 0; i < values.length; i++) if (values[i] !== values[i]) missing++;
    return missing;
  }
  const source = values as CellValue[];
  if (type === 'date') {
    for (let i = 0; i < source.length; i++) if (isMissingValue('date', source[i])) missing++;
  } else {
    for (let i = 0; i < source.length; i++) if (source[i] === null || source[i] === undefined) missing++;
  }
  return missing;
}

/**
 * Which of the frame's rows are train rows: `context.trainRows` is indexed by row id; rows it
 * does not cover (added after the split) are not train rows. All rows when there is no split.
 */
export function trainMask(frame: Frame, context: StepContext): Uint8Array {
  const n = frame.table.numRows();
  const mask = new Uint8Array(n);
  const train = context.trainRows;
  if (train === null) return mask.fill(1);
  const ids = rowIds(frame);
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    mask[i] = id >= 0 && id < train.length && train[id] === 1 ? 1 : 0;
  }
  return mask;
}

/**
 * Where a fitted statistic comes from, for a step's description: "from 240 train rows", or, before
 * a split, "from 300 rows; refitted on the train part when the data is split" — a statistic
 * of all rows must not outlive the split (it would carry the test rows into training).
 */
export function fittedFromWords(rows: number, from: 'train' | 'all'): string {
  return from === 'train' ? `from ${plural(rows, 'train row')}` : `from ${plural(rows, 'row')}; refitted on the train part when the data is split`;
}

/** Where fitted statistics come from, for `FittedFrom.from`. */
export function fitSource(context: StepContext): 'train' | 'all' {
  return context.trainRows === null ? 'all' : 'train';
}

/** Whether a cell holds no value, whatever its column type: NaN, null, undefined, an invalid date. */
export function isMissingCell(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === 'number' && v !== v) || (v instanceof Date && Number.isNaN(v.getTime()));
}

/**
 * Value equality for comparing cells: missing equals missing (NaN, null, an invalid date, also
 * across types), dates by time, everything else by `===` (so 5 and '5' differ).
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const missingA = isMissingCell(a);
  const missingB = isMissingCell(b);
  if (missingA || missingB) return missingA && missingB;
  return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
}

// ---- Typed values: one rule for casting a column, a typed-in constant, an imputed value ----

/** Words for what a column of each type holds, for messages ("age holds numbers"). */
export const TYPE_NOUN: Record<ColumnType, { one: string; many: string }> = {
  number: { one: 'a number', many: 'numbers' },
  integer: { one: 'a whole number', many: 'whole numbers' },
  boolean: { one: 'true or false', many: 'true/false values' },
  date: { one: 'a date (YYYY-MM-DD)', many: 'dates' },
  text: { one: 'text', many: 'text' },
};

/** The text a value shows as when a column becomes text (the same text ingest would have read). */
export function valueText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isNaN(v) ? null : String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : formatDate(v.getTime());
  return String(v);
}

/** Marks a value that does not fit a type (as opposed to a missing one). */
export const NO_FIT: unique symbol = Symbol('no fit');

/**
 * Converts a value to a column type by the ingest token rules: text is trimmed, missing tokens
 * (`''`, `NA`, `null` …) are missing, numbers are strict decimals, booleans are `true`/`false`,
 * dates are ISO-like. Returns the missing value (NaN/null) for a missing input and `NO_FIT` for a
 * value the type cannot hold. Between typed values: numbers ↔ booleans as 1/0 (other numbers do
 * not fit), numbers ↔ dates as milliseconds since 1970-01-01 UTC, an integer only holds whole
 * numbers (2.5 does not fit; nothing is rounded silently), booleans and dates do not convert.
 * Dates come back as epoch milliseconds (a number) so callers can share Date objects.
 */
export function convertValue(v: unknown, to: ColumnType): number | boolean | string | null | typeof NO_FIT {
  const missing = isNumericType(to) || to === 'date' ? NaN : null;
  if (v === null || v === undefined) return missing;
  if (typeof v === 'string') {
    const trimmed = v.trim();
    if (isMissingToken(trimmed)) return missing;
    switch (to) {
      case 'text':
        return v;
      case 'number':
      case 'integer': {
        const x = parseNumber(trimmed, false);
        if (!Number.isFinite(x)) return NO_FIT;
        return to === 'integer' && !Number.isSafeInteger(x) ? NO_FIT : x;
      }
      case 'boolean': {
        const b = parseBoolean(trimmed);
        return b === null ? NO_FIT : b;
      }
      case 'date': {
        const ms = parseDate(trimmed);
        return Number.isNaN(ms) ? NO_FIT : ms;
      }
    }
  }
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return missing;
    if (!Number.isFinite(v)) return NO_FIT;
    switch (to) {
      case 'text':
        return String(v);
      case 'number':
        return v;
      case 'integer':
        return Number.isSafeInteger(v) ? v : NO_FIT;
      case 'boolean':
        return v === 1 ? true : v === 0 ? false : NO_FIT;
      case 'date':
        return Math.abs(v) <= 8.64e15 ? v : NO_FIT;
    }
  }
  if (typeof v === 'boolean') {
    if (to === 'date') return NO_FIT;
    if (to === 'text') return v ? 'true' : 'false';
    return to === 'boolean' ? v : v ? 1 : 0;
  }
  if (v instanceof Date) {
    const ms = v.getTime();
    if (Number.isNaN(ms)) return missing;
    if (to === 'boolean') return NO_FIT;
    if (to === 'text') return formatDate(ms);
    return ms;
  }
  return to === 'text' ? String(v) : NO_FIT;
}

/** A value converted for storing in a column of `to` (Date objects for dates), or NO_FIT. */
export function toColumnValue(v: unknown, to: ColumnType): CellValue | typeof NO_FIT {
  const x = convertValue(v, to);
  if (x === NO_FIT || to !== 'date') return x;
  return typeof x === 'number' && !Number.isNaN(x) ? new Date(x) : null;
}

/** A constant typed by a user, cast to a column's type: the value, or the reason it does not fit. */
export type CastScalar = { ok: true; value: CellValue; missing: boolean } | { ok: false; reason: string };

/** Casts a user's constant to the type of `column` ("'abc' is not a number; age holds numbers"). */
export function castScalar(value: Scalar, column: ColumnInfo): CastScalar {
  const x = toColumnValue(value, column.type);
  if (x === NO_FIT) {
    const noun = TYPE_NOUN[column.type];
    return { ok: false, reason: `${quote(value)} is not ${noun.one}; ${column.name} holds ${noun.many}.` };
  }
  return { ok: true, value: x, missing: isMissingValue(column.type, x) };
}

/** A cell value as a serialisable Scalar (dates as ISO text), for fitted values stored in a recipe. */
export function toScalar(v: unknown): Scalar {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isNaN(v) ? null : v;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (v instanceof Date) return valueText(v);
  return String(v);
}

/** A value as shown in messages about what a cell holds: in quotes whatever its type, missing as "missing". */
export function quote(value: Scalar | undefined): string {
  if (value === null || value === undefined || typeof value === 'string') return showValue(value);
  return `'${String(value)}'`;
}

export { shortNumber, showValue } from '../../format';

/** "1 row", "2 rows". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? one : many}`;
}

/** Builds a column of `type` from converted values, sharing equal Date objects. */
export class ValuesBuilder {
  readonly numbers: Float64Array | null;
  readonly others: CellValue[] | null;
  private readonly type: ColumnType;
  private readonly dates = new Pool<number, Date>();
  missing = 0;

  constructor(type: ColumnType, length: number) {
    this.type = type;
    this.numbers = isNumericType(type) ? new Float64Array(length) : null;
    this.others = this.numbers === null ? new Array<CellValue>(length) : null;
  }

  /** Stores a value from `convertValue` (NO_FIT must already be turned into missing). */
  set(i: number, x: number | boolean | string | null): void {
    if (this.numbers !== null) {
      const v = x === null ? NaN : (x as number);
      if (v !== v) this.missing++;
      this.numbers[i] = v;
    } else if (this.type === 'date') {
      const ms = x as number;
      if (x === null || ms !== ms) {
        this.missing++;
        this.others![i] = null;
      } else this.others![i] = this.dates.get(ms) ?? this.dates.add(ms, new Date(ms));
    } else {
      if (x === null) this.missing++;
      this.others![i] = x;
    }
  }

  values(): ColumnValues {
    return (this.numbers ?? this.others) as ColumnValues;
  }
}
