import type { ColumnInfo } from '$src/core/data/columns';
import type { RecipeStep, RecipeStepKind, StepOf } from '$src/core/data/recipe/steps';
import { RecipeColumns } from '$src/core/package/onnx/lower/columns';
import { stepAt } from '$src/core/package/onnx/lower/lowering';
import type { Handling, StepLowering } from '$src/core/package/onnx/lower/lowering';
import { stepLowerings } from '$src/core/package/onnx/lower/registry';
import type { PlanOptions } from '$src/core/package/onnx/plan';

export const RAW: ColumnInfo[] = [
  { name: 'age', type: 'integer', missing: 0 },
  { name: 'income', type: 'number', missing: 0 },
  { name: 'city', type: 'text', missing: 0 },
  { name: 'member', type: 'boolean', missing: 0 },
  { name: 'since', type: 'date', missing: 0 },
];

/** Lowers `step` alone, as step 1 of a recipe on the RAW columns. */
export function lower(step: RecipeStep, options: PlanOptions = {}): { handling: Handling; columns: RecipeColumns } {
  const columns = new RecipeColumns(RAW, ['the step']);
  const lowering = stepLowerings[step.kind] as unknown as StepLowering<RecipeStepKind>;
  return { handling: lowering.lower(step as StepOf<RecipeStepKind>, stepAt(0, columns, options)), columns };
}
