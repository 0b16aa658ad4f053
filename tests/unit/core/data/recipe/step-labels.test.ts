import { describe, expect, it } from 'vitest';
import { STEP_KINDS, stepHandlers } from '$src/core/data/recipe/registry';
import { STEP_LABELS } from '$src/core/data/recipe/step-labels';

describe('STEP_LABELS', () => {
  it('names every step kind once, and each handler takes its label from it', () => {
    expect(Object.keys(STEP_LABELS).sort()).toEqual([...STEP_KINDS].sort());
    for (const kind of STEP_KINDS) expect(stepHandlers[kind].label).toBe(STEP_LABELS[kind]);
    const labels = Object.values(STEP_LABELS);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.every((label) => label.trim().length > 0)).toBe(true);
  });
});
