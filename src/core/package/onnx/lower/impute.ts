/**
 * Impute: numbers (number, integer, boolean as 1/0, date as epoch ms) `Where(IsNaN(x), v, x)`;
 * text `Where(x = '', v, x)`. Exact, since the missing value is NaN / ''.
 */
import { castScalar, showValue } from '../../../data/recipe/frame-ops';
import { graphNumber } from '../expr';
import type { Expr } from '../expr';
import { numeric } from './columns';
import type { StepLowering } from './lowering';

export const imputeLowering: StepLowering<'impute'> = {
  kind: 'impute',
  lower(step, { index, columns, tag, notExpressible }) {
    const t = columns.get(step.column, index);
    const fill = step.strategy === 'constant' ? step.constant : step.fitted?.value;
    // A joined column of unknown type: a number or true/false to fill in tells it (text could be a date).
    if (t.type === null && (typeof fill === 'number' || typeof fill === 'boolean')) {
      t.type = typeof fill === 'number' ? 'number' : 'boolean';
      if (t.expr.op === 'input' && t.expr.type === null) t.expr.type = t.type;
      numeric(t);
    }
    if (t.type === null || fill === undefined || fill === null) {
      const why = t.type === null ? `the type of ${step.column} is not known here` : 'the step has no fitted value';
      return notExpressible(step.column, t.type, `The graph cannot fill in ${step.column}: ${why}`);
    }
    const cast = castScalar(fill, { name: step.column, type: t.type, missing: 0 });
    if (!cast.ok || cast.missing) return notExpressible(step.column, t.type, `The value to fill in no longer fits ${step.column}`);
    let node: Expr;
    let reason: string;
    if (t.type === 'text') {
      node = { op: 'fill-text', x: t.expr, value: String(cast.value), ...tag(step.column) };
      reason = `In the graph: an empty (missing) ${step.column} becomes ${showValue(String(cast.value))}.`;
    } else {
      node = { op: 'fill', x: numeric(t), value: graphNumber(cast.value), ...tag(step.column) };
      reason = `In the graph: a missing ${step.column} (NaN) becomes ${showValue(toShown(cast.value))}.`;
    }
    columns.set(step.column, { type: t.type, expr: node });
    return { how: 'expression', reason, nodes: [node], column: step.column };
  },
};

function toShown(v: unknown): string | number | boolean | null {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v as string | number | boolean | null;
}
