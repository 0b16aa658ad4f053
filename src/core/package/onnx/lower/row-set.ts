/**
 * Steps on the set of training rows (filter, dedupe, drop-missing): they choose which rows the
 * model learns from and change no single served row, so the graph skips them by design.
 */
import type { RecipeStepKind } from '../../../data/recipe/steps';
import type { StepLowering } from './lowering';

/** The lowering of a row-set step of `kind`: skipped, for `reason`. */
export function rowSetLowering<K extends RecipeStepKind>(kind: K, reason: string): StepLowering<K> {
  return { kind, lower: () => ({ how: 'row-set', reason, columns: [] }) };
}
