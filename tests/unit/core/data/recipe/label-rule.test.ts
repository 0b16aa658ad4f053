import { describe, expect, it } from 'vitest';
import { labelColumnReason, labelRuleStep } from '$src/core/data/recipe/label-rule';
import { RecipeError } from '$src/core/data/recipe/handler';
import { rowIds } from '$src/core/data/recipe/frame-ops';
import type { Frame } from '$src/core/data/frame';
import type { StepOf, Where } from '$src/core/data/recipe/steps';
import { cells, context, info, makeFrame } from './helpers';

type Step = StepOf<'label-rule'>;

const frame = makeFrame({
  age: [70, 30, null, 66],
  group: ['old', null, 'x', null],
  flag: [true, null, false, null],
  grade: [1, 2, null, 3],
});
const senior: Where = { match: 'all', conditions: [{ column: 'age', op: 'greater', value: 65 }] };

function snapshot(f: Frame) {
  return { columns: f.columns.map((c) => ({ ...c })), cells: f.columns.map((c) => cells(f, c.name)), ids: Array.from(rowIds(f)) };
}

describe('label by rule', () => {
  it('creates a new text column: the label where the rule holds, missing elsewhere', () => {
    const before = snapshot(frame);
    const step: Step = { kind: 'label-rule', column: 'segment', where: senior, label: 'senior' };
    expect(labelRuleStep.check(step, frame, context())).toBeNull();
    const out = labelRuleStep.apply(step, frame, context());
    expect(out.columns.map((c) => c.name)).toEqual(['age', 'group', 'flag', 'grade', 'segment']);
    expect(cells(out, 'segment')).toEqual(['senior', null, null, 'senior']);
    expect(info(out, 'segment')).toEqual({ name: 'segment', type: 'text', missing: 2 });
    expect(Array.from(rowIds(out))).toEqual([0, 1, 2, 3]);
    expect(snapshot(frame)).toEqual(before);
  });

  it('writes into an existing text column, other rows keep their value', () => {
    const out = labelRuleStep.apply({ kind: 'label-rule', column: 'group', where: senior, label: 'senior' }, frame, context());
    expect(cells(out, 'group')).toEqual(['senior', null, 'x', 'senior']);
    expect(info(out, 'group')).toEqual({ name: 'group', type: 'text', missing: 1 });
    expect(out.columns.map((c) => c.name)).toEqual(['age', 'group', 'flag', 'grade']);
  });

  it('writes into a column of another type when the label fits it', () => {
    const flagged = labelRuleStep.apply({ kind: 'label-rule', column: 'flag', where: senior, label: 'TRUE' }, frame, context());
    expect(cells(flagged, 'flag')).toEqual([true, null, false, true]);
    expect(info(flagged, 'flag')).toEqual({ name: 'flag', type: 'boolean', missing: 1 });
    const graded = labelRuleStep.apply({ kind: 'label-rule', column: 'grade', where: { match: 'all', conditions: [{ column: 'grade', op: 'is-missing' }] }, label: '0' }, frame, context());
    expect(cells(graded, 'grade')).toEqual([1, 2, 0, 3]);
    expect(info(graded, 'grade')).toEqual({ name: 'grade', type: 'integer', missing: 0 });
  });

  it('refuses a label that does not fit, an empty label or column name, and a bad rule', () => {
    const check = (step: Partial<Step>) => labelRuleStep.check({ kind: 'label-rule', column: 'segment', where: senior, label: 'x', ...step }, frame, context());
    expect(check({ column: 'grade', label: 'high' })).toBe("'high' is not a whole number; grade holds whole numbers. Pick a label that fits, or write the labels into a new column.");
    expect(check({ column: 'grade', label: 'NA' })).toBe("'NA' would be read as a missing value in grade, not as a label.");
    expect(check({ label: ' ' })).toBe('A label cannot be empty.');
    expect(check({ column: '' })).toBe('Name the column the labels go into.');
    expect(check({ where: { match: 'all', conditions: [{ column: 'age', op: 'contains', value: '7' }] } })).toMatch(/^age holds whole numbers, so it cannot be tested/);
    expect(check({ where: { match: 'all', conditions: [] } })).toBe('Add at least one condition.');
    expect(() => labelRuleStep.apply({ kind: 'label-rule', column: 'grade', where: senior, label: 'high' }, frame, context())).toThrow(RecipeError);
    expect(labelColumnReason(frame, 'group', ['a', 'NA'])).toBeNull();
  });

  it('describes itself', () => {
    expect(labelRuleStep.describe({ kind: 'label-rule', column: 'segment', where: { match: 'any', conditions: [{ column: 'age', op: 'greater', value: 65 }, { column: 'group', op: 'equals', value: 'old' }] }, label: 'senior' }))
      .toBe('Label rows where age > 65 or group = "old" as "senior" in segment');
  });
});
