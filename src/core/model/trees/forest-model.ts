/**
 * A random forest as one of the studio's models: the Train settings mapped onto the learner's
 * (`Trees` is `epochs`, `Max depth` 0 means no limit), the memory check before training, and the
 * learner's result in the shape every model's training gives: one curve record per tree (the
 * forest so far on both parts), all trees kept (a forest does not get worse with more trees, so
 * there is no "best" tree count to go back to), the out-of-bag score beside it.
 */
import type { EnsembleParameters, TrainingData, TrainProgress, TrainResult, TrainSettings } from '../types';
import { TREES_BACKEND } from './boosting-model';
import { checkRandomForestMemory } from './forest-memory';
import { RANDOM_FOREST_DEFAULTS, trainRandomForest, type RandomForestSettings } from './random-forest';

/** The learner's settings for the studio's Train settings (absent tree fields: scikit-learn's defaults). */
export function forestSettings(settings: TrainSettings): RandomForestSettings {
  const d = RANDOM_FOREST_DEFAULTS;
  return {
    trees: settings.epochs,
    featuresPerSplit: settings.featuresPerSplit ?? d.featuresPerSplit,
    maxDepth: settings.maxDepth === undefined || settings.maxDepth === 0 ? null : settings.maxDepth,
    minSamplesLeaf: settings.minSamplesLeaf ?? d.minSamplesLeaf,
    bootstrap: settings.bootstrap ?? d.bootstrap,
    seed: settings.seed,
  };
}

export interface ForestOptions {
  signal?: AbortSignal;
  onProgress?: (progress: TrainProgress) => void;
}

/**
 * Trains a random forest on `data`; refuses settings or data that would not fit in memory
 * (ModelError, in words) before any work. Cancelling keeps the trees grown so far.
 */
export async function trainForest(
  data: TrainingData,
  settings: TrainSettings,
  options: ForestOptions = {},
): Promise<TrainResult<EnsembleParameters> & { cancelled: boolean }> {
  const learner = forestSettings(settings);
  checkRandomForestMemory(data, learner);
  const started = performance.now();
  const result = await trainRandomForest(data, learner, {
    signal: options.signal,
    onProgress: (p) => options.onProgress?.({ epoch: p.tree, epochs: p.trees, batch: 1, batches: 1, record: p.record }),
  });
  return {
    parameters: { kind: 'random-forest', task: data.target.task, ensemble: result.ensemble },
    curve: result.curve,
    bestEpoch: result.treesGrown,
    stoppedEarly: false,
    cancelled: result.cancelled,
    backend: TREES_BACKEND,
    durationMs: performance.now() - started,
    featureGain: result.featureGain,
    ...(result.oobScore === null ? {} : { outOfBag: { score: result.oobScore, rows: result.oobRows } }),
  };
}
