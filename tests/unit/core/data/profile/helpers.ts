/** Frames for the profile tests, built like the data worker builds them (with the hidden row ids). */
import * as aq from 'arquero';
import type { ColumnInfo, ColumnType } from '$src/core/data/columns';
import { ROW_ID, type Frame } from '$src/core/data/frame';
import type { ColumnProfile } from '$src/core/data/profile/index';

export type Cell = number | string | boolean | Date | null;

/**
 * A frame from columns of plain values: `number`/`integer` columns become Float64Arrays with
 * NaN for null, the others plain arrays. ColumnInfo.missing is counted from the values.
 */
export function frameOf(columns: Record<string, { type: ColumnType; values: readonly Cell[] | Float64Array }>): Frame {
  const data: Record<string, unknown> = {};
  const infos: ColumnInfo[] = [];
  let rows = 0;
  for (const [name, { type, values }] of Object.entries(columns)) {
    rows = values.length;
    if (type === 'number' || type === 'integer') {
      const x = values instanceof Float64Array ? values : Float64Array.from(values as Cell[], (v) => (v === null ? NaN : (v as number)));
      data[name] = x;
      infos.push({ name, type, missing: x.reduce((m, v) => m + (Number.isNaN(v) ? 1 : 0), 0) });
    } else {
      const list = [...(values as Cell[])];
      data[name] = list;
      infos.push({ name, type, missing: list.filter((v) => v === null).length });
    }
  }
  data[ROW_ID] = Int32Array.from({ length: rows }, (_, i) => i);
  return { table: aq.table(data, [...infos.map((c) => c.name), ROW_ID]), columns: infos };
}

/** The profile of one column; fails the test when there is none. */
export function columnNamed(columns: readonly ColumnProfile[], name: string): ColumnProfile {
  const found = columns.find((c) => c.name === name);
  if (!found) throw new Error(`no profile for "${name}"`);
  return found;
}

/** A seeded generator (mulberry32) so test data is the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
