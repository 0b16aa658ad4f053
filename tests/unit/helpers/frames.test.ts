import { describe, expect, it } from 'vitest';
import { ROW_ID } from '$src/core/data/frame';
import { frameOf } from './frames';

describe('frameOf (test helper)', () => {
  it('takes columns as { type, values } or [type, values], counts missing cells and adds row ids 0 … n − 1', () => {
    const frame = frameOf({
      x: { type: 'number', values: Float64Array.from([1, NaN, 3]) },
      s: ['text', ['a', null, 'c']],
      d: { type: 'date', values: [new Date(0), new Date(NaN), null] },
    });
    expect(frame.columns).toEqual([
      { name: 'x', type: 'number', missing: 1 },
      { name: 's', type: 'text', missing: 1 },
      { name: 'd', type: 'date', missing: 2 },
    ]);
    expect(frame.table.columnNames()).toEqual(['x', 's', 'd', ROW_ID]);
    expect(Array.from(frame.table.array(ROW_ID) as ArrayLike<number>)).toEqual([0, 1, 2]);
  });

  it('stores plain number columns as Float64Arrays only when asked, and takes the row ids given', () => {
    const plain = frameOf({ n: { type: 'integer', values: [4, null] } });
    expect(plain.table.array('n')).toEqual([4, null]);
    const stored = frameOf({ n: { type: 'integer', values: [4, null] } }, { float64: true, rowIds: [7, 9] });
    expect(Array.from(stored.table.array('n') as Float64Array)).toEqual([4, NaN]);
    expect(Array.from(stored.table.array(ROW_ID) as ArrayLike<number>)).toEqual([7, 9]);
    expect(frameOf({}, { rows: 3 }).table.numRows()).toBe(3);
  });
});
