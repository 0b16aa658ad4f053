/**
 * The lowering registry: every step kind has an ONNX decision, and each lowering, run alone on
 * the columns before its step, says what the graph does with it.
 */
import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '$src/core/data/columns';
import { STEP_KINDS } from '$src/core/data/recipe/registry';
import type { RecipeStep, RecipeStepKind, StepOf } from '$src/core/data/recipe/steps';
import { RecipeColumns } from '$src/core/package/onnx/lower/columns';
import { stepAt } from '$src/core/package/onnx/lower/lowering';
import type { Handling, StepLowering } from '$src/core/package/onnx/lower/lowering';
import { stepLowerings } from '$src/core/package/onnx/lower/registry';
import type { PlanOptions } from '$src/core/package/onnx/plan';

const RAW: ColumnInfo[] = [
  { name: 'age', type: 'integer', missing: 0 },
  { name: 'income', type: 'number', missing: 0 },
  { name: 'city', type: 'text', missing: 0 },
  { name: 'member', type: 'boolean', missing: 0 },
];

function lower(step: RecipeStep, options: PlanOptions = {}): { handling: Handling; columns: RecipeColumns } {
  const columns = new RecipeColumns(RAW, ['the step']);
  const lowering = stepLowerings[step.kind] as unknown as StepLowering<RecipeStepKind>;
  return { handling: lowering.lower(step as StepOf<RecipeStepKind>, stepAt(0, columns, options)), columns };
}

describe('stepLowerings', () => {
  it('has a lowering for every step kind the recipe knows, under its own kind', () => {
    expect(Object.keys(stepLowerings).sort()).toEqual([...STEP_KINDS].sort());
    for (const [kind, lowering] of Object.entries(stepLowerings)) expect(lowering.kind).toBe(kind);
  });

  it('skips the steps on the set of training rows by design', () => {
    const steps: RecipeStep[] = [
      { kind: 'filter', where: { match: 'all', conditions: [{ column: 'age', op: 'greater', value: 17 }] }, keep: true },
      { kind: 'dedupe', columns: [] },
      { kind: 'drop-missing', columns: ['income'] },
      { kind: 'append', datasetId: 'd2', datasetName: 'More people' },
    ];
    for (const step of steps) {
      const { handling } = lower(step);
      expect(handling).toMatchObject({ how: 'row-set', columns: [] });
      expect((handling as { reason: string }).reason).toMatch(/^Skipped by design: /);
    }
  });

  it('makes the columns only an appended dataset has inputs, and later unknown columns come from it', () => {
    const { handling, columns } = lower(
      { kind: 'append', datasetId: 'd2', datasetName: 'More people' },
      { datasetColumns: { d2: [RAW[0], { name: 'score', type: 'number', missing: 0 }] } },
    );
    expect(handling).toMatchObject({ how: 'row-set', columns: [{ column: 'score', source: 'dataset', step: 0 }] });
    expect(columns.get('height', 1).expr).toMatchObject({ source: 'dataset', step: 0 });
  });

  it('names a joined column that clashes as the join does, and skips the right key', () => {
    const { handling } = lower(
      { kind: 'join', datasetId: 'd2', datasetName: 'Cities', leftKey: 'city', rightKey: 'town', how: 'left' },
      { datasetColumns: { d2: [{ name: 'town', type: 'text', missing: 0 }, { name: 'age', type: 'number', missing: 0 }] } },
    );
    expect(handling).toMatchObject({ how: 'join', columns: [{ column: 'age (right)', type: 'number' }] });
  });

  it('cannot trim in the graph: the column becomes a cleaned input', () => {
    const { handling, columns } = lower({ kind: 'trim', column: 'city' });
    expect(handling).toMatchObject({ how: 'cut', column: 'city', advice: 'trim the values before sending them' });
    expect(columns.find('city')?.expr).toMatchObject({ source: 'cleaned', step: 0 });
  });

  it('takes a labelled column as it is after the label step', () => {
    const { handling } = lower({ kind: 'label-manual', column: 'city', labels: { 1: 'Bergen' } });
    expect(handling).toMatchObject({ how: 'label', column: 'city', node: { source: 'cleaned', type: 'text' } });
  });

  it('fills a missing number in the graph, and refuses a step with nothing fitted', () => {
    const { handling } = lower({ kind: 'impute', column: 'age', strategy: 'median', fitted: { value: 40, from: 'train', rows: 10 } });
    expect(handling).toMatchObject({ how: 'expression', nodes: [{ op: 'fill', value: 40, step: 0, column: 'age' }] });
    expect(lower({ kind: 'impute', column: 'age', strategy: 'median' }).handling).toMatchObject({ how: 'cut', why: 'The graph cannot fill in age: the step has no fitted value' });
  });

  it('cannot search text in a condition', () => {
    const { handling } = lower({
      kind: 'derive',
      name: 'oslo',
      expression: { op: 'condition', where: { match: 'all', conditions: [{ column: 'city', op: 'contains', value: 'Os' }] } },
    });
    expect(handling).toMatchObject({ how: 'cut', column: 'oslo', advice: 'send 1 where the condition holds, 0 elsewhere' });
  });

  it('keeps a whole-number result of whole-number operands an integer', () => {
    const { columns } = lower({ kind: 'derive', name: 'next', expression: { op: 'add', left: { column: 'age' }, right: { constant: 1 } } });
    expect(columns.find('next')).toMatchObject({ type: 'integer', expr: { op: 'arithmetic', fn: 'add' } });
  });

  it('renames and drops by bookkeeping only', () => {
    const renamed = lower({ kind: 'rename-column', column: 'age', to: 'years' });
    expect(renamed.handling).toMatchObject({ how: 'bookkeeping' });
    expect(renamed.columns.find('years')?.expr).toBe(renamed.columns.rawInputs[0]);
    const dropped = lower({ kind: 'drop-column', column: 'age' });
    expect(dropped.handling).toMatchObject({ how: 'bookkeeping' });
    expect(dropped.columns.has('age')).toBe(false);
  });
});
