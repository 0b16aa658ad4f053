/**
 * The recipe plan: what `planRecipe` (recipe.ts) decides about each step, which inputs the graph
 * takes and how each feature is computed. Types only, shared by the planner, the step lowerings
 * (`lower/`) and the exporter.
 */
import type { ColumnInfo, ColumnType } from '../../data/columns';
import type { RecipeStepKind } from '../../data/recipe/steps';
import type { Expr, InputSource } from './expr';

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
