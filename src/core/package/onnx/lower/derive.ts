/**
 * Derive: add, subtract, multiply, divide, power, log, sqrt, abs, square, exp in double, then
 * every non-finite result becomes missing, as the recipe's derive step does. A condition on
 * numbers, dates, booleans or text (equals, not-equals, one-of, comparisons, is-missing) gives
 * 1/0, never missing; comparisons in float32. Text search (`contains`, `starts-with`) is not
 * expressible.
 */
import type { DeriveExpression, Operand } from '../../../data/recipe/steps';
import type { StepOf } from '../../../data/recipe/steps';
import { coerceConditionValue, describeWhere } from '../../../data/recipe/where';
import { describeExpression } from '../../../data/recipe/derive';
import type { Expr, TestExpr } from '../expr';
import { numeric } from './columns';
import type { Handling, StepAt, StepLowering } from './lowering';

export const deriveLowering: StepLowering<'derive'> = {
  kind: 'derive',
  lower(step, at) {
    return step.expression.op === 'condition' ? lowerCondition(step, step.expression, at) : lowerArithmetic(step, step.expression, at);
  },
};

type Condition = Extract<DeriveExpression, { op: 'condition' }>;

function lowerCondition(step: StepOf<'derive'>, expression: Condition, { index, columns, tag, notExpressible }: StepAt): Handling {
  const tests: TestExpr[] = [];
  let why: string | null = null;
  for (const c of expression.where.conditions) {
    const t = columns.get(c.column, index);
    if (t.type === null) {
      why = `the type of ${c.column} is not known here`;
      break;
    }
    if (c.op === 'contains' || c.op === 'starts-with') {
      why = `ONNX (opset 17) has no text search ("${c.op === 'contains' ? 'contains' : 'starts with'}")`;
      break;
    }
    const info = { name: c.column, type: t.type, missing: 0 };
    const raw = c.op === 'is-missing' || c.op === 'is-not-missing' ? [] : c.op === 'one-of' ? (c.values ?? []) : [c.value];
    const values: (number | string)[] = [];
    for (const v of raw) {
      const coerced = coerceConditionValue(v ?? undefined, info);
      if (!coerced.ok) {
        why = coerced.reason;
        break;
      }
      values.push(typeof coerced.value === 'boolean' ? (coerced.value ? 1 : 0) : coerced.value);
    }
    if (why !== null) break;
    const domain = t.type === 'text' ? 'text' : 'number';
    tests.push({ x: domain === 'number' ? numeric(t) : t.expr, domain, op: c.op, values });
  }
  if (why !== null) {
    return notExpressible(step.name, 'boolean', `The graph cannot test ${describeWhere(expression.where)}: ${why}`, 'send 1 where the condition holds, 0 elsewhere');
  }
  const node: Expr = { op: 'condition', match: expression.where.match, tests, ...tag(step.name) };
  columns.set(step.name, { type: 'boolean', expr: node });
  return {
    how: 'expression',
    reason: `In the graph: ${step.name} is 1 where ${describeWhere(expression.where)} holds, else 0 (a missing value passes no test); numbers are compared as float32.`,
    nodes: [node],
    column: step.name,
  };
}

function lowerArithmetic(step: StepOf<'derive'>, expression: Exclude<DeriveExpression, Condition>, { index, columns, tag }: StepAt): Handling {
  const operand = (o: Operand): { expr: Expr; integer: boolean } => {
    if ('column' in o && typeof o.column === 'string') {
      const t = columns.get(o.column, index);
      return { expr: numeric(t), integer: t.type === 'integer' };
    }
    const value = (o as { constant: number }).constant;
    return { expr: { op: 'constant', value, column: String(value) }, integer: Number.isSafeInteger(value) };
  };
  let node: Expr;
  let whole: boolean;
  if ('operand' in expression) {
    const a = operand(expression.operand);
    node = { op: 'function', fn: expression.op, x: a.expr, ...tag(step.name) };
    whole = (expression.op === 'abs' || expression.op === 'square') && a.integer;
  } else {
    const a = operand(expression.left);
    const b = operand(expression.right);
    node = { op: 'arithmetic', fn: expression.op, left: a.expr, right: b.expr, ...tag(step.name) };
    whole = (expression.op === 'add' || expression.op === 'subtract' || expression.op === 'multiply') && a.integer && b.integer;
  }
  columns.set(step.name, { type: whole ? 'integer' : 'number', expr: node });
  return {
    how: 'expression',
    reason:
      `In the graph: ${step.name} = ${describeExpression(expression)} in double precision; a result that is not a finite number ` +
      '(division by zero, log of zero or less, square root of a negative number, overflow) is missing, as in the studio.',
    nodes: [node],
    column: step.name,
  };
}
