import { describe, expect, it } from 'vitest';
import { prepareRows } from '$src/core/deploy/score';
import type { ServingSpec } from '$src/core/deploy/serving-spec';

const spec: ServingSpec = {
  modelId: 'm', modelName: 'M', task: 'classification', classes: ['a', 'b'],
  inputs: [
    { name: 'x', type: 'float32', sourceType: 'number', categories: null, typical: null },
    { name: 'c', type: 'string', sourceType: 'text', categories: ['u', 'v'], typical: null },
    { name: 'gone', type: 'float32', sourceType: 'number', categories: null, typical: null },
  ],
  rules: [{ id: 'r1', column: 'x', kind: 'not-missing' }] as ServingSpec['rules'],
  columns: [{ name: 'x', type: 'number', missing: 0 }, { name: 'c', type: 'text', missing: 0 }],
};

describe('preparing served rows', () => {
  it('reads a run of rows from columns, flagging each problem on its own row only', () => {
    const columns: Record<string, ArrayLike<unknown>> = { x: Float64Array.from([9, 1.5, NaN, 2]), c: ['zz', 'u', 'w', null] };
    const prepared = prepareRows({ ...spec, inputs: spec.inputs.slice(0, 2) }, 3, (name) => columns[name], 1);
    const [x, c] = prepared.feeds;
    expect(Array.from(x.values as Float32Array)).toEqual([1.5, NaN, 2]);
    expect(c.values).toEqual(['u', 'w', '']);
    expect(prepared.flags).toEqual([
      [],
      ['c = "w" was not seen in training; the model treats it as none of the known values.', 'Breaks a validation rule: x is missing.'],
      [],
    ]);
  });

  it('flags a missing column on every row and text that is not a number', () => {
    const prepared = prepareRows(spec, 1, (name) => (name === 'gone' ? undefined : name === 'x' ? ['abc'] : ['u']));
    expect(Number.isNaN((prepared.feeds[0].values as Float32Array)[0])).toBe(true);
    expect(prepared.flags[0]).toHaveLength(2);
    expect(prepared.flags[0][0]).toMatch(/It was treated as a missing value\.$/);
    expect(prepared.flags[0][1]).toBe('The column gone is missing; it was treated as a missing value.');
  });
});

describe('dates in served rows', () => {
  const dated: ServingSpec = {
    ...spec,
    inputs: [{ name: 'When', type: 'float32', sourceType: 'date', categories: null, typical: '2025-12-24' }],
    rules: [],
    columns: [{ name: 'When', type: 'date', missing: 0 }],
  };
  const DAY = 86_400_000;

  it('reads a date from the form, a file’s Date cells, its forms as text, and epoch ms, as days since 1970', () => {
    const cells = ['2025-12-24', new Date(Date.UTC(2025, 11, 24)), '24.12.2025', Date.UTC(2025, 11, 24, 12), null, ''];
    const prepared = prepareRows(dated, cells.length, () => cells);
    const day = Date.UTC(2025, 11, 24) / DAY;
    expect(Array.from(prepared.feeds[0].values as Float32Array)).toEqual([day, day, day, day + 0.5, NaN, NaN]);
    expect(prepared.flags.flat()).toEqual([]);
  });

  it('flags a bad date as the wrong type, never as an unseen category', () => {
    const prepared = prepareRows(dated, 2, () => ['soon', '31.02.2025']);
    expect(Number.isNaN((prepared.feeds[0].values as Float32Array)[0])).toBe(true);
    for (const flags of prepared.flags) {
      expect(flags).toHaveLength(1);
      expect(flags[0]).toMatch(/is not a date .*the feature When takes dates\. It was treated as a missing value\.$/);
      expect(flags[0]).not.toMatch(/not seen in training/);
    }
  });
});
