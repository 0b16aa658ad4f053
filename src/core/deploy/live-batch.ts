/**
 * The live batch Monitor compares with a model's reference: the columns of a file, or the inputs
 * of a time window of the inference log, with a label that says which.
 */
import type { ParsedTable } from '../data/columns';
import { columnValue, type LogValue, type StoredLogBatch } from './log-batch';

export interface LiveBatch {
  columns: Record<string, ArrayLike<unknown>>;
  rows: number;
  /** Where the rows came from, as the monitoring history shows it. */
  label: string;
}

/** A file's rows, every column as read. */
export function fileBatch(table: ParsedTable, fileName: string): LiveBatch {
  return { columns: Object.fromEntries(table.columns.map((c) => [c.info.name, c.values])), rows: table.rowCount, label: fileName };
}

/** The logged inputs named `features` of every row of `batches` (in their order), from the window `from … to`. */
export function logWindowBatch(batches: readonly StoredLogBatch[], features: readonly string[], window: { from?: number; to?: number }): LiveBatch {
  const rows = batches.reduce((n, b) => n + b.header.rows, 0);
  const { from, to } = window;
  return {
    columns: Object.fromEntries(features.map((name) => [name, logInputColumn(batches, name, rows)])),
    rows,
    label: `inference log${from ? ` from ${new Date(from).toISOString()}` : ''}${to ? ` to ${new Date(to).toISOString()}` : ''}`,
  };
}

/** One input of every logged row (the batches' order), null where a row lacks it. */
function logInputColumn(batches: readonly StoredLogBatch[], name: string, rows: number): LogValue[] {
  const out: LogValue[] = new Array(rows);
  let at = 0;
  for (const { header, columns } of batches) {
    const k = columns.inputNames.indexOf(name);
    for (let r = 0; r < header.rows; r++) out[at++] = k < 0 ? null : columnValue(columns.inputs[k], r);
  }
  return out;
}
