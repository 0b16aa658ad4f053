import { describe, expect, it } from 'vitest';
import type { ColumnInfo } from '$src/core/data/columns';
import type { RecipeStep } from '$src/core/data/recipe/steps';
import type { Expr } from '$src/core/package/onnx/expr';
import { RecipeColumns } from '$src/core/package/onnx/lower/columns';
import type { Handling } from '$src/core/package/onnx/lower/lowering';
import type { PlannedStep } from '$src/core/package/onnx/plan';
import { planNotes, stepName, stepStatuses } from '$src/core/package/onnx/step-status';

const RAW: ColumnInfo[] = [{ name: 'city', type: 'text', missing: 0 }];

describe('stepStatuses', () => {
  it('says a step is covered when a later cleaned input the graph takes already carries it', () => {
    const steps: RecipeStep[] = [
      { kind: 'replace', column: 'city', from: 'Olso', to: 'Oslo' },
      { kind: 'trim', column: 'city' },
    ];
    const descriptions = ['Replace Olso', 'Trim city'];
    const columns = new RecipeColumns(RAW, descriptions);
    const replaced: Expr = { op: 'replace-text', x: columns.rawInputs[0], from: 'Olso', to: 'Oslo', column: 'city', step: 0 };
    columns.set('city', { type: 'text', expr: replaced });
    const cleaned = columns.cut(1, 'city', 'text');
    cleaned.name = 'city';
    const handling: Handling[] = [
      { how: 'expression', reason: 'In the graph: Olso becomes Oslo.', nodes: [replaced], column: 'city' },
      { how: 'cut', why: 'No trim', advice: 'trim first', node: cleaned, column: 'city' },
    ];
    const statuses = stepStatuses({ steps, descriptions, handling, columns, reachable: new Set<Expr>([cleaned]) });
    expect(statuses.map((s) => s.status)).toEqual(['skipped', 'not-expressible']);
    expect(statuses[0].reason).toBe(
      'Not in the graph: the graph takes city as it is after step 2 (Trim city), which it cannot do, so the values it is sent already include this step on city.',
    );
    expect(statuses[1].reason).toBe('No trim, so the graph takes city as it is after this step: trim first.');
    expect(planNotes(statuses, columns.coveredBy)).toEqual([
      `Step 2 (Trim city) cannot be done in the graph: ${statuses[1].reason}`,
      `Step 1 (Replace Olso): ${statuses[0].reason}`,
    ]);
  });
});

describe('planNotes', () => {
  it('lists steps the graph cannot do first, then the row-set steps it skips by design', () => {
    const steps: PlannedStep[] = [
      { index: 0, kind: 'filter', description: 'Filter', status: 'skipped', reason: 'By design.' },
      { index: 1, kind: 'clip', description: 'Clip', status: 'skipped', reason: 'Unused.' },
      { index: 2, kind: 'trim', description: 'Trim', status: 'not-expressible', reason: 'No trim.' },
    ];
    expect(planNotes(steps, new Map())).toEqual(['Step 3 (Trim) cannot be done in the graph: No trim.', 'Step 1 (Filter) is not in the graph: By design.']);
    expect(stepName(['Filter', 'Clip'], 1)).toBe('step 2 (Clip)');
  });
});
