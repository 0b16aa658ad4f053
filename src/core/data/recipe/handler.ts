/**
 * What every recipe step kind provides, one file per kind (`impute.ts`, `filter.ts`, …), each
 * exporting one `StepHandler`. The recipe engine (`replay.ts`) knows nothing about kinds beyond
 * this interface.
 */
import type { Frame } from '../frame';
import type { RecipeStep, RecipeStepKind, StepOf } from './steps';

/** What a step may need besides the frame it works on. */
export interface StepContext {
  /**
   * Train-part membership by row id (`ROW_ID`), when a split exists: 1 = train row. Fitted
   * statistics use only rows whose id is marked here; null means fit on all rows.
   */
  trainRows: Uint8Array | null;
  /** Another dataset of the project, as a frame (for append and join). Throws RecipeError when gone. */
  dataset(id: string): Frame;
}

export interface StepHandler<K extends RecipeStepKind> {
  kind: K;
  /** The operation's name in the Clean step's menu, e.g. 'Impute missing values'. */
  label: string;
  /** One line for the recipe list, e.g. 'Impute age with the median (34.5, from 240 train rows)'. */
  describe(step: StepOf<K>): string;
  /**
   * Refuses a step that cannot apply to this frame (unknown column, wrong type, empty name …):
   * returns the plain-words reason, or null when it can apply.
   */
  check(step: StepOf<K>, frame: Frame, context: StepContext): string | null;
  /**
   * Computes what the step learns from data (imputation value, clip bounds) on the train rows of
   * `context` (or all rows), returning the step with `fitted` filled in, whatever `fitted` it had.
   * Kinds that learn nothing omit it. Replay never refits: the stored values are what serving
   * will apply. `refit.ts` calls it again, in recipe order, whenever the split changes.
   */
  fit?(step: StepOf<K>, frame: Frame, context: StepContext): StepOf<K>;
  /**
   * Fixes, once, what a step decides when it is first applied and must never change afterwards
   * (the row ids an append gives its rows, which a split and hand-given labels refer to), so that
   * a replay in another context — another split, no split — gives the same rows. Returns the
   * step unchanged when it is already pinned. Kinds with nothing to pin omit it.
   */
  pin?(step: StepOf<K>, frame: Frame, context: StepContext): StepOf<K>;
  /** Applies the (fitted) step, returning a new frame; the input frame is not modified. */
  apply(step: StepOf<K>, frame: Frame, context: StepContext): Frame;
}

/** A step that cannot apply; the message is shown to the user in an alert as is. */
export class RecipeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecipeError';
  }
}

export type AnyStepHandler = { [K in RecipeStepKind]: StepHandler<K> }[RecipeStepKind];
export type { RecipeStep };
