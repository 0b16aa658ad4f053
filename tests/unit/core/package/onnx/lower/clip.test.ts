import { describe, expect, it } from 'vitest';
import { lower } from './helpers';

describe('clipLowering', () => {
  it('limits numbers to the fitted bounds in the graph', () => {
    const { handling, columns } = lower({ kind: 'clip', column: 'income', method: 'iqr', fitted: { lower: 0, upper: 1e5, from: 'train', rows: 10 } });
    expect(handling).toMatchObject({ how: 'expression', reason: 'In the graph: income is limited to [0, 100000]; a missing value stays missing.', nodes: [{ op: 'clip', lower: 0, upper: 1e5 }] });
    expect(columns.find('income')?.type).toBe('number');
  });

  it('cannot clip without bounds, nor a column of text', () => {
    expect(lower({ kind: 'clip', column: 'income', method: 'iqr' }).handling).toMatchObject({ how: 'cut', why: 'The step has no fitted bounds' });
    expect(lower({ kind: 'clip', column: 'city', method: 'iqr', fitted: { lower: 0, upper: 1, from: 'train', rows: 10 } }).handling).toMatchObject({ how: 'cut', why: 'city does not hold numbers' });
  });
});
