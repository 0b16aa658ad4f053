/** Label by rule: see `label.ts`. */
import { lowerLabel } from './label';
import type { StepLowering } from './lowering';

export const labelRuleLowering: StepLowering<'label-rule'> = {
  kind: 'label-rule',
  lower: (step, at) => lowerLabel(step.column, at),
};
