import * as aq from 'arquero';
import type { ColumnInfo, ColumnType } from '$src/core/data/columns';
import { ROW_ID, type Frame } from '$src/core/data/frame';
import type { Rule } from '$src/core/data/validate/rules';

type Values = Float64Array | unknown[];

/** A frame with the given typed columns plus the hidden row ids. */
export function frameOf(columns: Record<string, [ColumnType, Values]>): Frame {
  const data: Record<string, unknown> = {};
  const infos: ColumnInfo[] = [];
  let rows = 0;
  for (const [name, [type, values]] of Object.entries(columns)) {
    data[name] = values;
    rows = values.length;
    let missing = 0;
    for (const v of values as Iterable<unknown>) if (v === null || (typeof v === 'number' && Number.isNaN(v))) missing++;
    infos.push({ name, type, missing });
  }
  data[ROW_ID] = Int32Array.from({ length: rows }, (_, i) => i);
  return { table: aq.table(data), columns: infos };
}

let next = 0;
export function rule(r: Omit<Rule, 'id'> & { id?: string }): Rule {
  return { id: r.id ?? `r${++next}`, ...r } as Rule;
}

export const date = (s: string) => new Date(s.length === 10 ? `${s}T00:00:00Z` : s);
