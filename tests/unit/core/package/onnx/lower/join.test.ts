import { describe, expect, it } from 'vitest';
import { lower } from './helpers';

describe('joinLowering', () => {
  it('names a joined column that clashes as the join does, and skips the right key', () => {
    const { handling } = lower(
      { kind: 'join', datasetId: 'd2', datasetName: 'Cities', leftKey: 'city', rightKey: 'town', how: 'left' },
      { datasetColumns: { d2: [{ name: 'town', type: 'text', missing: 0 }, { name: 'age', type: 'number', missing: 0 }, { name: 'score', type: 'number', missing: 0 }] } },
    );
    expect(handling).toMatchObject({ how: 'join', columns: [{ column: 'age (right)', type: 'number', source: 'dataset' }, { column: 'score' }] });
  });

  it('finds the joined columns by use when the other dataset is not described', () => {
    const { handling, columns } = lower({ kind: 'join', datasetId: 'd2', datasetName: 'Cities', leftKey: 'city', rightKey: 'town', how: 'inner' });
    expect(handling).toMatchObject({ how: 'join', columns: [] });
    expect(columns.get('population', 1).expr).toMatchObject({ source: 'dataset', step: 0, type: null });
  });
});
