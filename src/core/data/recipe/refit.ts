/**
 * Refitting a recipe when the rows it may learn from change. A step that learns from data
 * (imputation values, clip bounds: every kind with a `fit`) is fitted on the train part once a
 * split exists and on all rows before that; the statistic is stored in the step and replayed as
 * is. So when a split is made, made again, or removed, every such step is fitted again, in recipe
 * order, each on the output of the steps before it as they are refitted — a median imputed
 * before a clip changes the values the clip bounds are computed from.
 *
 * Rows keep their part: parts are assigned by row id, and refitting changes values, not ids.
 * What a refit can change is which rows a later row step keeps (a filter on an imputed column,
 * a de-duplication): the caller decides what to do about that (see the data session's split).
 */
import type { Frame } from '../frame';
import { RecipeError } from './handler';
import type { StepContext } from './handler';
import { StaleStepError, describeStep, handlerOf } from './replay';
import type { ReplayOptions } from './replay';
import type { RecipeStep } from './steps';

export interface RefitResult {
  /** The recipe with every statistic fitted in the new context (and every pinnable step pinned). */
  steps: RecipeStep[];
  /** The prepared frame those steps give. */
  frame: Frame;
}

export interface RefitOptions extends ReplayOptions {
  /**
   * The context the stored steps were replayed in so far. A step stored before it pinned what it
   * decides once (an older append) is pinned in this context, so that it keeps the rows it gave
   * until now. Defaults to the new context.
   */
  pinIn?: StepContext;
}

/** A step without its fitted statistic, so `check` asks for data to fit on rather than checking a stored value. */
function unfitted(step: RecipeStep): RecipeStep {
  if (!('fitted' in step) || step.fitted === undefined) return step;
  const copy = { ...step };
  delete copy.fitted;
  return copy;
}

/**
 * Replays `steps` on `base`, fitting every step that learns from data again in `context` (its
 * train rows, or all rows when it has none), in order. A step that cannot be fitted or applied
 * any more throws a StaleStepError (a RecipeError) naming it, with the frame of the steps before.
 */
export function refitRecipe(base: Frame, steps: readonly RecipeStep[], context: StepContext, options: RefitOptions = {}): RefitResult {
  const pinIn = options.pinIn ?? context;
  const out: RecipeStep[] = [];
  let frame = base;
  for (let i = 0; i < steps.length; i++) {
    options.signal?.throwIfAborted();
    options.onStep?.(i);
    let step = steps[i];
    try {
      const handler = handlerOf(step);
      if (handler.pin !== undefined) step = handler.pin(step, frame, pinIn);
      if (handler.fit !== undefined) {
        const bare = unfitted(step);
        const reason = handler.check(bare, frame, context);
        if (reason !== null) throw new RecipeError(reason);
        step = handler.fit(bare, frame, context);
      } else {
        const reason = handler.check(step, frame, context);
        if (reason !== null) throw new RecipeError(reason);
      }
      frame = handler.apply(step, frame, context);
    } catch (error) {
      if (error instanceof RecipeError) throw new StaleStepError(i, describeStep(steps[i]), error.message, frame);
      throw error;
    }
    out.push(step);
  }
  return { steps: out, frame };
}
