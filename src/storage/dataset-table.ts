/**
 * A table stored as a dataset: Arrow IPC chunks of `CHUNK_ROWS` rows, each encoded only when the
 * store writes it, so a large table is never held twice (as columns and as bytes).
 */
import type { ColumnTable } from 'arquero';
import { CHUNK_ROWS, tableChunks } from '../core/data/table';
import type { StudioDB } from './db';
import type { DatasetRecord, NewDataset } from './schema';

/** Stores `table` as a new dataset, or in place of `dataset.id`; its row count and chunking come from the table. */
export function saveTable(store: StudioDB, dataset: Omit<NewDataset, 'rowCount' | 'chunkRows'>, table: ColumnTable): Promise<DatasetRecord> {
  return store.saveDataset({ ...dataset, rowCount: table.numRows(), chunkRows: CHUNK_ROWS }, tableChunks(table, CHUNK_ROWS));
}
