import { describe, expect, it } from 'vitest';
import { curveStep, EPOCH_STEP, stepsText, stepText } from '$src/core/model/curve-steps';
import type { ModelKind } from '$src/core/model/types';

describe('curveStep', () => {
  it('names a point of each kind’s curve', () => {
    expect(curveStep('mlp')).toEqual({ one: 'epoch', many: 'epochs', axis: 'Epoch' });
    expect(curveStep('gradient-boosted-trees').axis).toBe('Iteration');
    expect(curveStep('random-forest').many).toBe('trees');
    expect(curveStep('decision-tree').axis).toBe('Depth');
  });

  it('calls a kind it does not know an epoch (records of other versions)', () => {
    expect(curveStep('perceptron' as ModelKind).axis).toBe('Epoch');
  });
});

describe('stepsText and stepText', () => {
  it('word a count of steps and one step for the loss chart’s accessible text', () => {
    expect(stepsText(EPOCH_STEP, 1)).toBe('over 1 epoch');
    expect(stepText(EPOCH_STEP, 7)).toBe('at epoch 7');
    const boosting = curveStep('gradient-boosted-trees');
    expect([stepsText(boosting, 100), stepText(boosting, 40)]).toEqual(['over 100 iterations', 'at iteration 40']);
    expect([stepsText(curveStep('random-forest'), 1), stepsText(curveStep('random-forest'), 50)]).toEqual(['over 1 tree', 'over 50 trees']);
    expect([stepsText(curveStep('decision-tree'), 8), stepText(curveStep('decision-tree'), 3)]).toEqual(['over 8 depths', 'at depth 3']);
  });
});
