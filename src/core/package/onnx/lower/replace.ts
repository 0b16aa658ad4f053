/**
 * Replace: numbers `Where(x = from, to, x)` (from = missing: `IsNaN(x)`), compared as float32, the
 * precision the input carries; text with a one-category encoder test (opset 17's Equal takes no
 * strings).
 */
import { castScalar, showValue } from '../../../data/recipe/frame-ops';
import { graphNumber } from '../expr';
import type { Expr } from '../expr';
import { numeric } from './columns';
import type { StepLowering } from './lowering';

export const replaceLowering: StepLowering<'replace'> = {
  kind: 'replace',
  lower(step, { index, columns, tag, notExpressible }) {
    const t = columns.get(step.column, index);
    if (t.type === null) return notExpressible(step.column, null, `The type of ${step.column} is not known here`);
    const info = { name: step.column, type: t.type, missing: 0 };
    const from = castScalar(step.from, info);
    const to = castScalar(step.to, info);
    if (!from.ok || !to.ok) return notExpressible(step.column, t.type, `The values no longer fit ${step.column}`);
    let node: Expr;
    if (t.type === 'text') {
      node = {
        op: 'replace-text',
        x: t.expr,
        from: from.missing ? '' : String(from.value),
        to: to.missing ? '' : String(to.value),
        ...tag(step.column),
      };
    } else {
      node = { op: 'replace', x: numeric(t), from: from.missing ? null : graphNumber(from.value), to: to.missing ? NaN : graphNumber(to.value), ...tag(step.column) };
    }
    columns.set(step.column, { type: t.type, expr: node });
    const compared = t.type === 'text' || from.missing ? '' : ' (compared as float32, the precision of the input)';
    return {
      how: 'expression',
      reason: `In the graph: ${step.column} equal to ${showValue(step.from)}${compared} becomes ${showValue(step.to)}.`,
      nodes: [node],
      column: step.column,
    };
  },
};
