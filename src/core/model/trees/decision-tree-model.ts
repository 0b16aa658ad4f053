/**
 * A decision tree as one of the studio's models: the Train settings mapped onto the learner's
 * (`Max depth` and `Max leaves` 0 mean no limit), the memory check before training, and the
 * result in the shape every model's training gives. Its curve is the depth curve
 * (`depth-curve.ts`: the tree cut at depth 1, 2, …, one record per depth), so the chart that
 * shows a network's epochs shows the tree over- and underfitting as it deepens; the tree kept is
 * the whole tree (its last depth). The per-node detail travels with the parameters for the
 * diagram.
 */
import type { EnsembleParameters, TrainingData, TrainProgress, TrainResult, TrainSettings } from '../types';
import { TREES_BACKEND } from './boosting-model';
import { DECISION_TREE_DEFAULTS, trainDecisionTree, type DecisionTreeSettings } from './decision-tree';
import { depthCurve } from './depth-curve';
import { checkDecisionTreeMemory } from './forest-memory';

const limit = (value: number | undefined, fallback: number | null) => (value === undefined ? fallback : value === 0 ? null : value);

/** The learner's settings for the studio's Train settings (absent fields: scikit-learn's defaults). */
export function decisionTreeSettings(settings: TrainSettings): DecisionTreeSettings {
  const d = DECISION_TREE_DEFAULTS;
  return {
    maxDepth: limit(settings.maxDepth, d.maxDepth),
    maxLeaves: limit(settings.maxLeaves, d.maxLeaves),
    minSamplesLeaf: settings.minSamplesLeaf ?? d.minSamplesLeaf,
  };
}

/**
 * Trains one decision tree on `data` (synchronously: one tree is quick, and there is nothing
 * to cancel between); refuses settings or data that would not fit in memory first. Reports one
 * progress event per depth of the curve.
 */
export function trainTree(
  data: TrainingData,
  settings: TrainSettings,
  options: { onProgress?: (progress: TrainProgress) => void } = {},
): TrainResult<EnsembleParameters> & { cancelled: boolean } {
  const learner = decisionTreeSettings(settings);
  checkDecisionTreeMemory(data, learner);
  const started = performance.now();
  const result = trainDecisionTree(data, learner);
  const curve = depthCurve(result, data);
  curve.forEach((record) => options.onProgress?.({ epoch: record.epoch, epochs: curve.length, batch: 1, batches: 1, record }));
  return {
    parameters: { kind: 'decision-tree', task: data.target.task, ensemble: result.ensemble, nodes: result.nodes },
    curve,
    bestEpoch: curve.length,
    stoppedEarly: false,
    cancelled: false,
    backend: TREES_BACKEND,
    durationMs: performance.now() - started,
    featureGain: result.featureGain,
  };
}
