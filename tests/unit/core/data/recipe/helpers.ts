/** Small helpers shared by the recipe tests: frames from plain values, and plain values back. */
import type { ColumnInfo, ColumnType } from '$src/core/data/columns';
import type { Frame } from '$src/core/data/frame';
import type { StepContext } from '$src/core/data/recipe/handler';
import { RecipeError } from '$src/core/data/recipe/handler';
import { columnValues, countMissing, frameFromColumns } from '$src/core/data/recipe/frame-ops';
import type { FrameColumn } from '$src/core/data/recipe/frame-ops';

type Plain = number | string | boolean | Date | null;

function inferType(values: readonly Plain[]): ColumnType {
  const present = values.filter((v) => v !== null && !(typeof v === 'number' && Number.isNaN(v)));
  if (present.length === 0) return 'text';
  if (present.every((v) => typeof v === 'number')) return present.every((v) => Number.isInteger(v)) ? 'integer' : 'number';
  if (present.every((v) => typeof v === 'boolean')) return 'boolean';
  if (present.every((v) => v instanceof Date)) return 'date';
  return 'text';
}

/**
 * A frame (with row ids 0..n−1) from columns of plain values: null is missing; numbers become a
 * Float64Array; date columns take Date objects or ISO text. Types are inferred unless given.
 */
export function makeFrame(columns: Record<string, readonly Plain[]>, types: Record<string, ColumnType> = {}): Frame {
  const built: FrameColumn[] = [];
  let rows = 0;
  for (const [name, values] of Object.entries(columns)) {
    const type = types[name] ?? inferType(values);
    let stored: unknown;
    if (type === 'number' || type === 'integer') stored = Float64Array.from(values, (v) => (v === null ? NaN : Number(v)));
    else if (type === 'date') stored = values.map((v) => (v === null ? null : v instanceof Date ? v : new Date(String(v))));
    else stored = [...values];
    const typed = stored as FrameColumn['values'];
    built.push({ info: { name, type, missing: countMissing(type, typed) }, values: typed });
    rows = typed.length;
  }
  return frameFromColumns(built, Float64Array.from({ length: rows }, (_, i) => i));
}

/** A step context: train rows by row id (1 = train), or null for no split. */
export function context(trainRows: readonly number[] | null = null, datasets: Record<string, Frame> = {}): StepContext {
  return {
    trainRows: trainRows === null ? null : Uint8Array.from(trainRows),
    dataset(id) {
      const frame = datasets[id];
      if (frame === undefined) throw new RecipeError(`The dataset ${id} is gone.`);
      return frame;
    },
  };
}

/** A column's values as plain data for toEqual: missing as null, dates as ISO text. */
export function cells(frame: Frame, name: string): Plain[] {
  return Array.from(columnValues(frame, name) as ArrayLike<Plain>, (v) => {
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return null;
    return v instanceof Date ? v.toISOString() : v;
  });
}

/** The frame's column info by name. */
export function info(frame: Frame, name: string): ColumnInfo {
  const found = frame.columns.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no column ${name}`);
  return found;
}
