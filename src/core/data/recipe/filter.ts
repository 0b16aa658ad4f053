/**
 * Filter: keeps (or drops) the rows where a condition holds. The condition is evaluated by
 * `where.ts` with plain loops, never as an Arquero expression. A filter that would leave no row
 * is refused: an empty table breaks every later step and is never what a person meant.
 */
import type { Frame } from '../frame';
import { RecipeError } from './handler';
import type { StepHandler } from './handler';
import type { StepOf } from './steps';
import { keptIndices, plural, takeRows } from './frame-ops';
import { checkWhere, countMask, describeWhere, evaluateWhere } from './where';
import { STEP_LABELS } from './step-labels';

type FilterStep = StepOf<'filter'>;

/** The rows the step keeps: 1 = kept. */
function keepMask(step: FilterStep, frame: Frame): Uint8Array {
  const mask = evaluateWhere(step.where, frame);
  if (!step.keep) for (let i = 0; i < mask.length; i++) mask[i] ^= 1;
  return mask;
}

/** The refusal for a filter that keeps nothing of a non-empty frame, or null. */
function emptyReason(step: FilterStep, frame: Frame, kept: number): string | null {
  const n = frame.table.numRows();
  if (n === 0 || kept > 0) return null;
  const condition = describeWhere(step.where);
  return step.keep
    ? `This filter would remove every row: none of the ${plural(n, 'row')} has ${condition}. Change the condition or drop rows instead of keeping them.`
    : `This filter would remove every row: all ${plural(n, 'row')} have ${condition}. Change the condition or keep rows instead of dropping them.`;
}

/** How many rows the filter would keep and remove, for the UI's preview before applying. */
export function previewFilter(step: FilterStep, frame: Frame): { kept: number; removed: number } {
  const kept = countMask(keepMask(step, frame));
  return { kept, removed: frame.table.numRows() - kept };
}

export const filterStep: StepHandler<'filter'> = {
  kind: 'filter',
  label: STEP_LABELS.filter,

  describe(step) {
    return `${step.keep ? 'Keep' : 'Drop'} rows where ${describeWhere(step.where)}`;
  },

  check(step, frame) {
    const reason = checkWhere(step.where, frame);
    if (reason !== null) return reason;
    return emptyReason(step, frame, countMask(keepMask(step, frame)));
  },

  apply(step, frame) {
    const mask = keepMask(step, frame);
    const kept = countMask(mask);
    const empty = emptyReason(step, frame, kept);
    if (empty !== null) throw new RecipeError(empty);
    if (kept === mask.length) return frame;
    return takeRows(frame, keptIndices(mask));
  },
};
