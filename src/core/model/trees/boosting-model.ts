/**
 * Gradient-boosted trees as one of the studio's models: the Train settings mapped onto the
 * learner's (`Trees` is `epochs`, `Max depth` 0 means no limit, `L2 penalty` is the leaf
 * values' λ), the memory check before
 * training, and the learner's result in the shape every model's training gives (one curve
 * record per iteration, the best iteration as `bestEpoch`, the ensemble as the parameters).
 * No TF.js: the backend is named `TREES_BACKEND`.
 */
import type { EnsembleParameters, TrainingData, TrainProgress, TrainResult, TrainSettings } from '../types';
import { checkGradientBoostingMemory } from './boosting-memory';
import { GRADIENT_BOOSTING_DEFAULTS, trainGradientBoosting, type GradientBoostingSettings } from './gradient-boosting';

/** The backend named in a tree model's result: the learner is plain TypeScript on typed arrays. */
export const TREES_BACKEND = 'plain TypeScript';

/** The learner's settings for the studio's Train settings (absent tree fields: the learner's defaults). */
export function boostingSettings(settings: TrainSettings): GradientBoostingSettings {
  const d = GRADIENT_BOOSTING_DEFAULTS;
  return {
    ...d,
    learningRate: settings.learningRate,
    iterations: settings.epochs,
    maxLeaves: settings.maxLeaves ?? d.maxLeaves,
    maxDepth: settings.maxDepth === undefined || settings.maxDepth === 0 ? null : settings.maxDepth,
    minSamplesLeaf: settings.minSamplesLeaf ?? d.minSamplesLeaf,
    l2: settings.l2,
    regressionLoss: settings.regressionLoss ?? d.regressionLoss,
    patience: settings.patience,
  };
}

export interface BoostedTreesOptions {
  signal?: AbortSignal;
  onProgress?: (progress: TrainProgress) => void;
}

/**
 * Trains gradient-boosted trees on `data`; refuses settings or data that would not fit in
 * memory (ModelError, in words) before any work. Cancelling keeps the best iteration so far.
 */
export async function trainBoostedTrees(
  data: TrainingData,
  settings: TrainSettings,
  options: BoostedTreesOptions = {},
): Promise<TrainResult<EnsembleParameters> & { cancelled: boolean }> {
  const learner = boostingSettings(settings);
  checkGradientBoostingMemory(data, learner);
  const started = performance.now();
  const result = await trainGradientBoosting(data, learner, {
    signal: options.signal,
    onProgress: (p) => options.onProgress?.({ epoch: p.iteration, epochs: p.iterations, batch: 1, batches: 1, record: p.record }),
  });
  return {
    parameters: { kind: 'gradient-boosted-trees', task: data.target.task, ensemble: result.ensemble },
    curve: result.curve,
    bestEpoch: result.bestIteration,
    stoppedEarly: result.stoppedEarly,
    cancelled: result.cancelled,
    backend: TREES_BACKEND,
    durationMs: performance.now() - started,
    featureGain: result.featureGain,
  };
}
