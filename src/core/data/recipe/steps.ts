/**
 * The cleaning recipe: every change to data is one of these plain, serialisable step objects,
 * appended to the dataset's recipe and replayed in order on the raw table, which is never
 * modified. Nothing here is code typed by a user: filters, labels and derived columns are built
 * from menus (column, operator, constant) and evaluated by our own functions.
 */
import type { ColumnType } from '../columns';

/**
 * How a cast reads text as dates: 'auto' by the ingest rules (any form; day first where a day and
 * month could be either), or only the one written form named, in that order of day and month.
 */
export const DATE_FORMATS = ['auto', 'YYYY-MM-DD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

/** A value a user typed or picked: compared with a column's values after casting to its type. */
export type Scalar = string | number | boolean | null;

export type ComparisonOp =
  | 'equals' | 'not-equals'
  | 'less' | 'less-or-equal' | 'greater' | 'greater-or-equal'
  | 'is-missing' | 'is-not-missing'
  | 'contains' | 'starts-with'
  | 'one-of';

/** One test on one column, e.g. `{ column: 'age', op: 'greater', value: 65 }`. */
export interface Condition {
  column: string;
  op: ComparisonOp;
  /** For every op except is-missing, is-not-missing and one-of. */
  value?: Scalar;
  /** For one-of. */
  values?: Scalar[];
}

/** Several conditions joined by AND (`all`) or OR (`any`). */
export interface Where {
  match: 'all' | 'any';
  conditions: Condition[];
}

/** A column or a constant, the operands of a derived column. */
export type Operand = { column: string } | { constant: number };

export type DeriveExpression =
  | { op: 'add' | 'subtract' | 'multiply' | 'divide' | 'power'; left: Operand; right: Operand }
  | { op: 'log' | 'sqrt' | 'abs' | 'square' | 'exp'; operand: Operand }
  /** A boolean column: true where the condition holds. */
  | { op: 'condition'; where: Where };

/**
 * A statistic fitted when the step was applied, and replayed as is. Fitted on the train part
 * once a split exists (never on validation or test rows: that would leak), else on all rows;
 * fitted again, in recipe order, whenever the split is made, made again or removed.
 */
export interface FittedFrom {
  from: 'train' | 'all';
  /** How many rows the statistic was computed from (those with a value in the column). */
  rows: number;
}

export type ImputeStrategy = 'mean' | 'median' | 'most-frequent' | 'constant';

export type RecipeStep =
  | { kind: 'impute'; column: string; strategy: ImputeStrategy; constant?: Scalar; fitted?: FittedFrom & { value: Scalar } }
  /** Drops rows with a missing value in any of `columns` (all columns when empty). */
  | { kind: 'drop-missing'; columns: string[] }
  | { kind: 'drop-column'; column: string }
  | { kind: 'rename-column'; column: string; to: string }
  /** Keeps the first of rows equal on `columns` (all columns when empty). */
  | { kind: 'dedupe'; columns: string[] }
  /** `dateFormat` (casts to date only; absent = 'auto'): how text is read as a date. */
  | { kind: 'cast'; column: string; to: ColumnType; dateFormat?: DateFormat }
  /**
   * Clips a numeric column to [lower, upper]: by the IQR rule (Q1 − k·IQR, Q3 + k·IQR) or by
   * percentiles (e.g. 1 and 99).
   */
  | { kind: 'clip'; column: string; method: 'iqr' | 'percentile'; k?: number; lowerPercentile?: number; upperPercentile?: number; fitted?: FittedFrom & { lower: number; upper: number } }
  /** Keeps (or drops) the rows where `where` holds. */
  | { kind: 'filter'; where: Where; keep: boolean }
  | { kind: 'derive'; name: string; expression: DeriveExpression }
  | { kind: 'trim'; column: string }
  /** Replaces every cell equal to `from` (null = missing) with `to`. */
  | { kind: 'replace'; column: string; from: Scalar; to: Scalar }
  /**
   * Appends the rows of another dataset of the project; columns matched by name. The appended
   * rows get row ids from `firstRowId` on, fixed when the step is applied (absent in steps stored
   * before it was kept: their ids are worked out again at each replay).
   */
  | { kind: 'append'; datasetId: string; datasetName: string; firstRowId?: number }
  /** Enriches rows with the columns of another dataset, matched on a key column. */
  | { kind: 'join'; datasetId: string; datasetName: string; leftKey: string; rightKey: string; how: 'left' | 'inner' }
  /** Gives `label` to the rows where `where` holds, in `column` (created as text if new). */
  | { kind: 'label-rule'; column: string; where: Where; label: string }
  /** Labels given by hand, by row id (see `ROW_ID`). */
  | { kind: 'label-manual'; column: string; labels: Record<number, string> };

export type RecipeStepKind = RecipeStep['kind'];
export type StepOf<K extends RecipeStepKind> = Extract<RecipeStep, { kind: K }>;
