/**
 * Clip: `Where(x < lo, lo, Where(x > hi, hi, x))`, so a missing value stays missing as in the
 * handler (NaN fails both tests; ONNX's Clip leaves NaN to the implementation).
 */
import { shortNumber } from '../../../data/recipe/frame-ops';
import type { Expr } from '../expr';
import { numeric } from './columns';
import type { StepLowering } from './lowering';

export const clipLowering: StepLowering<'clip'> = {
  kind: 'clip',
  lower(step, { index, columns, tag, notExpressible }) {
    const t = columns.get(step.column, index);
    if (step.fitted === undefined || (t.type !== null && t.type !== 'number' && t.type !== 'integer')) {
      return notExpressible(step.column, t.type, t.type === null || t.type === 'number' || t.type === 'integer' ? 'The step has no fitted bounds' : `${step.column} does not hold numbers`);
    }
    const { lower, upper } = step.fitted;
    const node: Expr = { op: 'clip', x: numeric(t), lower, upper, ...tag(step.column) };
    columns.set(step.column, { type: t.type ?? 'number', expr: node });
    return {
      how: 'expression',
      reason: `In the graph: ${step.column} is limited to [${shortNumber(lower)}, ${shortNumber(upper)}]; a missing value stays missing.`,
      nodes: [node],
      column: step.column,
    };
  },
};
