import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '$src/core/data/columns';
import { ExportError } from '$src/core/package/onnx/errors';
import { RecipeColumns, numeric } from '$src/core/package/onnx/lower/columns';

const RAW: ColumnInfo[] = [
  { name: 'age', type: 'integer', missing: 0 },
  { name: 'city', type: 'text', missing: 0 },
];

describe('RecipeColumns', () => {
  it('starts with one raw input per raw column, in raw order', () => {
    const columns = new RecipeColumns(RAW, []);
    expect(columns.rawInputs.map((e) => [e.column, e.source, e.domain])).toEqual([
      ['age', 'raw', 'number'],
      ['city', 'raw', 'text'],
    ]);
    expect(columns.find('age')?.expr).toBe(columns.rawInputs[0]);
    expect(columns.names()).toEqual(['age', 'city']);
  });

  it('refuses a column no step made when no join or append came before', () => {
    const columns = new RecipeColumns(RAW, ['Impute income']);
    expect(() => columns.get('income', 0)).toThrow(ExportError);
    expect(() => columns.get('income', 0)).toThrow(/Step 1 \(Impute income\) works on income/);
    expect(() => columns.outer('income', null)).toThrow(/The model takes the column income/);
  });

  it('takes a column no step made from the last join, of a type decided by its use', () => {
    const columns = new RecipeColumns(RAW, ['Join', 'Join again', 'Clip population']);
    columns.joinedAt(0);
    columns.joinedAt(1);
    const t = columns.get('population', 2);
    expect(t.expr).toMatchObject({ op: 'input', source: 'dataset', step: 1, type: null, domain: null });
    expect(columns.outerInputs).toEqual([t.expr]);
    expect(numeric(t)).toBe(t.expr);
    expect(t.expr).toMatchObject({ domain: 'number' });
  });

  it('adds the columns of another dataset as dataset inputs', () => {
    const columns = new RecipeColumns(RAW, []);
    const node = columns.addDatasetColumn('population', 'number', 3);
    expect(node).toMatchObject({ source: 'dataset', column: 'population', type: 'number', domain: 'number', step: 3 });
    expect(columns.find('population')).toEqual({ type: 'number', expr: node });
  });

  it('records that a cut covers the earlier steps on the column, each only once', () => {
    const columns = new RecipeColumns(RAW, []);
    const age = columns.rawInputs[0];
    columns.set('age', { type: 'integer', expr: { op: 'fill', x: age, value: 1, column: 'age', step: 0 } });
    const first = columns.cut(1, 'age', 'integer');
    expect(first).toMatchObject({ source: 'cleaned', step: 1, domain: 'number' });
    expect(columns.find('age')?.expr).toBe(first);
    columns.cut(2, 'age', 'text');
    expect([...columns.coveredBy]).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(columns.find('age')).toMatchObject({ type: 'text', expr: { domain: 'text' } });
  });

  it('renames and drops by name only', () => {
    const columns = new RecipeColumns(RAW, []);
    const age = columns.find('age')!;
    columns.delete('age');
    columns.set('years', age);
    expect(columns.has('age')).toBe(false);
    expect(columns.find('years')).toBe(age);
  });
});
