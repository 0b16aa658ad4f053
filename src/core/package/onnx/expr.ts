/**
 * The expression tree the recipe's steps become in the exported graph: for each column, where its
 * values come from (a graph input) and what the graph computes from them. Planning (`recipe.ts`,
 * `lower/`) builds it; `emit.ts` writes it as ONNX nodes.
 */
import type { ColumnType } from '../../data/columns';
import type { ComparisonOp, DeriveExpression, Operand, Where } from '../../data/recipe/steps';

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

export interface Tag {
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

/** How the graph holds a column of this type; null when the type is not known. */
export function domainOfType(type: ColumnType | null): ValueDomain | null {
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

/** Adds every expression node under `e` (itself included) to `seen`, each once. */
export function walk(e: Expr, seen: Set<Expr>): void {
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

/** Every expression node under `e`, itself included. */
export function nodesUnder(e: Expr): Set<Expr> {
  const seen = new Set<Expr>();
  walk(e, seen);
  return seen;
}

/** A cell value cast for a column, as a number of the graph (dates as epoch ms, booleans 1/0); NaN when missing. */
export function graphNumber(v: unknown): number {
  if (v === null || v === undefined) return NaN;
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.getTime();
  return NaN;
}
