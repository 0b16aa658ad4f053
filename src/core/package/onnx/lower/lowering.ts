/**
 * What every recipe step kind decides about the exported graph, one file per kind
 * (`impute.ts`, `filter.ts`, …), each exporting one `StepLowering`. The registry
 * (`registry.ts`) is typed by the step union, so a new step kind without an ONNX decision does
 * not type-check; "not exportable, because …" is a decision like any other.
 */
import type { ColumnType } from '../../../data/columns';
import type { RecipeStepKind, StepOf } from '../../../data/recipe/steps';
import type { Expr, InputExpr, Tag } from '../expr';
import type { PlanOptions } from '../plan';
import type { RecipeColumns } from './columns';

/** What a step does to the graph, before the plan knows which columns the features use. */
export type Handling =
  | { how: 'row-set'; reason: string; columns: InputExpr[] }
  | { how: 'bookkeeping'; reason: string }
  | { how: 'values-unchanged'; reason: string; column: string }
  | { how: 'expression'; reason: string; nodes: Expr[]; column: string }
  /** `why` the graph cannot do it; `advice` what the caller does instead. */
  | { how: 'cut'; why: string; advice: string; node: InputExpr; column: string }
  | { how: 'label'; node: InputExpr; column: string }
  | { how: 'join'; step: StepOf<'join'>; columns: InputExpr[] };

/** The step being lowered: where it stands in the recipe and the columns as they are before it. */
export interface StepAt {
  /** 0-based position in the recipe. */
  index: number;
  columns: RecipeColumns;
  options: PlanOptions;
  /** Marks an expression node as made by this step on `column`. */
  tag(column: string): Tag;
  /**
   * The graph cannot do this step on `column`: from here on the graph takes the column as it is
   * after the step, as an input the caller supplies cleaned.
   */
  notExpressible(column: string, type: ColumnType | null, why: string, advice?: string): Handling;
}

/** The context `lower` gets for step `index`: a cut there replaces the column by a cleaned input. */
export function stepAt(index: number, columns: RecipeColumns, options: PlanOptions): StepAt {
  return {
    index,
    columns,
    options,
    tag: (column) => ({ step: index, column }),
    notExpressible: (column, type, why, advice = 'apply it before sending the values') => ({ how: 'cut', why, advice, node: columns.cut(index, column, type), column }),
  };
}

export interface StepLowering<K extends RecipeStepKind> {
  kind: K;
  /** Updates the tracked columns for the step and says what the graph does with it. */
  lower(step: StepOf<K>, at: StepAt): Handling;
}

export type StepLowerings = { readonly [K in RecipeStepKind]: StepLowering<K> };
