import { describe, expect, it } from 'vitest';
import { curveStep, EPOCH_STEP, stepsText, stepText } from '$src/ui/steps/evaluate/curve-step';

describe('curveStep', () => {
  it('names the x axis and the accessible words by model kind', () => {
    expect(curveStep('mlp')).toBe(EPOCH_STEP);
    expect(curveStep('logistic-regression').axis).toBe('Epoch');
    expect(stepsText(EPOCH_STEP, 1)).toBe('over 1 epoch');
    expect(stepText(EPOCH_STEP, 7)).toBe('at epoch 7');
    const boosting = curveStep('gradient-boosted-trees');
    expect([boosting.axis, stepsText(boosting, 100), stepText(boosting, 40)]).toEqual(['Iteration', 'over 100 iterations', 'at iteration 40']);
    const forest = curveStep('random-forest');
    expect([forest.axis, stepsText(forest, 1), stepsText(forest, 50)]).toEqual(['Trees', 'over 1 tree', 'over 50 trees']);
    const tree = curveStep('decision-tree');
    expect([tree.axis, stepsText(tree, 8), stepText(tree, 3)]).toEqual(['Depth', 'over 8 depths', 'at depth 3']);
  });
});
