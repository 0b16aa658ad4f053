import { describe, expect, it } from 'vitest';
import { lower } from './helpers';

describe('appendLowering', () => {
  it('skips the step by design and adds no input without the other dataset\'s columns', () => {
    const { handling } = lower({ kind: 'append', datasetId: 'd2', datasetName: 'More people' });
    expect(handling).toEqual({ how: 'row-set', reason: 'Skipped by design: it adds the rows of More people to the training data, which changes no single row.', columns: [] });
  });

  it('makes the columns only the appended dataset has inputs, and later unknown columns come from it', () => {
    const { handling, columns } = lower(
      { kind: 'append', datasetId: 'd2', datasetName: 'More people' },
      { datasetColumns: { d2: [{ name: 'age', type: 'integer', missing: 0 }, { name: 'score', type: 'number', missing: 0 }] } },
    );
    expect(handling).toMatchObject({ how: 'row-set', columns: [{ column: 'score', source: 'dataset', step: 0 }] });
    expect(columns.get('height', 1).expr).toMatchObject({ source: 'dataset', step: 0 });
  });
});
