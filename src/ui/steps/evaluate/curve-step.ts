/**
 * What one point of a training curve counts, by model kind: a network's epochs, boosting's
 * iterations, a forest's trees, a decision tree's depth (its curve is the one tree cut at each
 * depth). The loss chart names its x axis and words its accessible text with it.
 */
import type { ModelKind } from '../../../core/model/types';

export interface CurveStep {
  /** The x axis label: 'Epoch'. */
  axis: string;
  /** "over 12 epochs", "over 100 trees". */
  over: (n: number) => string;
  /** "at epoch 7", "at 40 trees", "at depth 3". */
  at: (step: number) => string;
  /** What is drawn per step, for the caption: "per epoch". */
  per: string;
}

function counted(one: string, many: string, axis: string, at: (step: number) => string): CurveStep {
  return { axis, over: (n) => `over ${n} ${n === 1 ? one : many}`, at, per: `per ${one}` };
}

export const EPOCH_STEP: CurveStep = counted('epoch', 'epochs', 'Epoch', (k) => `at epoch ${k}`);

const ITERATION_STEP = counted('iteration', 'iterations', 'Iteration', (k) => `at iteration ${k}`);
const TREES_STEP = counted('tree', 'trees', 'Trees', (k) => `at ${k} tree${k === 1 ? '' : 's'}`);
const DEPTH_STEP: CurveStep = { axis: 'Depth', over: (n) => (n === 1 ? 'over depth 1' : `over depths 1 to ${n}`), at: (k) => `at depth ${k}`, per: 'per depth' };

/** The curve step of a model kind (epochs for the networks and anything trained in one go). */
export function curveStep(kind: ModelKind): CurveStep {
  switch (kind) {
    case 'gradient-boosted-trees':
      return ITERATION_STEP;
    case 'random-forest':
      return TREES_STEP;
    case 'decision-tree':
      return DEPTH_STEP;
    default:
      return EPOCH_STEP;
  }
}
