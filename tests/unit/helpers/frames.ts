/** Frames for tests, built as the data worker builds them: the given columns, then the hidden row ids. */
import * as aq from 'arquero';
import type { ColumnInfo, ColumnType } from '$src/core/data/columns';
import { ROW_ID, type Frame } from '$src/core/data/frame';

/** One column: its type and its values, written `{ type, values }` or `[type, values]`. */
export type ColumnSpec = { type: ColumnType; values: ArrayLike<unknown> } | readonly [ColumnType, ArrayLike<unknown>];

export interface FrameOptions {
  /** The hidden row ids, in row order; 0 … n − 1 when not given. */
  rowIds?: ArrayLike<number>;
  /** How many rows a frame without columns has. */
  rows?: number;
  /**
   * Number and integer columns given as plain arrays are stored as Float64Arrays with NaN for
   * null, as ingest stores them; without this they are stored as given.
   */
  float64?: boolean;
}

/** A cell the studio reads as missing: null, undefined, NaN or an invalid date. */
function isMissingCell(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'number') return Number.isNaN(value);
  return value instanceof Date && Number.isNaN(value.getTime());
}

/**
 * A frame from typed columns of plain values; `ColumnInfo.missing` is counted from the values.
 * `frameOf({ x: { type: 'number', values: [1, null] } }, { float64: true })`.
 */
export function frameOf(columns: Record<string, ColumnSpec>, options: FrameOptions = {}): Frame {
  const data: Record<string, unknown> = {};
  const infos: ColumnInfo[] = [];
  let rows = options.rows ?? 0;
  for (const [name, spec] of Object.entries(columns)) {
    const [type, given] = 'type' in spec ? [spec.type, spec.values] : spec;
    const numeric = type === 'number' || type === 'integer';
    const values =
      options.float64 && numeric && !(given instanceof Float64Array)
        ? Float64Array.from(given as ArrayLike<number | null>, (v) => (v === null ? NaN : v))
        : given;
    let missing = 0;
    for (let i = 0; i < values.length; i++) if (isMissingCell(values[i])) missing++;
    data[name] = values;
    infos.push({ name, type, missing });
    rows = values.length;
  }
  data[ROW_ID] = options.rowIds ? Int32Array.from(options.rowIds) : Int32Array.from({ length: rows }, (_, i) => i);
  return { table: aq.table(data, [...infos.map((c) => c.name), ROW_ID]), columns: infos };
}
