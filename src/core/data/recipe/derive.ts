/**
 * Derive: adds one column computed from others, chosen from a menu — arithmetic of two operands
 * (columns or constants), a function of one operand, or a true/false column from a condition.
 * Evaluated by loops over Float64Arrays, never as an expression string.
 *
 * - Operands must be number or integer columns, or finite constants.
 * - A result that is not a finite number is missing: division by zero, log of zero or less,
 *   the square root of a negative number, an overflowing exp or power. Missing in, missing out.
 * - The result is an integer column when every operand is an integer (an integer column or a
 *   whole constant) and the operation keeps whole numbers (add, subtract, multiply, abs,
 *   square) — unless some result is beyond ±2^53, where integers stop being exact. Otherwise it
 *   is a number column.
 * - A condition gives a boolean column: true where it holds, false elsewhere (a missing cell
 *   satisfies no comparison, so it gives false, never missing).
 */
import type { ColumnInfo, ColumnType } from '../columns';
import type { Frame } from '../frame';
import { ROW_ID } from '../frame';
import { RecipeError } from './handler';
import type { StepHandler } from './handler';
import type { DeriveExpression, Operand, StepOf } from './steps';
import { TYPE_NOUN, columnValues, hasColumn, isNumericType, withColumn } from './frame-ops';
import { checkWhere, describeWhere, evaluateWhere } from './where';
import { STEP_LABELS } from './step-labels';

type DeriveStep = StepOf<'derive'>;
type Binary = Extract<DeriveExpression, { left: Operand }>;
type Unary = Extract<DeriveExpression, { operand: Operand }>;

const BINARY_SYMBOLS: Record<Binary['op'], string> = { add: '+', subtract: '-', multiply: '×', divide: '÷', power: '^' };
const UNARY_OPS: readonly Unary['op'][] = ['log', 'sqrt', 'abs', 'square', 'exp'];

function isColumnOperand(operand: Operand): operand is { column: string } {
  return typeof (operand as { column?: unknown }).column === 'string';
}

function describeOperand(operand: Operand): string {
  return isColumnOperand(operand) ? operand.column : String(operand.constant);
}

/** The expression in words, e.g. `weight ÷ height`, `log(income)`, `(age > 65)`. */
export function describeExpression(expression: DeriveExpression): string {
  if (expression.op === 'condition') return `(${describeWhere(expression.where)})`;
  if ('operand' in expression) {
    if (expression.op === 'square') return `${describeOperand(expression.operand)}²`;
    if (expression.op === 'abs') return `|${describeOperand(expression.operand)}|`;
    return `${expression.op}(${describeOperand(expression.operand)})`;
  }
  return `${describeOperand(expression.left)} ${BINARY_SYMBOLS[expression.op]} ${describeOperand(expression.right)}`;
}

/** Why an operand cannot be used on this frame, or null. */
function operandReason(operand: Operand | undefined, frame: Frame): string | null {
  if (operand === null || typeof operand !== 'object') return 'Pick a column or type a number for every operand.';
  if (isColumnOperand(operand)) {
    const info = frame.columns.find((c) => c.name === operand.column);
    if (info === undefined) return `There is no column ${operand.column} (any more).`;
    if (!isNumericType(info.type)) {
      return `${info.name} holds ${TYPE_NOUN[info.type].many}; arithmetic needs a column of numbers (cast it to a number first).`;
    }
    return null;
  }
  const constant = (operand as { constant?: unknown }).constant;
  if (typeof constant !== 'number' || !Number.isFinite(constant)) return `'${String(constant)}' is not a number.`;
  return null;
}

/** Whether an operand holds only whole numbers by its type. */
function isIntegerOperand(operand: Operand, frame: Frame): boolean {
  if (isColumnOperand(operand)) return frame.columns.find((c) => c.name === operand.column)?.type === 'integer';
  return Number.isSafeInteger(operand.constant);
}

/** An operand's values, one per row (constants repeated). */
function operandValues(operand: Operand, frame: Frame): Float64Array {
  if (isColumnOperand(operand)) return columnValues(frame, operand.column) as Float64Array;
  return new Float64Array(frame.table.numRows()).fill(operand.constant);
}

/** Why the new column's name cannot be used, or null. */
function nameReason(name: unknown, frame: Frame): string | null {
  if (typeof name !== 'string' || name.trim() === '') return 'Give the new column a name.';
  if (name === ROW_ID) return `${name} cannot be used as a column name.`;
  if (hasColumn(frame, name)) return `There is already a column named ${name}. Pick another name.`;
  return null;
}

function expressionReason(expression: DeriveExpression | undefined, frame: Frame): string | null {
  if (expression === null || typeof expression !== 'object') return 'Choose how the new column is computed.';
  if (expression.op === 'condition') return checkWhere(expression.where, frame);
  if ((UNARY_OPS as readonly string[]).includes(expression.op)) return operandReason((expression as Unary).operand, frame);
  if (expression.op in BINARY_SYMBOLS) {
    const binary = expression as Binary;
    return operandReason(binary.left, frame) ?? operandReason(binary.right, frame);
  }
  return `Unknown operation '${String((expression as { op: unknown }).op)}'.`;
}

function binary(op: Binary['op'], a: Float64Array, b: Float64Array, out: Float64Array): void {
  const n = out.length;
  switch (op) {
    case 'add':
      for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
      break;
    case 'subtract':
      for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
      break;
    case 'multiply':
      for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
      break;
    case 'divide':
      for (let i = 0; i < n; i++) out[i] = b[i] === 0 ? NaN : a[i] / b[i];
      break;
    case 'power':
      for (let i = 0; i < n; i++) out[i] = Math.pow(a[i], b[i]);
      break;
  }
}

function unary(op: Unary['op'], a: Float64Array, out: Float64Array): void {
  const n = out.length;
  switch (op) {
    case 'log':
      for (let i = 0; i < n; i++) out[i] = a[i] > 0 ? Math.log(a[i]) : NaN;
      break;
    case 'sqrt':
      for (let i = 0; i < n; i++) out[i] = a[i] >= 0 ? Math.sqrt(a[i]) : NaN;
      break;
    case 'abs':
      for (let i = 0; i < n; i++) out[i] = Math.abs(a[i]);
      break;
    case 'square':
      for (let i = 0; i < n; i++) out[i] = a[i] * a[i];
      break;
    case 'exp':
      for (let i = 0; i < n; i++) out[i] = Math.exp(a[i]);
      break;
  }
}

/** Turns every non-finite result into missing; returns whether every finite value is an exact integer. */
function finish(out: Float64Array): { missing: number; safeIntegers: boolean } {
  let missing = 0;
  let safeIntegers = true;
  for (let i = 0; i < out.length; i++) {
    const v = out[i];
    if (v - v !== 0) {
      // NaN or ±Infinity.
      out[i] = NaN;
      missing++;
    } else if (safeIntegers && (v > Number.MAX_SAFE_INTEGER || v < -Number.MAX_SAFE_INTEGER)) safeIntegers = false;
  }
  return { missing, safeIntegers };
}

/** Computes the new column: its info and values. */
export function deriveColumn(step: DeriveStep, frame: Frame): { info: ColumnInfo; values: Float64Array | boolean[] } {
  const expression = step.expression;
  const n = frame.table.numRows();
  if (expression.op === 'condition') {
    const mask = evaluateWhere(expression.where, frame);
    const values: boolean[] = new Array(n);
    for (let i = 0; i < n; i++) values[i] = mask[i] === 1;
    return { info: { name: step.name, type: 'boolean', missing: 0 }, values };
  }
  const out = new Float64Array(n);
  let wholeInputs: boolean;
  if ('operand' in expression) {
    unary(expression.op, operandValues(expression.operand, frame), out);
    wholeInputs = (expression.op === 'abs' || expression.op === 'square') && isIntegerOperand(expression.operand, frame);
  } else {
    binary(expression.op, operandValues(expression.left, frame), operandValues(expression.right, frame), out);
    wholeInputs = (expression.op === 'add' || expression.op === 'subtract' || expression.op === 'multiply')
      && isIntegerOperand(expression.left, frame) && isIntegerOperand(expression.right, frame);
  }
  const { missing, safeIntegers } = finish(out);
  const type: ColumnType = wholeInputs && safeIntegers ? 'integer' : 'number';
  return { info: { name: step.name, type, missing }, values: out };
}

export const deriveStep: StepHandler<'derive'> = {
  kind: 'derive',
  label: STEP_LABELS.derive,

  describe(step) {
    return `New column ${step.name} = ${describeExpression(step.expression)}`;
  },

  check(step, frame) {
    return nameReason(step.name, frame) ?? expressionReason(step.expression, frame);
  },

  apply(step, frame) {
    const reason = nameReason(step.name, frame) ?? expressionReason(step.expression, frame);
    if (reason !== null) throw new RecipeError(reason);
    const { info, values } = deriveColumn(step, frame);
    return withColumn(frame, info, values);
  },
};
