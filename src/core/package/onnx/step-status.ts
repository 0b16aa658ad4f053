/**
 * Each step's status in the plan, once the plan knows which expressions the features reach: a
 * step whose results reach no feature is skipped because the model does not use them, and a step
 * whose effect a later cleaned input already carries says so. Also the plan's notes: what the
 * person must know about every step that is not in the graph.
 */
import type { RecipeStep, RecipeStepKind } from '../../data/recipe/steps';
import type { Expr, InputExpr } from './expr';
import type { RecipeColumns } from './lower/columns';
import type { Handling } from './lower/lowering';
import type { PlannedStep } from './plan';

const ROW_SET: ReadonlySet<RecipeStepKind> = new Set(['filter', 'dedupe', 'drop-missing', 'append']);

export interface StatusInputs {
  steps: readonly RecipeStep[];
  /** Each step as the recipe list shows it. */
  descriptions: readonly string[];
  /** What each step does to the graph, by step. */
  handling: readonly Handling[];
  columns: RecipeColumns;
  /** Every expression node some feature is computed from. */
  reachable: ReadonlySet<Expr>;
}

/** `step k (description)`, as messages name a step. */
export function stepName(descriptions: readonly string[], i: number): string {
  return `step ${i + 1} (${descriptions[i]})`;
}

export function stepStatuses({ steps, descriptions, handling, columns, reachable }: StatusInputs): PlannedStep[] {
  const { coveredBy, outerInputs } = columns;
  const used = (nodes: Expr[]) => nodes.some((n) => reachable.has(n));
  const isUsedCut = (k: number | undefined): boolean => {
    if (k === undefined) return false;
    const h = handling[k];
    return (h.how === 'cut' || h.how === 'label') && reachable.has(h.node);
  };
  const covered = (i: number, column: string): string | null => {
    const k = coveredBy.get(i);
    if (k === undefined) return null;
    // Follow the chain of cuts to the one the graph takes.
    let last = k;
    while (!isUsedCut(last) && coveredBy.has(last)) last = coveredBy.get(last)!;
    if (!isUsedCut(last)) return null;
    const h = handling[last] as { node: InputExpr };
    return `Not in the graph: the graph takes ${h.node.name} as it is after ${stepName(descriptions, last)}, which it cannot do, so the values it is sent already include this step on ${column}.`;
  };
  const unused = (column: string) => `Skipped: it changes only ${column}, which the model does not use.`;
  return steps.map((step, i): PlannedStep => {
    const h = handling[i];
    const base = { index: i, kind: step.kind, description: descriptions[i] };
    switch (h.how) {
      case 'row-set': {
        const added = h.columns.filter((c) => reachable.has(c));
        const extra = added.length > 0 ? ` Its column${added.length === 1 ? '' : 's'} ${added.map((c) => c.name).join(', ')} ${added.length === 1 ? 'is an input' : 'are inputs'} of the graph: send ${added.length === 1 ? 'it' : 'them'} with each row.` : '';
        return { ...base, status: 'skipped', reason: h.reason + extra };
      }
      case 'bookkeeping':
        return { ...base, status: 'in-graph', reason: h.reason };
      case 'values-unchanged':
        return { ...base, status: 'in-graph', reason: h.reason };
      case 'expression':
        if (used(h.nodes)) return { ...base, status: 'in-graph', reason: h.reason };
        return { ...base, status: 'skipped', reason: covered(i, h.column) ?? unused(h.column) };
      case 'cut': {
        if (reachable.has(h.node)) {
          const named = h.node.name === h.column ? h.column : `${h.column} (as the input ${h.node.name})`;
          return { ...base, status: 'not-expressible', reason: `${h.why}, so the graph takes ${named} as it is after this step: ${h.advice}.` };
        }
        const later = covered(i, h.column);
        if (later !== null) return { ...base, status: 'not-expressible', reason: `${h.why}. ${later}` };
        return { ...base, status: 'skipped', reason: `${unused(h.column)} (${h.why}.)` };
      }
      case 'label':
        if (reachable.has(h.node)) {
          return {
            ...base,
            status: 'not-expressible',
            reason: `Labels are not given to served rows, and the model uses ${h.column} as an input, so the graph takes ${h.node.name} as it is after this step.`,
          };
        }
        {
          const later = covered(i, h.column);
          if (later !== null) return { ...base, status: 'not-expressible', reason: `Labels are not given to served rows. ${later}` };
        }
        return { ...base, status: 'skipped', reason: `Skipped: labels concern the target (${h.column}), not the model's inputs.` };
      case 'join': {
        const added = h.columns.filter((c) => reachable.has(c));
        const found = outerInputs.filter((c) => c.step === i && reachable.has(c));
        const all = [...added, ...found];
        const inner = h.step.how === 'inner' ? ` Rows without a match were left out of training; a served row is predicted either way.` : '';
        if (all.length === 0) {
          const later = covered(i, `the columns from ${h.step.datasetName}`);
          if (later !== null) return { ...base, status: 'not-expressible', reason: `The graph cannot look rows up in another dataset. ${later}${inner}` };
          return { ...base, status: 'skipped', reason: `Skipped: the model uses none of the columns this join adds.${inner}` };
        }
        return {
          ...base,
          status: 'not-expressible',
          reason:
            `The graph cannot look rows up in another dataset, so it takes ${all.map((c) => c.name).join(', ')} as input${all.length === 1 ? '' : 's'}: ` +
            `look ${all.length === 1 ? 'it' : 'them'} up in ${h.step.datasetName} by ${h.step.rightKey} (= ${h.step.leftKey}) before sending.${inner}`,
        };
      }
    }
  });
}

/** One sentence per step the person must know about: not expressible, skipped by design, or covered by a later input. */
export function planNotes(planSteps: readonly PlannedStep[], coveredBy: ReadonlyMap<number, number>): string[] {
  const notes: string[] = [];
  for (const s of planSteps) {
    if (s.status === 'not-expressible') notes.push(`Step ${s.index + 1} (${s.description}) cannot be done in the graph: ${s.reason}`);
  }
  for (const s of planSteps) {
    if (s.status === 'skipped' && ROW_SET.has(s.kind)) notes.push(`Step ${s.index + 1} (${s.description}) is not in the graph: ${s.reason}`);
  }
  for (const s of planSteps) {
    if (s.status === 'skipped' && coveredBy.has(s.index) && s.reason.startsWith('Not in the graph')) notes.push(`Step ${s.index + 1} (${s.description}): ${s.reason}`);
  }
  return notes;
}
