import { describe, expect, it } from 'vitest';
import { RecipeColumns } from '$src/core/package/onnx/lower/columns';
import { stepAt } from '$src/core/package/onnx/lower/lowering';
import { rowSetLowering } from '$src/core/package/onnx/lower/row-set';

describe('rowSetLowering', () => {
  it('skips the step with its reason and leaves the columns alone', () => {
    const columns = new RecipeColumns([{ name: 'age', type: 'integer', missing: 0 }], ['Dedupe']);
    const lowering = rowSetLowering('dedupe', 'Skipped by design: rows.');
    expect(lowering.kind).toBe('dedupe');
    expect(lowering.lower({ kind: 'dedupe', columns: [] }, stepAt(0, columns, {}))).toEqual({ how: 'row-set', reason: 'Skipped by design: rows.', columns: [] });
    expect(columns.names()).toEqual(['age']);
    expect(columns.find('age')?.expr).toBe(columns.rawInputs[0]);
  });
});
