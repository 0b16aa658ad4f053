/**
 * Every recipe step kind and the handler that knows it: a plain object, so adding a kind is one
 * import and one line here, and TypeScript refuses a kind without a handler. The recipe engine
 * (`replay.ts`) looks handlers up here and knows nothing else about kinds.
 */
import type { StepHandler } from './handler';
import type { RecipeStepKind } from './steps';
import { imputeStep } from './impute';
import { dropMissingStep } from './drop-missing';
import { dropColumnStep } from './drop-column';
import { renameColumnStep } from './rename-column';
import { dedupeStep } from './dedupe';
import { castStep } from './cast';
import { clipStep } from './clip';
import { trimStep } from './trim';
import { replaceStep } from './replace';
import { filterStep } from './filter';
import { deriveStep } from './derive';
import { appendStep } from './append';
import { joinStep } from './join';
import { labelRuleStep } from './label-rule';
import { labelManualStep } from './label-manual';

export type StepHandlers = { readonly [K in RecipeStepKind]: StepHandler<K> };

export const stepHandlers: StepHandlers = {
  impute: imputeStep,
  'drop-missing': dropMissingStep,
  'drop-column': dropColumnStep,
  'rename-column': renameColumnStep,
  dedupe: dedupeStep,
  cast: castStep,
  clip: clipStep,
  filter: filterStep,
  derive: deriveStep,
  trim: trimStep,
  replace: replaceStep,
  append: appendStep,
  join: joinStep,
  'label-rule': labelRuleStep,
  'label-manual': labelManualStep,
};

/** The step kinds in menu order. */
export const STEP_KINDS = Object.keys(stepHandlers) as RecipeStepKind[];

/** Whether `kind` is a known step kind (a stored recipe may come from a newer or older version). */
export function isStepKind(kind: unknown): kind is RecipeStepKind {
  return typeof kind === 'string' && Object.prototype.hasOwnProperty.call(stepHandlers, kind);
}
