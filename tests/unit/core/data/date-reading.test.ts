import { describe, expect, test } from 'vitest';
import { readDatesTheOtherWay, otherOrderWords } from '$src/core/data/date-reading';
import { toArqueroTable } from '$src/core/data/table';
import { ingestFile } from '$src/core/data/ingest/index';

async function loaded(csv: string) {
  const parsed = await ingestFile(new Blob([csv]), { fileName: 'd.csv' });
  return { table: toArqueroTable(parsed), columns: parsed.columns.map((c) => c.info) };
}

const days = (values: ArrayLike<unknown>) => Array.from(values, (v) => (v instanceof Date ? v.toISOString() : v));

describe('readDatesTheOtherWay', () => {
  test('an undecided column read month first, keeping times, other columns and missing dates; and back', async () => {
    const { table, columns } = await loaded('When,n\n05/06/2025 10:30,1\nNA,2\n01/02/2025,3\n');
    expect(otherOrderWords(columns[0].dates!)).toBe('month/day/year');
    const once = readDatesTheOtherWay(table, columns, 'When');
    expect(days(once.table.array('When'))).toEqual(['2025-05-06T10:30:00.000Z', null, '2025-01-02T00:00:00.000Z']);
    expect(Array.from(once.table.array('n') as ArrayLike<number>)).toEqual([1, 2, 3]);
    expect(once.columns[0].dates).toEqual({
      order: 'month-first',
      switchable: true,
      note: 'Dates in "When" read as month/day/year, as you chose: nothing in the file settles it (no day or month is over 12).',
    });
    expect(once.columns[1]).toEqual(columns[1]);
    const twice = readDatesTheOtherWay(once.table, once.columns, 'When');
    expect(days(twice.table.array('When'))).toEqual(['2025-06-05T10:30:00.000Z', null, '2025-02-01T00:00:00.000Z']);
    expect(twice.columns[0].dates!.order).toBe('day-first');
  });

  test('a column whose order the file settles, or without such dates, is refused with the reason', async () => {
    const { table, columns } = await loaded('When,Iso\n24/12/2025,2025-01-02\n01/02/2025,2025-01-03\n');
    expect(() => readDatesTheOtherWay(table, columns, 'When')).toThrow('The dates in "When" cannot be read the other way: the file settles their order.');
    expect(() => readDatesTheOtherWay(table, columns, 'Iso')).toThrow('they are not written as day and month with / or -');
    expect(() => readDatesTheOtherWay(table, columns, 'Nope')).toThrow('There is no column "Nope" in this dataset.');
  });
});
