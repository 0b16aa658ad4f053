import { describe, expect, it } from 'vitest';
import { curveStep, EPOCH_STEP } from '$src/ui/steps/evaluate/curve-step';

describe('curveStep', () => {
  it('names the x axis and the accessible words by model kind', () => {
    expect(curveStep('mlp')).toBe(EPOCH_STEP);
    expect(curveStep('logistic-regression').axis).toBe('Epoch');
    expect(EPOCH_STEP.over(1)).toBe('over 1 epoch');
    expect(EPOCH_STEP.at(7)).toBe('at epoch 7');
    const boosting = curveStep('gradient-boosted-trees');
    expect([boosting.axis, boosting.over(100), boosting.at(40), boosting.per]).toEqual(['Iteration', 'over 100 iterations', 'at iteration 40', 'per iteration']);
    const forest = curveStep('random-forest');
    expect([forest.axis, forest.over(1), forest.at(1), forest.at(50)]).toEqual(['Trees', 'over 1 tree', 'at 1 tree', 'at 50 trees']);
    const tree = curveStep('decision-tree');
    expect([tree.axis, tree.over(8), tree.over(1), tree.at(3), tree.per]).toEqual(['Depth', 'over depths 1 to 8', 'over depth 1', 'at depth 3', 'per depth']);
  });
});
