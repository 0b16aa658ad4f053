/**
 * Dedupe: keeps the first of rows that are equal on the chosen columns (on every column when none
 * are chosen). Equality is by value: NaN equals NaN and missing equals missing, dates are equal
 * when they are the same instant.
 *
 * How: each column is dictionary-encoded into dense integer codes (one Map lookup per cell, no
 * per-row key strings), codes of several columns are combined pairwise into dense codes again,
 * and a row is kept when its code is seen for the first time. Linear in rows × columns.
 */
import type { ColumnType, ColumnValues } from '../columns';
import type { Frame } from '../frame';
import type { StepHandler } from './handler';
import type { StepOf } from './steps';
import { columnInfo, columnValues, keptIndices, missingColumnReason, takeRows } from './frame-ops';
import type { CellValue } from './frame-ops';

interface Codes {
  codes: Int32Array;
  /** Codes run from 0 to count − 1. */
  count: number;
}

/** Dense codes of one column's values: equal values (by the rules above) get equal codes. */
function encodeColumn(type: ColumnType, values: ColumnValues): Codes {
  const n = values.length;
  const codes = new Int32Array(n);
  if (type === 'boolean') {
    const source = values as (boolean | null)[];
    for (let i = 0; i < n; i++) {
      const v = source[i];
      codes[i] = v === true ? 2 : v === false ? 1 : 0;
    }
    return { codes, count: 3 };
  }
  // Map keys compare by SameValueZero: NaN equals NaN, which is what "missing equals missing" needs.
  const map = new Map<unknown, number>();
  if (values instanceof Float64Array) {
    for (let i = 0; i < n; i++) {
      const v = values[i];
      let c = map.get(v);
      if (c === undefined) map.set(v, (c = map.size));
      codes[i] = c;
    }
  } else if (type === 'date') {
    const source = values as (Date | null)[];
    for (let i = 0; i < n; i++) {
      const d = source[i];
      const v = d === null || d === undefined ? NaN : d.getTime();
      let c = map.get(v);
      if (c === undefined) map.set(v, (c = map.size));
      codes[i] = c;
    }
  } else {
    const source = values as CellValue[];
    for (let i = 0; i < n; i++) {
      const v = source[i] ?? null;
      let c = map.get(v);
      if (c === undefined) map.set(v, (c = map.size));
      codes[i] = c;
    }
  }
  return { codes, count: Math.max(1, map.size) };
}

/** Dense codes of pairs (a, b): equal pairs get equal codes. */
function combine(a: Codes, b: Codes): Codes {
  const n = a.codes.length;
  const codes = new Int32Array(n);
  const pairs = a.count * b.count;
  let count = 0;
  if (pairs <= Math.max(1 << 20, 4 * n)) {
    // Few enough pairs: a flat lookup table is faster than a Map.
    const table = new Int32Array(pairs).fill(-1);
    for (let i = 0; i < n; i++) {
      const key = a.codes[i] * b.count + b.codes[i];
      let c = table[key];
      if (c < 0) table[key] = c = count++;
      codes[i] = c;
    }
    return { codes, count: Math.max(1, count) };
  }
  // count ≤ rows, so the product stays far below 2^53 and the key is exact.
  const map = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = a.codes[i] * b.count + b.codes[i];
    let c = map.get(key);
    if (c === undefined) map.set(key, (c = map.size));
    codes[i] = c;
  }
  return { codes, count: Math.max(1, map.size) };
}

function targetColumns(step: StepOf<'dedupe'>, frame: Frame): string[] {
  return step.columns.length > 0 ? step.columns : frame.columns.map((c) => c.name);
}

export const dedupeStep: StepHandler<'dedupe'> = {
  kind: 'dedupe',
  label: 'Remove duplicate rows',

  describe(step) {
    if (step.columns.length === 0) return 'Remove duplicate rows (equal in every column), keeping the first';
    return `Remove duplicate rows (equal in ${step.columns.join(', ')}), keeping the first`;
  },

  check(step, frame) {
    for (const name of step.columns) {
      const gone = missingColumnReason(frame, name);
      if (gone !== null) return gone;
    }
    return null;
  },

  apply(step, frame) {
    const n = frame.table.numRows();
    let key: Codes | null = null;
    for (const name of targetColumns(step, frame)) {
      const codes = encodeColumn(columnInfo(frame, name).type, columnValues(frame, name));
      key = key === null ? codes : combine(key, codes);
      // Every row already distinct: no further column can make two rows equal.
      if (key.count === n) return frame;
    }
    if (key === null) return frame;
    const seen = new Uint8Array(key.count);
    const keep = new Uint8Array(n);
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const c = key.codes[i];
      if (seen[c] === 0) {
        seen[c] = 1;
        keep[i] = 1;
        kept++;
      }
    }
    return kept === n ? frame : takeRows(frame, keptIndices(keep));
  },
};
