/**
 * Cast: integer ↔ number, boolean or date → number or integer (values unchanged), number →
 * integer (not a safe whole number → missing), number → boolean (not 0/1 → missing), number →
 * date (truncated to whole ms as a Date holds them; beyond ±8.64e15 → missing), boolean → text
 * ('true' / 'false'). Casts that read or write text by the studio's rules are not expressible.
 */
import type { ColumnType } from '../../../data/columns';
import { TYPE_NOUN } from '../../../data/recipe/frame-ops';
import type { Expr } from '../expr';
import { numeric } from './columns';
import type { StepLowering } from './lowering';

type CastHow = { expr: 'same' | 'integer' | 'boolean' | 'date' | 'boolean-text' } | { reason: string };

/** Why a cast cannot be done in the graph, or how it is done. */
export function castHandling(from: ColumnType, to: ColumnType): CastHow {
  if (from === 'text') {
    return {
      reason: `Reading text as ${TYPE_NOUN[to].many} by the studio's rules (missing tokens such as NA, strict decimals, ISO dates, true/false) has no ONNX operator`,
    };
  }
  if (to === 'text') {
    if (from === 'boolean') return { expr: 'boolean-text' };
    return { reason: `Writing ${TYPE_NOUN[from].many} as text the way the studio does has no ONNX operator` };
  }
  if (to === 'number') return { expr: 'same' };
  if (to === 'integer') return from === 'number' ? { expr: 'integer' } : { expr: 'same' };
  if (to === 'boolean') return from === 'date' ? { reason: 'Dates cannot become true/false values' } : { expr: 'boolean' };
  // to === 'date'
  return from === 'boolean' ? { reason: 'True/false values cannot become dates' } : { expr: 'date' };
}

const CAST_WORDS: Record<'integer' | 'boolean' | 'date' | 'boolean-text', string> = {
  integer: 'a value that is not a whole number (or beyond ±2^53) becomes missing',
  boolean: 'a value other than 0 and 1 becomes missing',
  date: 'a value is cut to whole milliseconds, and one beyond ±8.64e15 ms becomes missing',
  'boolean-text': "true becomes 'true', false 'false'",
};

export const castLowering: StepLowering<'cast'> = {
  kind: 'cast',
  lower(step, { index, columns, tag, notExpressible }) {
    const t = columns.get(step.column, index);
    if (t.type === null) return notExpressible(step.column, step.to, `The type of ${step.column} is not known here`);
    if (t.type === step.to) {
      return { how: 'values-unchanged', reason: `In the graph: nothing to do, ${step.column} already holds ${TYPE_NOUN[step.to].many}.`, column: step.column };
    }
    const how = castHandling(t.type, step.to);
    if ('reason' in how) return notExpressible(step.column, step.to, how.reason, 'cast the values before sending them');
    if (how.expr === 'same') {
      columns.set(step.column, { type: step.to, expr: t.expr });
      return {
        how: 'values-unchanged',
        reason: `In the graph: nothing to do, ${TYPE_NOUN[t.type].many} reach the graph as the same numbers ${TYPE_NOUN[step.to].many} do.`,
        column: step.column,
      };
    }
    const node: Expr =
      how.expr === 'boolean-text' ? { op: 'boolean-text', x: t.expr, ...tag(step.column) } : { op: 'cast', x: numeric(t), to: how.expr, ...tag(step.column) };
    columns.set(step.column, { type: step.to, expr: node });
    return { how: 'expression', reason: `In the graph: ${CAST_WORDS[how.expr]}, as in the studio.`, nodes: [node], column: step.column };
  },
};
