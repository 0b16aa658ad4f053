import { describe, expect, it } from 'vitest';
import * as aq from 'arquero';
import { ROW_ID, type Frame } from '$src/core/data/frame';
import type { ColumnType } from '$src/core/data/columns';
import { formRow, formText } from '$src/core/deploy/form-row';

function frame(columns: Record<string, { type: ColumnType; values: unknown[] }>, ids: number[]): Frame {
  const data: Record<string, unknown[]> = { [ROW_ID]: ids };
  for (const [name, c] of Object.entries(columns)) data[name] = c.values;
  return { table: aq.table(data), columns: Object.entries(columns).map(([name, c]) => ({ name, type: c.type, missing: 0 })) };
}

describe('formText', () => {
  it('writes each type as its form field takes it', () => {
    expect(formText(Math.fround(43.205), 'number')).toBe('43.205');
    expect(formText(7, 'integer')).toBe('7');
    expect(formText(new Date(Date.UTC(2024, 1, 29)), 'date')).toBe('2024-02-29');
    expect(formText(Date.UTC(2023, 11, 31, 18), 'date')).toBe('2023-12-31');
    expect(formText(true, 'boolean')).toBe('true');
    expect(formText(' Adelie ', 'text')).toBe(' Adelie ');
    expect(formText(null, 'number')).toBe('');
    expect(formText(NaN, 'number')).toBe('');
    expect(formText(new Date(NaN), 'date')).toBe('');
  });
});

describe('formRow', () => {
  // Raw rows 0..4; the recipe dropped row 1, renamed "old" to "new" and cleaned "size".
  const raw = frame({
    size: { type: 'text', values: ['1', '2', '3', '4', '5'] },
    old: { type: 'text', values: ['a', 'b', 'c', 'd', 'e'] },
    when: { type: 'date', values: [0, 1, 2, 3, 4].map((d) => new Date(Date.UTC(2020, 0, d + 1))) },
  }, [0, 1, 2, 3, 4]);
  const prepared = frame({
    size: { type: 'number', values: [1.5, 3.25, 4, null] },
    new: { type: 'text', values: ['a', 'c', 'd', 'e'] },
    when: { type: 'date', values: [0, 2, 3, 4].map((d) => new Date(Date.UTC(2020, 0, d + 1))) },
  }, [0, 2, 3, 4]);
  const validation = [1, 3]; // positions in prepared: raw rows 2 and 4

  it('reads the prepared value, and the raw one for an input the recipe renamed away', () => {
    const row = formRow(prepared, raw, validation, 0, ['size', 'old', 'when', 'gone']);
    expect(row).toEqual({ index: 0, count: 2, values: { size: '3.25', old: 'c', when: '2020-01-03' }, absent: ['gone'] });
  });

  it('gives a missing value as empty text and keeps the index inside the part', () => {
    expect(formRow(prepared, raw, validation, 1, ['size', 'old']).values).toEqual({ size: '', old: 'e' });
    expect(formRow(prepared, raw, validation, 9, ['size']).index).toBe(1);
    expect(formRow(prepared, raw, validation, -3, ['size']).index).toBe(0);
    expect(formRow(prepared, raw, [], 0, ['size'])).toEqual({ index: 0, count: 0, values: {}, absent: [] });
  });
});
