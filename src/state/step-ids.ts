/**
 * The thirteen workflow steps by address (`#/explore`), in workflow order. The router reads them
 * to know which addresses name a step; the views describe each one (`src/ui/steps/steps.ts`).
 */
export const stepIds = [
  'data', 'explore', 'validate', 'clean', 'label', 'split',
  'train', 'evaluate', 'test', 'package',
  'serve', 'monitor', 'logs',
] as const;

export type StepId = (typeof stepIds)[number];

/** Whether an address (lower case, without `#/`) names a step. */
export function isStepId(id: string): id is StepId {
  return (stepIds as readonly string[]).includes(id);
}
