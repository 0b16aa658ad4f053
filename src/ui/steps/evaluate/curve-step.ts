/**
 * What one point of a training curve counts, by model kind: a network's epochs, boosting's
 * iterations, a forest's trees, a decision tree's depth (its curve is the one tree cut at each
 * depth). The loss chart names its x axis and words its accessible text with it.
 */
import type { ModelKind } from '../../../core/model/types';

export interface CurveStep {
  /** Lower case, for running text: "epoch 4", "12 epochs". */
  one: string;
  many: string;
  /** The chart's axis title. */
  axis: string;
}

export const EPOCH_STEP: CurveStep = { one: 'epoch', many: 'epochs', axis: 'Epoch' };

const TREE_STEPS: Partial<Record<ModelKind, CurveStep>> = {
  'gradient-boosted-trees': { one: 'iteration', many: 'iterations', axis: 'Iteration' },
  'random-forest': { one: 'tree', many: 'trees', axis: 'Trees' },
  'decision-tree': { one: 'depth', many: 'depths', axis: 'Depth' },
};

/** The curve step of a model kind (epochs for the networks and for a kind this version does not know). */
export function curveStep(kind: ModelKind): CurveStep {
  return TREE_STEPS[kind] ?? EPOCH_STEP;
}

/** "over 12 epochs", "over 1 tree". */
export function stepsText(step: CurveStep, n: number): string {
  return `over ${n} ${n === 1 ? step.one : step.many}`;
}

/** "at epoch 7", "at depth 3", "at tree 40". */
export function stepText(step: CurveStep, k: number): string {
  return `at ${step.one} ${k}`;
}
