/** Label by hand: see `label.ts`. */
import { lowerLabel } from './label';
import type { StepLowering } from './lowering';

export const labelManualLowering: StepLowering<'label-manual'> = {
  kind: 'label-manual',
  lower: (step, at) => lowerLabel(step.column, at),
};
