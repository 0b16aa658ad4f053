/**
 * What a freshly trained model is judged by on the validation part: its metrics beside the
 * baseline's, its outputs (for Evaluate's charts) and the permutation importance of each feature
 * (for tree models also each feature's share of the trees' total split gain).
 * Also how any model is scored on a labelled matrix, which the acceptance test uses too.
 */
import { permutationImportance, type FeatureColumns, type FeatureImportance } from './importance';
import { classificationMetrics, regressionMetrics } from './metrics';
import { predictModel } from './predict';
import type { DesignMatrix, ModelParameters, OutOfBagScore, TargetEncoding, TrainingData } from './types';

/** Metric name → value (null where a metric is undefined). */
export type ModelMetrics = Record<string, number | null>;

/** The task's metrics of `output` (probabilities rows × classes, or predictions) against `y`. */
export function modelMetrics(target: Pick<TargetEncoding, 'task' | 'classes'>, y: Float32Array, output: Float32Array): ModelMetrics {
  return (target.task === 'classification' ? classificationMetrics(y, output, target.classes) : regressionMetrics(y, output)) as ModelMetrics;
}

/** At most this many validation rows are permuted for feature importance: enough for a stable ranking. */
export const IMPORTANCE_ROWS = 4000;

export interface ValidationReport {
  metrics: ModelMetrics;
  baseline: ModelMetrics;
  y: Float32Array;
  output: Float32Array;
  importance: FeatureImportance[];
  /** Tree models: each feature's total split gain and its share of all gain, largest first. */
  gain?: FeatureGain[];
  /** Random forest with bootstrap: its out-of-bag score (accuracy or R²) on the train part. */
  outOfBag?: OutOfBagScore;
}

/** What a learner measured about itself, reported beside the validation figures. */
export interface LearnerFigures {
  /** Per design-matrix column, the total split gain (tree models). */
  columnGain?: Float64Array;
  outOfBag?: OutOfBagScore;
}

export interface FeatureGain {
  feature: string;
  gain: number;
  /** gain / the total over all features (0 when no split was made). */
  share: number;
}

/**
 * Total gain per feature from per-design-column gains: a categorical feature's one-hot columns
 * and a date's parts add up to their feature. Largest first; ties keep the features' order.
 */
export function gainByFeature(data: Pick<TrainingData, 'preprocessor'>, columnGain: Float64Array): FeatureGain[] {
  const groups = featureGroups(data).map(({ feature, columns }) => ({ feature, gain: columns.reduce((sum, c) => sum + (columnGain[c] ?? 0), 0) }));
  const total = groups.reduce((sum, g) => sum + g.gain, 0);
  return groups.map((g) => ({ ...g, share: total > 0 ? g.gain / total : 0 })).sort((a, b) => b.gain - a.gain);
}

/** The model (`parameters`) and the baseline trained on the same data, measured on its validation part. */
export function validationReport(data: TrainingData, parameters: ModelParameters, baseline: ModelParameters, seed: number, figures: LearnerFigures = {}): ValidationReport {
  const { columnGain, outOfBag } = figures;
  const { x, y } = data.validation;
  const output = predictModel(parameters, x);
  const sample = headRows(x, y, IMPORTANCE_ROWS);
  const importance = permutationImportance(
    (rows) => predictModel(parameters, rows), sample.x, sample.y, data.target.task, data.target.classes, featureGroups(data), { seed },
  );
  return {
    metrics: modelMetrics(data.target, y, output),
    baseline: modelMetrics(data.target, y, predictModel(baseline, x)),
    y,
    output,
    importance,
    ...(columnGain ? { gain: gainByFeature(data, columnGain) } : {}),
    ...(outOfBag ? { outOfBag } : {}),
  };
}

/** The first `rows` rows of a labelled matrix (views, no copy). */
export function headRows(x: DesignMatrix, y: Float32Array, rows: number): { x: DesignMatrix; y: Float32Array } {
  if (x.rows <= rows) return { x, y };
  return { x: { rows, width: x.width, values: x.values.subarray(0, rows * x.width) }, y: y.subarray(0, rows) };
}

/** Design-matrix columns of each feature, so a feature's one-hot block is permuted as one. */
export function featureGroups(data: Pick<TrainingData, 'preprocessor'>): FeatureColumns[] {
  const groups: FeatureColumns[] = [];
  let column = 0;
  for (const feature of data.preprocessor.features) {
    // A date feature takes one column per part it expands into. Read here rather than from
    // features.ts, which would pull the whole preprocessing code into the train worker's bundle.
    // A tree model's ordinal category is one column (see ordinal-encoding.ts).
    const width =
      feature.kind === 'numeric'
        ? (feature.date?.mean.length ?? 1)
        : feature.encoding === 'ordinal'
          ? 1
          : feature.categories.length + (feature.other ? 1 : 0);
    groups.push({ feature: feature.name, columns: Array.from({ length: width }, (_, i) => column + i) });
    column += width;
  }
  return groups;
}
