/**
 * Dedupe: keeps the first of rows that are equal on the chosen columns (on every column when none
 * are chosen). Equality is by value: NaN equals NaN and missing equals missing, dates are equal
 * when they are the same instant.
 *
 * How: each column is dictionary-encoded into dense integer codes (no per-row key strings),
 * codes of several columns are combined pairwise into dense codes again, and a row is kept when
 * its code is seen for the first time. Linear in rows × columns. Numbers go through a small
 * open-addressing hash table on typed arrays (several times faster than a Map of doubles, which
 * matters at a million rows); text uses a Map (V8 caches string hashes).
 */
import type { ColumnType, ColumnValues } from '../columns';
import type { StepHandler } from './handler';
import { chosenColumns, columnInfo, columnValues, keptIndices, missingColumnsReason, takeRows } from './frame-ops';
import type { CellValue } from './frame-ops';
import { STEP_LABELS } from './step-labels';

interface Codes {
  codes: Int32Array;
  /** Codes run from 0 to count − 1. */
  count: number;
}

const scratch = new Float64Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/**
 * Dense codes for numbers, in order of first appearance: an open-addressing hash table (linear
 * probing) over the bits of each double. NaN gets one code (missing equals missing) and −0 is 0.
 */
class NumberCoder {
  private keys: Float64Array;
  private slots: Int32Array;
  private mask: number;
  private nanCode = -1;
  size = 0;

  constructor(expected: number) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    this.keys = new Float64Array(Math.max(8, expected));
  }

  private static hash(x: number): number {
    scratch[0] = x;
    let h = Math.imul(scratchBits[0] ^ Math.imul(scratchBits[1], 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    return Math.imul(h, 0xc2b2ae35) ^ (h >>> 13);
  }

  code(value: number): number {
    if (value !== value) {
      if (this.nanCode < 0) this.nanCode = this.size++;
      return this.nanCode;
    }
    const x = value === 0 ? 0 : value;
    let slot = NumberCoder.hash(x) & this.mask;
    for (;;) {
      const c = this.slots[slot];
      if (c < 0) break;
      if (this.keys[c] === x) return c;
      slot = (slot + 1) & this.mask;
    }
    const c = this.size++;
    if (c >= this.keys.length) {
      const keys = new Float64Array(this.keys.length * 2);
      keys.set(this.keys);
      this.keys = keys;
    }
    this.keys[c] = x;
    this.slots[slot] = c;
    if (this.size * 2 > this.slots.length) this.grow();
    return c;
  }

  private grow(): void {
    const capacity = this.slots.length * 2;
    this.slots = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    for (let c = 0; c < this.size; c++) {
      if (c === this.nanCode) continue;
      let slot = NumberCoder.hash(this.keys[c]) & this.mask;
      while (this.slots[slot] >= 0) slot = (slot + 1) & this.mask;
      this.slots[slot] = c;
    }
  }
}

/** Dense codes of one column's values: equal values (by the rules above) get equal codes. */
function encodeColumn(type: ColumnType, values: ColumnValues): Codes {
  const n = values.length;
  const codes = new Int32Array(n);
  if (type === 'boolean') {
    // Codes stay dense (0 … distinct − 1): callers rely on count being the number of distinct values.
    const source = values as (boolean | null)[];
    const dense = [-1, -1, -1];
    let count = 0;
    for (let i = 0; i < n; i++) {
      const v = source[i];
      const k = v === true ? 2 : v === false ? 1 : 0;
      if (dense[k] < 0) dense[k] = count++;
      codes[i] = dense[k];
    }
    return { codes, count: Math.max(1, count) };
  }
  if (values instanceof Float64Array || type === 'date') {
    const coder = new NumberCoder(Math.min(n, 1 << 16));
    if (values instanceof Float64Array) {
      for (let i = 0; i < n; i++) codes[i] = coder.code(values[i]);
    } else {
      // Dates by instant; a missing or invalid date is NaN, so all of them are equal.
      const source = values as (Date | null)[];
      for (let i = 0; i < n; i++) {
        const d = source[i];
        codes[i] = coder.code(d === null || d === undefined ? NaN : d.getTime());
      }
    }
    return { codes, count: Math.max(1, coder.size) };
  }
  // Text: Map keys compare by SameValueZero; null (missing) is one key.
  const map = new Map<unknown, number>();
  const source = values as CellValue[];
  for (let i = 0; i < n; i++) {
    const v = source[i] ?? null;
    let c = map.get(v);
    if (c === undefined) map.set(v, (c = map.size));
    codes[i] = c;
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
    // Few enough pairs: a flat lookup table is faster than hashing.
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
  const coder = new NumberCoder(Math.min(n, 1 << 16));
  for (let i = 0; i < n; i++) codes[i] = coder.code(a.codes[i] * b.count + b.codes[i]);
  return { codes, count: Math.max(1, coder.size) };
}

export const dedupeStep: StepHandler<'dedupe'> = {
  kind: 'dedupe',
  label: STEP_LABELS.dedupe,

  describe(step) {
    if (step.columns.length === 0) return 'Remove duplicate rows (equal in every column), keeping the first';
    return `Remove duplicate rows (equal in ${step.columns.join(', ')}), keeping the first`;
  },

  check(step, frame) {
    return missingColumnsReason(frame, step.columns);
  },

  apply(step, frame) {
    const n = frame.table.numRows();
    let key: Codes | null = null;
    for (const name of chosenColumns(step.columns, frame)) {
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
