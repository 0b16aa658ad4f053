import { describe, expect, it } from 'vitest';
import { STEP_KINDS } from '$src/core/data/recipe/registry';
import { stepLowerings } from '$src/core/package/onnx/lower/registry';
import { lower } from './helpers';

describe('stepLowerings', () => {
  it('has a lowering for every step kind the recipe knows, under its own kind', () => {
    expect(Object.keys(stepLowerings).sort()).toEqual([...STEP_KINDS].sort());
    for (const [kind, lowering] of Object.entries(stepLowerings)) expect(lowering.kind).toBe(kind);
  });

  it('skips the steps on the set of training rows by design', () => {
    for (const handling of [
      lower({ kind: 'filter', where: { match: 'all', conditions: [{ column: 'age', op: 'greater', value: 17 }] }, keep: true }).handling,
      lower({ kind: 'dedupe', columns: [] }).handling,
      lower({ kind: 'drop-missing', columns: ['income'] }).handling,
    ]) {
      expect(handling).toMatchObject({ how: 'row-set', columns: [] });
      expect((handling as { reason: string }).reason).toMatch(/^Skipped by design: /);
    }
  });
});
