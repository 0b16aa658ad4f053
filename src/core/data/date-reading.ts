/**
 * Reading a stored dataset's day/month dates the other way round. Ingest reads `05/06/2025` day
 * first when nothing in the column settles the order (see ingest/date-order.ts); then every date in
 * that column could be read either way, and reading it month first is exchanging day and month
 * of each date. That is what re-reading the file with the other order gives, without the file.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { IngestError } from './columns';
import type { ColumnInfo, DateReading } from './columns';
import { swapDayMonth } from './ingest/tokens';

const ORDER_WORDS: Record<DateReading['order'], string> = { 'day-first': 'day/month/year', 'month-first': 'month/day/year' };

/** The words for the other reading of a column, e.g. for the button that chooses it. */
export function otherOrderWords(reading: DateReading): string {
  return ORDER_WORDS[reading.order === 'day-first' ? 'month-first' : 'day-first'];
}

/**
 * The table with the dates of column `name` read in the other order, and the column list with
 * that column's reading updated. Throws IngestError when the column's order is settled by its
 * dates (or it has no such reading), so nothing would be read differently.
 */
export function readDatesTheOtherWay(table: ColumnTable, columns: readonly ColumnInfo[], name: string): { table: ColumnTable; columns: ColumnInfo[] } {
  const info = columns.find((c) => c.name === name);
  if (info === undefined) throw new IngestError(`There is no column "${name}" in this dataset.`);
  const reading = info.dates;
  if (info.type !== 'date' || reading === undefined || !reading.switchable) {
    throw new IngestError(`The dates in "${name}" cannot be read the other way: ${reading === undefined ? 'they are not written as day and month with / or -' : 'the file settles their order'}.`);
  }
  const order: DateReading['order'] = reading.order === 'day-first' ? 'month-first' : 'day-first';
  const source = table.array(name) as ArrayLike<unknown>;
  const swapped: (Date | null)[] = new Array(source.length);
  const pool = new Map<number, Date>();
  for (let i = 0; i < source.length; i++) {
    const v = source[i];
    const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : NaN;
    if (ms !== ms) {
      swapped[i] = null;
      continue;
    }
    const other = swapDayMonth(ms);
    let date = pool.get(other);
    if (date === undefined) pool.set(other, (date = new Date(other)));
    swapped[i] = date;
  }
  const names = table.columnNames();
  const data: Record<string, unknown> = {};
  for (const column of names) data[column] = column === name ? swapped : table.array(column);
  const note = `Dates in ${JSON.stringify(name)} read as ${ORDER_WORDS[order]}, as you chose: nothing in the file settles it (no day or month is over 12).`;
  return {
    table: aq.table(data, names),
    columns: columns.map((c) => (c.name === name ? { ...c, dates: { order, switchable: true, note } } : c)),
  };
}
