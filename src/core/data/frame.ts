/**
 * A frame is what every data step works on: an Arquero table plus what the studio knows about
 * its columns. The table also carries a hidden row-id column (`ROW_ID`), the row's position in
 * the raw dataset (appended rows continue the count), so a split or a manual label still finds
 * its row after filters, de-duplication or joins have moved rows around.
 */
import type { ColumnTable } from 'arquero';
import type { ColumnInfo } from './columns';

/** Name of the hidden row-id column; never shown, profiled, validated or downloaded. */
export const ROW_ID = '\u241Frow';

export interface Frame {
  /** Holds every column in `columns` plus `ROW_ID` (Int32/Float64 row ids). */
  table: ColumnTable;
  /** The visible columns, in order, with their types and missing counts. */
  columns: ColumnInfo[];
}

/** Which part of a split a row belongs to; `UNASSIGNED` for rows that came after the split. */
export const PART = { train: 0, validation: 1, test: 2 } as const;
export const UNASSIGNED = 255;
export type PartName = keyof typeof PART;
