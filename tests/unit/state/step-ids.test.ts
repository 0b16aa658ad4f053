import { describe, it, expect } from 'vitest';
import { isStepId, stepIds } from '$src/state/step-ids';
import { steps } from '$src/ui/steps/steps';

describe('step ids', () => {
  it('are the addresses of the steps the views describe, in the same order', () => {
    expect(steps.map((s) => s.id)).toEqual([...stepIds]);
  });

  it('tell an address that names a step from one that does not', () => {
    expect(isStepId('explore')).toBe(true);
    expect(isStepId('logs')).toBe(true);
    expect(isStepId('')).toBe(false);
    expect(isStepId('Explore')).toBe(false);
    expect(isStepId('settings')).toBe(false);
  });
});
