/**
 * The cleaning recipe inside the exported graph: which of the recipe's steps (steps.ts) the
 * graph can do to a single served row, which it skips by design, and which it cannot express,
 * so the graph takes the RAW columns and nothing is dropped without a word.
 *
 * `planRecipe` walks the recipe forward, tracking for each column name where its values come
 * from: a raw column (a graph input named exactly as the raw column), an expression over other
 * columns (`Expr`), or an input the caller supplies already cleaned. Every step gets a status
 * with a plain-words reason:
 *
 * - in the graph — mirrored value for value, per row, in double precision between the float32
 *   inputs and the model's float32 preprocessing:
 *   - impute: numbers (number, integer, boolean as 1/0, date as epoch ms) `Where(IsNaN(x), v, x)`;
 *     text `Where(x = '', v, x)`, the text test being a one-category `OneHotEncoder`
 *     (ai.onnx opset 17's Equal takes no strings). Exact: the missing value is NaN / ''.
 *   - clip: `Where(x < lo, lo, Where(x > hi, hi, x))`: a missing value stays missing, as in
 *     the handler (NaN fails both tests; ONNX's Clip leaves NaN to the implementation).
 *   - replace: numbers `Where(x = from, to, x)` (from = missing: `IsNaN(x)`), compared as
 *     float32, the precision the input carries; text with the one-category encoder test.
 *   - derive: add, subtract, multiply, divide, power, log, sqrt, abs, square, exp in double,
 *     then every non-finite result becomes missing, as `finish` in derive.ts does (division by
 *     zero, log of zero or less and the square root of a negative number are guarded
 *     explicitly; `Math.pow(1, NaN)` is NaN where C's pow gives 1, so a missing exponent is
 *     guarded too). A condition on numbers, dates, booleans or text (equals, not-equals,
 *     one-of, comparisons, is-missing) gives 1/0, never missing; comparisons in float32.
 *   - cast: integer ↔ number, boolean or date → number or integer (values unchanged), number →
 *     integer (not a safe whole number → missing), number → boolean (not 0/1 → missing), number
 *     → date (truncated to whole ms as a Date holds them; beyond ±8.64e15 → missing), boolean →
 *     text ('true' / 'false').
 *   - rename-column, drop-column: name bookkeeping only (inputs keep their raw names).
 * - skipped by design: filter, dedupe, drop-missing and append concern the set of training rows,
 *   not one served row; label-rule and label-manual concern the target, not the inputs.
 * - not expressible: trim (no text operator in opset 17 removes white space), casts that read or
 *   write text by the studio's rules, text conditions `contains` / `starts-with`, and join (the
 *   graph cannot look rows up in another dataset). The graph then takes the column as it is right
 *   after that step, as an input the caller supplies cleaned (named after the column, or
 *   `name (after step k)` when that name is taken), and later steps still run in the graph. A
 *   label step that writes into a column the model uses is treated the same way.
 *
 * A step whose results reach no feature is 'skipped' with the reason that the model does not use
 * them. `emitRecipe` writes the graph part: the plan's inputs, then the expressions, giving one
 * value per feature as `preprocess.ts` takes it ([N, 1] float32 or string).
 */
import type { ColumnInfo, ColumnType } from '../../data/columns';
import { TYPE_NOUN, castScalar, shortNumber, showValue } from '../../data/recipe/frame-ops';
import { describeStep } from '../../data/recipe/replay';
import type { ComparisonOp, DeriveExpression, Operand, RecipeStep, RecipeStepKind, Where } from '../../data/recipe/steps';
import { coerceConditionValue, describeWhere } from '../../data/recipe/where';
import { describeExpression } from '../../data/recipe/derive';
import type { FittedFeature } from '../../model/types';
import { DATA_TYPE, attr } from './builder';
import type { GraphBuilder } from './builder';
import { ExportError } from './errors';

// ---- Plan types ----

/** What a value in the graph holds: numbers in double (NaN = missing) or text ('' = missing). */
export type ValueDomain = 'number' | 'text';

/** Where a graph input comes from. */
export type InputSource =
  /** A raw column, as loaded. */
  | 'raw'
  /** A column as it is right after a step the graph cannot express: the caller applies it. */
  | 'cleaned'
  /** A column of another dataset (join, append): the caller looks it up. */
  | 'dataset';

interface Tag {
  /** The step (0-based) that made this value; absent for raw inputs and constants. */
  step?: number;
  /** The column's name where the value was made (for node names). */
  column: string;
}

/** A graph input; `name` is given once the plan knows which inputs the features need. */
export interface InputExpr extends Tag {
  op: 'input';
  name: string;
  source: InputSource;
  /** The column's type, when known (a joined column without `datasetColumns` has none). */
  type: ColumnType | null;
  /** What the graph holds it as; null until a use decides (for a column of unknown type). */
  domain: ValueDomain | null;
}

export type BinaryFn = Extract<DeriveExpression, { left: Operand }>['op'];
export type UnaryFn = Extract<DeriveExpression, { operand: Operand }>['op'];

/** One test of a condition: `values` are numbers (float32 comparisons) or text. */
export interface TestExpr {
  x: Expr;
  domain: ValueDomain;
  op: ComparisonOp;
  values: (number | string)[];
}

/** How a column's values are computed in the graph. */
export type Expr =
  | InputExpr
  | (Tag & { op: 'constant'; value: number })
  /** A missing number becomes `value`. */
  | (Tag & { op: 'fill'; x: Expr; value: number })
  /** A missing text ('') becomes `value`. */
  | (Tag & { op: 'fill-text'; x: Expr; value: string })
  | (Tag & { op: 'clip'; x: Expr; lower: number; upper: number })
  /** `from` null: missing; `to` NaN: missing. */
  | (Tag & { op: 'replace'; x: Expr; from: number | null; to: number })
  /** '' is missing on both sides. */
  | (Tag & { op: 'replace-text'; x: Expr; from: string; to: string })
  | (Tag & { op: 'arithmetic'; fn: BinaryFn; left: Expr; right: Expr })
  | (Tag & { op: 'function'; fn: UnaryFn; x: Expr })
  /** 1 where the tests hold (all or any), 0 elsewhere; never missing. */
  | (Tag & { op: 'condition'; match: Where['match']; tests: TestExpr[] })
  /** A cast that keeps some values and makes the others missing. */
  | (Tag & { op: 'cast'; x: Expr; to: 'integer' | 'boolean' | 'date' })
  /** 1 → 'true', 0 → 'false', missing → ''. */
  | (Tag & { op: 'boolean-text'; x: Expr });

export type StepStatus = 'in-graph' | 'skipped' | 'not-expressible';

export interface PlannedStep {
  /** 0-based position in the recipe. */
  index: number;
  kind: RecipeStepKind;
  /** The step as the recipe list shows it. */
  description: string;
  status: StepStatus;
  /** Why, in plain words (what the graph does, or why it does not). */
  reason: string;
}

export interface PlanInput {
  /** The graph input's name. */
  name: string;
  type: 'float32' | 'string';
  source: InputSource;
  /** The column's name where the input's values are taken (the raw name for raw inputs). */
  column: string;
  columnType: ColumnType | null;
  /** The step after which the values are taken (cleaned, dataset inputs); null for raw. */
  step: number | null;
  /** What to send, in plain words. */
  description: string;
}

export interface PlannedFeature {
  name: string;
  kind: 'numeric' | 'categorical';
  /** The graph inputs this feature is computed from. */
  inputs: string[];
  /** The steps (0-based) done in the graph on the way to this feature, in order. */
  steps: number[];
  expression: Expr;
}

export interface RecipePlan {
  /** The graph's inputs: raw columns first (in raw order), then cleaned and dataset inputs. */
  inputs: PlanInput[];
  /** Every step of the recipe, in order, with its status. */
  steps: PlannedStep[];
  features: PlannedFeature[];
  /** What the person must know, one sentence each: every step not in the graph and why. */
  notes: string[];
}

export interface PlanOptions {
  /** Columns of the project's other datasets by id, for join and append (else their columns are found by use). */
  datasetColumns?: Record<string, ColumnInfo[]>;
  /** How the model takes each feature; default: text columns categorical, others numeric. */
  featureKinds?: Record<string, 'numeric' | 'categorical'>;
}

// ---- Planning ----

const ROW_SET: ReadonlySet<RecipeStepKind> = new Set(['filter', 'dedupe', 'drop-missing', 'append']);

function domainOfType(type: ColumnType | null): ValueDomain | null {
  return type === null ? null : type === 'text' ? 'text' : 'number';
}

/** The domain an expression gives. */
export function domainOf(e: Expr): ValueDomain | null {
  switch (e.op) {
    case 'input':
      return e.domain;
    case 'fill-text':
    case 'replace-text':
    case 'boolean-text':
      return 'text';
    default:
      return 'number';
  }
}

/** Every expression node under `e` (itself included), each once. */
function walk(e: Expr, seen: Set<Expr>): void {
  if (seen.has(e)) return;
  seen.add(e);
  switch (e.op) {
    case 'input':
    case 'constant':
      return;
    case 'arithmetic':
      walk(e.left, seen);
      walk(e.right, seen);
      return;
    case 'condition':
      for (const t of e.tests) walk(t.x, seen);
      return;
    default:
      walk(e.x, seen);
  }
}

/** A cell value cast for a column, as a number of the graph (dates as epoch ms, booleans 1/0); NaN when missing. */
function graphNumber(v: unknown): number {
  if (v === null || v === undefined) return NaN;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.getTime();
  return NaN;
}

type Handling =
  | { how: 'row-set'; reason: string; columns: InputExpr[] }
  | { how: 'bookkeeping'; reason: string }
  | { how: 'values-unchanged'; reason: string; column: string }
  | { how: 'expression'; reason: string; nodes: Expr[]; column: string }
  /** `why` the graph cannot do it; `advice` what the caller does instead. */
  | { how: 'cut'; why: string; advice: string; node: InputExpr; column: string }
  | { how: 'label'; node: InputExpr; column: string }
  | { how: 'join'; step: Extract<RecipeStep, { kind: 'join' }>; columns: InputExpr[] };

interface Tracked {
  type: ColumnType | null;
  expr: Expr;
}

function typeWords(type: ColumnType | null): string {
  return type === null ? 'values' : TYPE_NOUN[type].many;
}

/** Why a cast cannot be done in the graph, or how it is done. */
function castHandling(from: ColumnType, to: ColumnType): { expr: 'same' | 'integer' | 'boolean' | 'date' | 'boolean-text' } | { reason: string } {
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

/**
 * Plans the recipe's part of the graph: the raw (and other) inputs the features need, what each
 * step does in the graph, and the expression of each feature. Throws ExportError when the recipe
 * and the features do not fit together (a feature no column makes, a step on a column no step
 * made — the recipe changed since training).
 */
export function planRecipe(steps: RecipeStep[], rawColumns: ColumnInfo[], features: string[], options: PlanOptions = {}): RecipePlan {
  const columns = new Map<string, Tracked>();
  const rawInputs: InputExpr[] = [];
  for (const c of rawColumns) {
    const node: InputExpr = { op: 'input', name: '', source: 'raw', column: c.name, type: c.type, domain: domainOfType(c.type) };
    rawInputs.push(node);
    columns.set(c.name, { type: c.type, expr: node });
  }
  const handling: Handling[] = [];
  const descriptions = steps.map((s) => describeStep(s));
  /** Step → the later not-expressible step whose cleaned input already includes its effect. */
  const coveredBy = new Map<number, number>();
  /** The last join or append before the current step: where a column the recipe does not make may come from. */
  let lastOuter: number | null = null;
  const outerInputs: InputExpr[] = [];

  const stepName = (i: number): string => `step ${i + 1} (${descriptions[i]})`;

  const outer = (name: string, i: number | null): Tracked => {
    if (lastOuter === null) {
      const where = i === null ? `The model takes the column ${name}` : `Step ${i + 1} (${descriptions[i]}) works on ${name}`;
      throw new ExportError(
        `${where}, which is neither a raw column nor made by an earlier step; the recipe may have changed since the model was trained. Train the model again to export it.`,
      );
    }
    const node: InputExpr = { op: 'input', name: '', source: 'dataset', column: name, type: null, domain: null, step: lastOuter };
    outerInputs.push(node);
    const tracked = { type: null, expr: node };
    columns.set(name, tracked);
    return tracked;
  };
  const get = (name: string, i: number): Tracked => columns.get(name) ?? outer(name, i);

  /** Replaces a column's values by an input taken after step i (the step the graph cannot do). */
  const cut = (i: number, name: string, type: ColumnType | null): InputExpr => {
    const before = columns.get(name);
    if (before !== undefined) {
      const seen = new Set<Expr>();
      walk(before.expr, seen);
      for (const e of seen) if (e.step !== undefined && !coveredBy.has(e.step)) coveredBy.set(e.step, i);
    }
    const node: InputExpr = { op: 'input', name: '', source: 'cleaned', column: name, type, domain: domainOfType(type), step: i };
    columns.set(name, { type, expr: node });
    return node;
  };
  const numeric = (t: Tracked): Expr => {
    if (t.expr.op === 'input' && t.expr.domain === null) t.expr.domain = 'number';
    return t.expr;
  };

  steps.forEach((step, i) => {
    const tag = (column: string) => ({ step: i, column });
    const notExpressible = (column: string, type: ColumnType | null, why: string, advice = 'apply it before sending the values'): void => {
      handling.push({ how: 'cut', why, advice, node: cut(i, column, type), column });
    };
    switch (step.kind) {
      case 'filter':
      case 'dedupe':
      case 'drop-missing':
        handling.push({ how: 'row-set', reason: rowSetReason(step), columns: [] });
        return;
      case 'append': {
        const added: InputExpr[] = [];
        const other = options.datasetColumns?.[step.datasetId];
        if (other !== undefined) {
          for (const c of other) {
            if (columns.has(c.name)) continue;
            const node: InputExpr = { op: 'input', name: '', source: 'dataset', column: c.name, type: c.type, domain: domainOfType(c.type), step: i };
            added.push(node);
            columns.set(c.name, { type: c.type, expr: node });
          }
        }
        lastOuter = i;
        handling.push({ how: 'row-set', reason: rowSetReason(step), columns: added });
        return;
      }
      case 'join': {
        const added: InputExpr[] = [];
        const other = options.datasetColumns?.[step.datasetId];
        if (other !== undefined) {
          const taken = new Set(columns.keys());
          for (const c of other) {
            if (c.name === step.rightKey) continue;
            let name = c.name;
            if (taken.has(name)) {
              name = `${c.name} (right)`;
              for (let k = 2; taken.has(name); k++) name = `${c.name} (right ${k})`;
            }
            taken.add(name);
            const node: InputExpr = { op: 'input', name: '', source: 'dataset', column: name, type: c.type, domain: domainOfType(c.type), step: i };
            added.push(node);
            columns.set(name, { type: c.type, expr: node });
          }
        }
        lastOuter = i;
        handling.push({ how: 'join', step, columns: added });
        return;
      }
      case 'label-rule':
      case 'label-manual': {
        const existing = columns.get(step.column);
        const node = cut(i, step.column, existing === undefined ? 'text' : existing.type);
        handling.push({ how: 'label', node, column: step.column });
        return;
      }
      case 'rename-column': {
        const t = get(step.column, i);
        columns.delete(step.column);
        columns.set(step.to, t);
        handling.push({ how: 'bookkeeping', reason: `Name bookkeeping only: the graph's inputs keep their raw names, and the model knows this column as ${step.to}.` });
        return;
      }
      case 'drop-column':
        get(step.column, i);
        columns.delete(step.column);
        handling.push({ how: 'bookkeeping', reason: `Bookkeeping only: nothing in the graph reads ${step.column} after this step.` });
        return;
      case 'trim': {
        get(step.column, i);
        notExpressible(step.column, 'text', 'ONNX (opset 17) has no operator that removes white space from text', 'trim the values before sending them');
        return;
      }
      case 'impute': {
        const t = get(step.column, i);
        const fill = step.strategy === 'constant' ? step.constant : step.fitted?.value;
        // A joined column of unknown type: a number or true/false to fill in tells it (text could be a date).
        if (t.type === null && (typeof fill === 'number' || typeof fill === 'boolean')) {
          t.type = typeof fill === 'number' ? 'number' : 'boolean';
          if (t.expr.op === 'input' && t.expr.type === null) t.expr.type = t.type;
          numeric(t);
        }
        if (t.type === null || fill === undefined || fill === null) {
          const why = t.type === null ? `the type of ${step.column} is not known here` : 'the step has no fitted value';
          notExpressible(step.column, t.type, `The graph cannot fill in ${step.column}: ${why}`);
          return;
        }
        const cast = castScalar(fill, { name: step.column, type: t.type, missing: 0 });
        if (!cast.ok || cast.missing) {
          notExpressible(step.column, t.type, `The value to fill in no longer fits ${step.column}`);
          return;
        }
        let node: Expr;
        let reason: string;
        if (t.type === 'text') {
          node = { op: 'fill-text', x: t.expr, value: String(cast.value), ...tag(step.column) };
          reason = `In the graph: an empty (missing) ${step.column} becomes ${showValue(String(cast.value))}.`;
        } else {
          const value = graphNumber(cast.value);
          node = { op: 'fill', x: numeric(t), value, ...tag(step.column) };
          reason = `In the graph: a missing ${step.column} (NaN) becomes ${showValue(toShown(cast.value))}.`;
        }
        columns.set(step.column, { type: t.type, expr: node });
        handling.push({ how: 'expression', reason, nodes: [node], column: step.column });
        return;
      }
      case 'clip': {
        const t = get(step.column, i);
        if (step.fitted === undefined || (t.type !== null && t.type !== 'number' && t.type !== 'integer')) {
          notExpressible(step.column, t.type, t.type === null || t.type === 'number' || t.type === 'integer' ? 'The step has no fitted bounds' : `${step.column} does not hold numbers`);
          return;
        }
        const { lower, upper } = step.fitted;
        const node: Expr = { op: 'clip', x: numeric(t), lower, upper, ...tag(step.column) };
        columns.set(step.column, { type: t.type ?? 'number', expr: node });
        handling.push({
          how: 'expression',
          reason: `In the graph: ${step.column} is limited to [${shortNumber(lower)}, ${shortNumber(upper)}]; a missing value stays missing.`,
          nodes: [node],
          column: step.column,
        });
        return;
      }
      case 'replace': {
        const t = get(step.column, i);
        if (t.type === null) {
          notExpressible(step.column, null, `The type of ${step.column} is not known here`);
          return;
        }
        const info = { name: step.column, type: t.type, missing: 0 };
        const from = castScalar(step.from, info);
        const to = castScalar(step.to, info);
        if (!from.ok || !to.ok) {
          notExpressible(step.column, t.type, `The values no longer fit ${step.column}`);
          return;
        }
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
        handling.push({
          how: 'expression',
          reason: `In the graph: ${step.column} equal to ${showValue(step.from)}${compared} becomes ${showValue(step.to)}.`,
          nodes: [node],
          column: step.column,
        });
        return;
      }
      case 'cast': {
        const t = get(step.column, i);
        if (t.type === null) {
          notExpressible(step.column, step.to, `The type of ${step.column} is not known here`);
          return;
        }
        if (t.type === step.to) {
          handling.push({ how: 'values-unchanged', reason: `In the graph: nothing to do, ${step.column} already holds ${TYPE_NOUN[step.to].many}.`, column: step.column });
          return;
        }
        const how = castHandling(t.type, step.to);
        if ('reason' in how) {
          notExpressible(step.column, step.to, how.reason, 'cast the values before sending them');
          return;
        }
        if (how.expr === 'same') {
          columns.set(step.column, { type: step.to, expr: t.expr });
          handling.push({
            how: 'values-unchanged',
            reason: `In the graph: nothing to do, ${TYPE_NOUN[t.type].many} reach the graph as the same numbers ${TYPE_NOUN[step.to].many} do.`,
            column: step.column,
          });
          return;
        }
        const node: Expr =
          how.expr === 'boolean-text' ? { op: 'boolean-text', x: t.expr, ...tag(step.column) } : { op: 'cast', x: numeric(t), to: how.expr, ...tag(step.column) };
        columns.set(step.column, { type: step.to, expr: node });
        const words: Record<typeof how.expr, string> = {
          integer: 'a value that is not a whole number (or beyond ±2^53) becomes missing',
          boolean: 'a value other than 0 and 1 becomes missing',
          date: 'a value is cut to whole milliseconds, and one beyond ±8.64e15 ms becomes missing',
          'boolean-text': "true becomes 'true', false 'false'",
        };
        handling.push({ how: 'expression', reason: `In the graph: ${words[how.expr]}, as in the studio.`, nodes: [node], column: step.column });
        return;
      }
      case 'derive': {
        const expression = step.expression;
        if (expression.op === 'condition') {
          const tests: TestExpr[] = [];
          let why: string | null = null;
          for (const c of expression.where.conditions) {
            const t = get(c.column, i);
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
            notExpressible(step.name, 'boolean', `The graph cannot test ${describeWhere(expression.where)}: ${why}`, 'send 1 where the condition holds, 0 elsewhere');
            return;
          }
          const node: Expr = { op: 'condition', match: expression.where.match, tests, ...tag(step.name) };
          columns.set(step.name, { type: 'boolean', expr: node });
          handling.push({
            how: 'expression',
            reason: `In the graph: ${step.name} is 1 where ${describeWhere(expression.where)} holds, else 0 (a missing value passes no test); numbers are compared as float32.`,
            nodes: [node],
            column: step.name,
          });
          return;
        }
        const operand = (o: Operand): { expr: Expr; integer: boolean } => {
          if ('column' in o && typeof o.column === 'string') {
            const t = get(o.column, i);
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
        handling.push({
          how: 'expression',
          reason:
            `In the graph: ${step.name} = ${describeExpression(expression)} in double precision; a result that is not a finite number ` +
            '(division by zero, log of zero or less, square root of a negative number, overflow) is missing, as in the studio.',
          nodes: [node],
          column: step.name,
        });
        return;
      }
      default:
        throw new ExportError(`Step ${i + 1} is of a kind the exporter does not know (${String((step as { kind?: unknown }).kind)}).`);
    }
  });

  // ---- Features ----
  const planned: PlannedFeature[] = features.map((name) => {
    const tracked = columns.get(name) ?? outer(name, null);
    const kind = options.featureKinds?.[name] ?? (tracked.type === 'text' || (tracked.type === null && domainOf(tracked.expr) === 'text') ? 'categorical' : 'numeric');
    const want: ValueDomain = kind === 'numeric' ? 'number' : 'text';
    if (tracked.expr.op === 'input' && tracked.expr.domain === null) tracked.expr.domain = want;
    const have = domainOf(tracked.expr);
    if (have !== want) {
      throw new ExportError(
        `The model takes ${name} as ${want === 'number' ? 'numbers' : 'text'}, but the recipe makes it ${typeWords(tracked.type)}; the recipe may have changed since the model was trained. Train the model again to export it.`,
      );
    }
    const seen = new Set<Expr>();
    walk(tracked.expr, seen);
    const stepSet = new Set<number>();
    for (const e of seen) if (e.step !== undefined && e.op !== 'input') stepSet.add(e.step);
    return { name, kind, inputs: [], steps: [...stepSet].sort((a, b) => a - b), expression: tracked.expr };
  });

  const reachable = new Set<Expr>();
  for (const f of planned) walk(f.expression, reachable);

  // ---- Inputs: raw first (raw order), then the others by step ----
  const needed = [...reachable].filter((e): e is InputExpr => e.op === 'input');
  const others = needed.filter((e) => e.source !== 'raw').sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
  const ordered = [...rawInputs.filter((e) => reachable.has(e)), ...others];
  const taken = new Set<string>();
  for (const e of ordered) {
    if (e.source === 'raw') e.name = e.column;
    else {
      let name = e.column;
      if (taken.has(name) || (rawInputs.some((r) => r.column === name && reachable.has(r)))) name = `${e.column} (after step ${(e.step ?? 0) + 1})`;
      for (let k = 2; taken.has(name); k++) name = `${e.column} (after step ${(e.step ?? 0) + 1}, ${k})`;
      e.name = name;
    }
    taken.add(e.name);
    if (e.domain === null) e.domain = 'number';
  }
  const inputs: PlanInput[] = ordered.map((e) => ({
    name: e.name,
    type: e.domain === 'text' ? 'string' : 'float32',
    source: e.source,
    column: e.column,
    columnType: e.type,
    step: e.step ?? null,
    description: inputDescription(e, e.step === undefined ? '' : stepName(e.step)),
  }));
  for (const f of planned) {
    const seen = new Set<Expr>();
    walk(f.expression, seen);
    f.inputs = ordered.filter((e) => seen.has(e)).map((e) => e.name);
  }

  // ---- Statuses ----
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
    return `Not in the graph: the graph takes ${h.node.name} as it is after ${stepName(last)}, which it cannot do, so the values it is sent already include this step on ${column}.`;
  };
  const unused = (column: string) => `Skipped: it changes only ${column}, which the model does not use.`;
  const planSteps: PlannedStep[] = steps.map((step, i) => {
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
  return { inputs, steps: planSteps, features: planned, notes };
}

function toShown(v: unknown): string | number | boolean | null {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v as string | number | boolean | null;
}

function rowSetReason(step: RecipeStep): string {
  switch (step.kind) {
    case 'filter':
      return 'Skipped by design: it chooses which rows the model was trained on; a served row is predicted whatever its values, so the graph does not filter.';
    case 'dedupe':
      return 'Skipped by design: it removes repeated rows from the training data, which concerns the set of rows, not one row.';
    case 'drop-missing':
      return "Skipped by design: it removes rows with missing values from the training data; a served row with a missing value is still predicted (the model's imputation fills it in).";
    case 'append':
      return `Skipped by design: it adds the rows of ${step.datasetName} to the training data, which changes no single row.`;
    default:
      return 'Skipped by design: it concerns the set of rows, not one row.';
  }
}

function inputDescription(e: InputExpr, step: string): string {
  const holds =
    e.domain === 'text'
      ? 'text; the empty text when missing'
      : e.type === 'date'
        ? 'a date as days since 1970-01-01 UTC (float32, a fraction for the time of day, rounded down); NaN when missing'
        : e.type === 'boolean'
          ? 'true as 1, false as 0; NaN when missing'
          : 'a number; NaN when missing';
  if (e.source === 'raw') return `${e.column} as loaded (${typeWords(e.type)}): ${holds}`;
  if (e.source === 'cleaned') return `${e.column} as it is after ${step}, which the graph cannot do: apply it before sending. ${holds[0].toUpperCase()}${holds.slice(1)}`;
  return `${e.column}, from another dataset (${step}): look it up before sending. ${holds[0].toUpperCase()}${holds.slice(1)}`;
}

// ---- Writing the graph ----

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const MAX_DATE_MS = 8.64e15;
const DAY_MS = 86_400_000;

/**
 * Adds the plan's inputs and the recipe's expressions to `g`; returns, for each feature, the value
 * the model's preprocessing takes ([N, 1] float32 for a numeric feature, string for a categorical
 * one). Throws ExportError when a feature's kind does not fit what the recipe makes.
 */
export function emitRecipe(g: GraphBuilder, plan: RecipePlan, features: readonly FittedFeature[]): Map<string, string> {
  for (const input of plan.inputs) g.addInput(input.name, input.type, ['N', 1], input.description);
  const e = new Emitter(g);
  const out = new Map<string, string>();
  for (const f of features) {
    const p = plan.features.find((x) => x.name === f.name);
    if (p === undefined) throw new ExportError(`The recipe plan has no feature ${f.name}.`);
    const domain = domainOf(p.expression);
    if ((f.kind === 'numeric') !== (domain === 'number')) {
      throw new ExportError(`The model takes ${f.name} as ${f.kind === 'numeric' ? 'numbers' : 'text'}, but the recipe makes it ${domain === 'number' ? 'numbers' : 'text'}; train the model again to export it.`);
    }
    out.set(f.name, f.kind === 'numeric' ? (f.date !== undefined ? e.days(p.expression) : e.float32(p.expression)) : e.text(p.expression));
  }
  return out;
}

class Emitter {
  private readonly doubles = new Map<Expr, string>();
  private readonly floats = new Map<Expr, string>();
  private readonly texts = new Map<Expr, string>();
  private readonly constants = new Map<string, string>();
  private readonly matches = new Map<string, string>();
  private readonly textIds = new Map<Expr, number>();

  constructor(private readonly g: GraphBuilder) {}

  private node(op: string, inputs: string[], hint: string, attributes: Parameters<GraphBuilder['addNode']>[3] = {}, docString?: string): string {
    return this.g.addNode(op, inputs, [hint], attributes, docString ? { docString } : {})[0];
  }

  private constant(type: 'float64' | 'float32' | 'string', value: number | string): string {
    const key = `${type}:${typeof value === 'number' && Object.is(value, -0) ? '-0' : String(value)}`;
    let name = this.constants.get(key);
    if (name === undefined) {
      const data = type === 'float64' ? Float64Array.of(value as number) : type === 'float32' ? Float32Array.of(value as number) : [value as string];
      name = this.g.addInitializer(type === 'string' ? 'text' : 'number', data, [1]);
      this.constants.set(key, name);
    }
    return name;
  }

  private d(value: number): string {
    return this.constant('float64', value);
  }

  /** Every non-finite value becomes NaN (missing). */
  private finish(x: string, column: string): string {
    const inf = this.node('IsInf', [x], `${column}:infinite`);
    return this.node('Where', [inf, this.d(NaN), x], `${column}:finite`);
  }

  /** The expression as [N, 1] float32 (what a numeric feature takes). */
  float32(e: Expr): string {
    // A date input holds days, not the milliseconds the steps and features work in.
    if (e.op === 'input' && e.type !== 'date') {
      if (e.domain !== 'number') throw new ExportError(`${e.name} holds text, but the graph needs it as numbers.`);
      return e.name;
    }
    let name = this.floats.get(e);
    if (name === undefined) {
      name = this.node('Cast', [this.double(e)], `${e.column}:float`, { to: attr.int(DATA_TYPE.float32) });
      this.floats.set(e, name);
    }
    return name;
  }

  /** A date expression (ms in the graph) as [N, 1] float32 days, what a date feature takes. */
  days(e: Expr): string {
    if (e.op === 'input' && e.domain === 'number') return e.name;
    const c = e.column;
    return this.node('Cast', [this.node('Div', [this.double(e), this.d(DAY_MS)], `${c}:in_days`)], `${c}:days`, { to: attr.int(DATA_TYPE.float32) });
  }

  /** The expression as [N, 1] double. */
  double(e: Expr): string {
    let name = this.doubles.get(e);
    if (name === undefined) {
      name = this.makeDouble(e);
      this.doubles.set(e, name);
    }
    return name;
  }

  /** The expression as [N, 1] string. */
  text(e: Expr): string {
    if (e.op === 'input') {
      if (e.domain !== 'text') throw new ExportError(`${e.name} holds numbers, but the graph needs it as text.`);
      return e.name;
    }
    let name = this.texts.get(e);
    if (name === undefined) {
      name = this.makeText(e);
      this.texts.set(e, name);
    }
    return name;
  }

  /** [N, 1] bool: whether the text equals one of `values` ('' = missing), by a OneHotEncoder over them. */
  private textIn(e: Expr, values: readonly string[]): string {
    const unique = [...new Set(values)];
    let id = this.textIds.get(e);
    if (id === undefined) {
      id = this.textIds.size;
      this.textIds.set(e, id);
    }
    const key = `${id}:${JSON.stringify(unique)}`;
    let name = this.matches.get(key);
    if (name !== undefined) return name;
    const x = this.text(e);
    const [hot] = this.g.addNode('OneHotEncoder', [x], [`${e.column}:match`], { cats_strings: attr.strings(unique), zeros: attr.int(1) }, {
      domain: 'ai.onnx.ml',
      docString: `${e.column}: 1 where the text is one of ${JSON.stringify(unique)}`,
    });
    // ai.onnx.ml's schema infers no type for OneHotEncoder's output; the checker needs one for Flatten.
    this.g.addValueInfo(hot, 'float32', ['N', 1, unique.length]);
    let m = this.node('Flatten', [hot], `${e.column}:match2d`, { axis: attr.int(1) });
    if (unique.length > 1) m = this.node('ReduceMax', [m], `${e.column}:any`, { axes: attr.ints([1]), keepdims: attr.int(1) });
    name = this.node('Cast', [m], `${e.column}:is`, { to: attr.int(DATA_TYPE.bool) });
    this.matches.set(key, name);
    return name;
  }

  private makeText(e: Expr): string {
    switch (e.op) {
      case 'fill-text':
        return this.node('Where', [this.textIn(e.x, ['']), this.constant('string', e.value), this.text(e.x)], `${e.column}:filled`, {}, `${e.column}: '' becomes ${JSON.stringify(e.value)}`);
      case 'replace-text':
        return this.node('Where', [this.textIn(e.x, [e.from]), this.constant('string', e.to), this.text(e.x)], `${e.column}:replaced`);
      case 'boolean-text': {
        const x = this.double(e.x);
        const isTrue = this.node('Equal', [x, this.d(1)], `${e.column}:true`);
        const isFalse = this.node('Equal', [x, this.d(0)], `${e.column}:false`);
        const f = this.node('Where', [isFalse, this.constant('string', 'false'), this.constant('string', '')], `${e.column}:false_text`);
        return this.node('Where', [isTrue, this.constant('string', 'true'), f], `${e.column}:text`);
      }
      default:
        throw new ExportError(`${e.column} holds numbers, but the graph needs it as text.`);
    }
  }

  private makeDouble(e: Expr): string {
    const c = e.column;
    switch (e.op) {
      case 'input': {
        if (e.domain !== 'number') throw new ExportError(`${e.name} is text, but the graph needs it as numbers.`);
        const wide = this.node('Cast', [e.name], `${c}:double`, { to: attr.int(DATA_TYPE.float64) });
        // A date arrives as days (float32 cannot hold epoch milliseconds); the steps work in ms.
        return e.type === 'date' ? this.node('Mul', [wide, this.d(DAY_MS)], `${c}:ms`, {}, `${c}: days to milliseconds`) : wide;
      }
      case 'constant':
        return this.d(e.value);
      case 'fill': {
        const x = this.double(e.x);
        return this.node('Where', [this.node('IsNaN', [x], `${c}:missing`), this.d(e.value), x], `${c}:filled`, {}, `${c}: NaN becomes ${e.value}`);
      }
      case 'clip': {
        const x = this.double(e.x);
        const lo = this.d(e.lower);
        const hi = this.d(e.upper);
        const above = this.node('Where', [this.node('Greater', [x, hi], `${c}:above`), hi, x], `${c}:upper`);
        return this.node('Where', [this.node('Less', [x, lo], `${c}:below`), lo, above], `${c}:clipped`, {}, `${c}: clipped to [${e.lower}, ${e.upper}]; NaN stays NaN`);
      }
      case 'replace': {
        const x = this.double(e.x);
        const hit =
          e.from === null
            ? this.node('IsNaN', [x], `${c}:missing`)
            : this.node('Equal', [this.float32(e.x), this.constant('float32', Math.fround(e.from))], `${c}:equal`);
        return this.node('Where', [hit, this.d(e.to), x], `${c}:replaced`);
      }
      case 'arithmetic': {
        const a = this.double(e.left);
        const b = this.double(e.right);
        const op = { add: 'Add', subtract: 'Sub', multiply: 'Mul', divide: 'Div', power: 'Pow' }[e.fn];
        let r = this.node(op, [a, b], `${c}:${e.fn}`);
        // Math.pow(1, NaN) is NaN; C's pow gives 1.
        if (e.fn === 'power') r = this.node('Where', [this.node('IsNaN', [b], `${c}:exponent_missing`), this.d(NaN), r], `${c}:power_checked`);
        return this.finish(r, c);
      }
      case 'function': {
        const x = this.double(e.x);
        switch (e.fn) {
          case 'log':
            return this.finish(this.node('Where', [this.node('Greater', [x, this.d(0)], `${c}:positive`), this.node('Log', [x], `${c}:log_raw`), this.d(NaN)], `${c}:log`), c);
          case 'sqrt':
            return this.node('Where', [this.node('GreaterOrEqual', [x, this.d(0)], `${c}:not_negative`), this.node('Sqrt', [x], `${c}:sqrt_raw`), this.d(NaN)], `${c}:sqrt`);
          case 'abs':
            return this.node('Abs', [x], `${c}:abs`);
          case 'square':
            return this.finish(this.node('Mul', [x, x], `${c}:square`), c);
          case 'exp':
            return this.finish(this.node('Exp', [x], `${c}:exp`), c);
        }
        throw new ExportError(`Unknown function ${String((e as { fn: unknown }).fn)} in ${c}.`);
      }
      case 'condition': {
        const masks = e.tests.map((t) => this.test(t, c));
        let m = masks[0];
        for (let k = 1; k < masks.length; k++) m = this.node(e.match === 'all' ? 'And' : 'Or', [m, masks[k]], `${c}:${e.match}`);
        return this.node('Cast', [m], `${c}:flag`, { to: attr.int(DATA_TYPE.float64) });
      }
      case 'cast': {
        const x = this.double(e.x);
        const nan = this.d(NaN);
        if (e.to === 'integer') {
          const whole = this.node('Equal', [this.node('Floor', [x], `${c}:floor`), x], `${c}:whole`);
          const safe = this.node('LessOrEqual', [this.node('Abs', [x], `${c}:abs`), this.d(MAX_SAFE)], `${c}:safe`);
          return this.node('Where', [this.node('And', [whole, safe], `${c}:integer`), x, nan], `${c}:as_integer`);
        }
        if (e.to === 'boolean') {
          const ok = this.node('Or', [this.node('Equal', [x, this.d(0)], `${c}:zero`), this.node('Equal', [x, this.d(1)], `${c}:one`)], `${c}:zero_or_one`);
          return this.node('Where', [ok, x, nan], `${c}:as_boolean`);
        }
        // A Date holds whole milliseconds: new Date(2.5).getTime() is 2, new Date(-2.5).getTime() is -2.
        const trunc = this.node('Where', [this.node('Less', [x, this.d(0)], `${c}:negative`), this.node('Ceil', [x], `${c}:ceil`), this.node('Floor', [x], `${c}:floor`)], `${c}:trunc`);
        const inRange = this.node('LessOrEqual', [this.node('Abs', [x], `${c}:abs`), this.d(MAX_DATE_MS)], `${c}:in_range`);
        return this.node('Where', [inRange, trunc, nan], `${c}:as_date`);
      }
      default:
        throw new ExportError(`${c} holds text, but the graph needs it as numbers.`);
    }
  }

  /** [N, 1] bool: one condition test. */
  private test(t: TestExpr, column: string): string {
    if (t.domain === 'text') {
      const values = t.values as string[];
      const missing = this.textIn(t.x, ['']);
      const present = (): string => this.node('Not', [missing], `${column}:present`);
      const none = (): string => this.node('And', [missing, present()], `${column}:none`);
      switch (t.op) {
        case 'is-missing':
          return missing;
        case 'is-not-missing':
          return present();
        case 'equals':
          return values[0] === '' ? none() : this.textIn(t.x, [values[0]]);
        case 'not-equals':
          return values[0] === '' ? present() : this.node('And', [present(), this.node('Not', [this.textIn(t.x, [values[0]])], `${column}:other`)], `${column}:not_equal`);
        case 'one-of': {
          const wanted = values.filter((v) => v !== '');
          return wanted.length === 0 ? none() : this.textIn(t.x, wanted);
        }
        default:
          throw new ExportError(`${column}: the text test ${t.op} cannot be written in ONNX.`);
      }
    }
    const x = this.float32(t.x);
    const v = (k: number) => this.constant('float32', Math.fround(t.values[k] as number));
    const isNaN = () => this.node('IsNaN', [x], `${column}:missing`);
    switch (t.op) {
      case 'is-missing':
        return isNaN();
      case 'is-not-missing':
        return this.node('Not', [isNaN()], `${column}:present`);
      case 'equals':
        return this.node('Equal', [x, v(0)], `${column}:equal`);
      case 'not-equals': {
        const present = this.node('Not', [isNaN()], `${column}:present`);
        return this.node('And', [present, this.node('Not', [this.node('Equal', [x, v(0)], `${column}:equal`)], `${column}:differs`)], `${column}:not_equal`);
      }
      case 'less':
        return this.node('Less', [x, v(0)], `${column}:less`);
      case 'less-or-equal':
        return this.node('LessOrEqual', [x, v(0)], `${column}:at_most`);
      case 'greater':
        return this.node('Greater', [x, v(0)], `${column}:greater`);
      case 'greater-or-equal':
        return this.node('GreaterOrEqual', [x, v(0)], `${column}:at_least`);
      case 'one-of': {
        let m = this.node('Equal', [x, v(0)], `${column}:equal`);
        for (let k = 1; k < t.values.length; k++) m = this.node('Or', [m, this.node('Equal', [x, v(k)], `${column}:equal`)], `${column}:one_of`);
        return m;
      }
      default:
        throw new ExportError(`${column}: the test ${t.op} cannot be written in ONNX.`);
    }
  }
}
