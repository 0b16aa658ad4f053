/**
 * The cleaning recipe inside the exported graph: which of the recipe's steps the graph can do to
 * a single served row, which it skips by design, and which it cannot express, so the graph takes
 * the RAW columns and nothing is dropped without a word.
 *
 * `planRecipe` walks the recipe forward, tracking for each column name where its values come
 * from (`lower/columns.ts`): a raw column (a graph input named exactly as the raw column), an
 * expression over other columns (`Expr`, expr.ts), or an input the caller supplies already
 * cleaned. Each step kind's decision lives in its own file under `lower/` (registry.ts):
 *
 * - in the graph — mirrored value for value, per row, in double precision between the float32
 *   inputs and the model's float32 preprocessing: impute, clip, replace, derive, cast, and
 *   rename-column / drop-column (name bookkeeping only: inputs keep their raw names).
 * - skipped by design: filter, dedupe, drop-missing and append concern the set of training rows,
 *   not one served row; label-rule and label-manual concern the target, not the inputs.
 * - not expressible: trim, casts that read or write text by the studio's rules, text conditions
 *   `contains` / `starts-with`, and join (the graph cannot look rows up in another dataset). The
 *   graph then takes the column as it is right after that step, as an input the caller supplies
 *   cleaned (named after the column, or `name (after step k)` when that name is taken), and later
 *   steps still run in the graph. A label step that writes into a column the model uses is
 *   treated the same way.
 *
 * A step whose results reach no feature is 'skipped' with the reason that the model does not use
 * them (step-status.ts). `emitRecipe` (emit.ts) writes the graph part: the plan's inputs, then the
 * expressions, giving one value per feature as `preprocess.ts` takes it ([N, 1] float32 or string).
 */
import type { ColumnInfo, ColumnType } from '../../data/columns';
import { TYPE_NOUN } from '../../data/recipe/frame-ops';
import { describeStep } from '../../data/recipe/replay';
import type { RecipeStep, RecipeStepKind, StepOf } from '../../data/recipe/steps';
import { ExportError } from './errors';
import { domainOf, nodesUnder, walk } from './expr';
import type { Expr, InputExpr, ValueDomain } from './expr';
import { RecipeColumns } from './lower/columns';
import { stepAt } from './lower/lowering';
import type { Handling, StepAt, StepLowering } from './lower/lowering';
import { stepLowerings } from './lower/registry';
import type { PlanInput, PlanOptions, PlannedFeature, RecipePlan } from './plan';
import { planNotes, stepName, stepStatuses } from './step-status';

export { emitRecipe } from './emit';
export { domainOf } from './expr';
export type { BinaryFn, Expr, InputExpr, InputSource, TestExpr, UnaryFn, ValueDomain } from './expr';
export type { PlanInput, PlanOptions, PlannedFeature, PlannedStep, RecipePlan, StepStatus } from './plan';

/**
 * Plans the recipe's part of the graph: the raw (and other) inputs the features need, what each
 * step does in the graph, and the expression of each feature. Throws ExportError when the recipe
 * and the features do not fit together (a feature no column makes, a step on a column no step
 * made — the recipe changed since training).
 */
export function planRecipe(steps: RecipeStep[], rawColumns: ColumnInfo[], features: string[], options: PlanOptions = {}): RecipePlan {
  const descriptions = steps.map((s) => describeStep(s));
  const columns = new RecipeColumns(rawColumns, descriptions);
  const handling: Handling[] = steps.map((step, index) => lowerStep(step, stepAt(index, columns, options)));

  const planned = features.map((name) => planFeature(name, columns, options));
  const reachable = new Set<Expr>();
  for (const f of planned) walk(f.expression, reachable);

  const ordered = nameInputs(columns.rawInputs, reachable);
  const inputs: PlanInput[] = ordered.map((e) => ({
    name: e.name,
    type: e.domain === 'text' ? 'string' : 'float32',
    source: e.source,
    column: e.column,
    columnType: e.type,
    step: e.step ?? null,
    description: inputDescription(e, e.step === undefined ? '' : stepName(descriptions, e.step)),
  }));
  for (const f of planned) {
    const seen = nodesUnder(f.expression);
    f.inputs = ordered.filter((e) => seen.has(e)).map((e) => e.name);
  }

  const planSteps = stepStatuses({ steps, descriptions, handling, columns, reachable });
  return { inputs, steps: planSteps, features: planned, notes: planNotes(planSteps, columns.coveredBy) };
}

function lowerStep(step: RecipeStep, at: StepAt): Handling {
  const lowering = (stepLowerings as Partial<Record<string, StepLowering<RecipeStepKind>>>)[step.kind];
  if (lowering === undefined) {
    throw new ExportError(`Step ${at.index + 1} is of a kind the exporter does not know (${String((step as { kind?: unknown }).kind)}).`);
  }
  return lowering.lower(step as StepOf<RecipeStepKind>, at);
}

/** A feature's expression, checked against how the model takes it. */
function planFeature(name: string, columns: RecipeColumns, options: PlanOptions): PlannedFeature {
  const tracked = columns.find(name) ?? columns.outer(name, null);
  const kind = options.featureKinds?.[name] ?? (tracked.type === 'text' || (tracked.type === null && domainOf(tracked.expr) === 'text') ? 'categorical' : 'numeric');
  const want: ValueDomain = kind === 'numeric' ? 'number' : 'text';
  if (tracked.expr.op === 'input' && tracked.expr.domain === null) tracked.expr.domain = want;
  const have = domainOf(tracked.expr);
  if (have !== want) {
    throw new ExportError(
      `The model takes ${name} as ${want === 'number' ? 'numbers' : 'text'}, but the recipe makes it ${typeWords(tracked.type)}; the recipe may have changed since the model was trained. Train the model again to export it.`,
    );
  }
  const stepSet = new Set<number>();
  for (const e of nodesUnder(tracked.expr)) if (e.step !== undefined && e.op !== 'input') stepSet.add(e.step);
  return { name, kind, inputs: [], steps: [...stepSet].sort((a, b) => a - b), expression: tracked.expr };
}

/** The inputs the features reach, raw first (raw order), then the others by step, each given a unique name. */
function nameInputs(rawInputs: readonly InputExpr[], reachable: ReadonlySet<Expr>): InputExpr[] {
  const needed = [...reachable].filter((e): e is InputExpr => e.op === 'input');
  const others = needed.filter((e) => e.source !== 'raw').sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
  const ordered = [...rawInputs.filter((e) => reachable.has(e)), ...others];
  const taken = new Set<string>();
  for (const e of ordered) {
    if (e.source === 'raw') e.name = e.column;
    else {
      let name = e.column;
      if (taken.has(name) || rawInputs.some((r) => r.column === name && reachable.has(r))) name = `${e.column} (after step ${(e.step ?? 0) + 1})`;
      for (let k = 2; taken.has(name); k++) name = `${e.column} (after step ${(e.step ?? 0) + 1}, ${k})`;
      e.name = name;
    }
    taken.add(e.name);
    if (e.domain === null) e.domain = 'number';
  }
  return ordered;
}

function typeWords(type: ColumnType | null): string {
  return type === null ? 'values' : TYPE_NOUN[type].many;
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
