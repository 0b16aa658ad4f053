import { describe, expect, it } from 'vitest';
import { curveStep } from '$src/core/model/curve-steps';
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
