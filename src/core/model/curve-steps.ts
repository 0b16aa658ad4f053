/**
 * What one point of a model's training curve is, in words, by kind: a network's epoch, a
 * boosting iteration, a forest's tree count, or a decision tree's depth (its curve is the tree
 * cut at each depth). Messages, the model card and the charts' step axis all say it the same way.
 */
import type { ModelKind } from './types';

export interface CurveStep {
  /** Lower case, for running text: "epoch 4", "3 iterations". */
  one: string;
  many: string;
  /** The chart's axis title. */
  axis: string;
}

export const EPOCH_STEP: CurveStep = { one: 'epoch', many: 'epochs', axis: 'Epoch' };
const EPOCH = EPOCH_STEP;

export const CURVE_STEPS: Record<ModelKind, CurveStep> = {
  baseline: EPOCH,
  'linear-regression': EPOCH,
  'logistic-regression': EPOCH,
  mlp: EPOCH,
  'gradient-boosted-trees': { one: 'iteration', many: 'iterations', axis: 'Iteration' },
  'random-forest': { one: 'tree', many: 'trees', axis: 'Trees' },
  'decision-tree': { one: 'depth', many: 'depths', axis: 'Depth' },
};

/** The curve step of `kind` (an epoch for a kind this version does not know, as in old records). */
export function curveStep(kind: ModelKind): CurveStep {
  return CURVE_STEPS[kind] ?? EPOCH;
}

/** "over 12 epochs", "over 1 tree". */
export function stepsText(step: CurveStep, n: number): string {
  return `over ${n} ${n === 1 ? step.one : step.many}`;
}

/** "at epoch 7", "at depth 3", "at tree 40". */
export function stepText(step: CurveStep, k: number): string {
  return `at ${step.one} ${k}`;
}
