/**
 * Every recipe step kind and its ONNX decision: a plain object typed by the step union, so a new
 * step kind without a lowering does not type-check. The planner (`recipe.ts`) looks lowerings up
 * here and knows nothing else about kinds.
 */
import type { StepLowerings } from './lowering';
import { imputeLowering } from './impute';
import { dropMissingLowering } from './drop-missing';
import { dropColumnLowering } from './drop-column';
import { renameColumnLowering } from './rename-column';
import { dedupeLowering } from './dedupe';
import { castLowering } from './cast';
import { clipLowering } from './clip';
import { filterLowering } from './filter';
import { deriveLowering } from './derive';
import { trimLowering } from './trim';
import { replaceLowering } from './replace';
import { appendLowering } from './append';
import { joinLowering } from './join';
import { labelRuleLowering } from './label-rule';
import { labelManualLowering } from './label-manual';

export const stepLowerings: StepLowerings = {
  impute: imputeLowering,
  'drop-missing': dropMissingLowering,
  'drop-column': dropColumnLowering,
  'rename-column': renameColumnLowering,
  dedupe: dedupeLowering,
  cast: castLowering,
  clip: clipLowering,
  filter: filterLowering,
  derive: deriveLowering,
  trim: trimLowering,
  replace: replaceLowering,
  append: appendLowering,
  join: joinLowering,
  'label-rule': labelRuleLowering,
  'label-manual': labelManualLowering,
};
