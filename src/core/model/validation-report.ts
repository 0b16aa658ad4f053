/**
 * What a freshly trained model is judged by on the validation part: its metrics beside the
 * baseline's, its outputs (for Evaluate's charts) and the permutation importance of each feature.
 * Also how any model is scored on a labelled matrix, which the acceptance test uses too.
 */
import { permutationImportance, type FeatureColumns, type FeatureImportance } from './importance';
import { classificationMetrics, regressionMetrics } from './metrics';
import { forward } from './predict';
import type { DesignMatrix, ModelParameters, TargetEncoding, TrainingData } from './types';

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
}

/** The model (`parameters`) and the baseline trained on the same data, measured on its validation part. */
export function validationReport(data: TrainingData, parameters: ModelParameters, baseline: ModelParameters, seed: number): ValidationReport {
  const { x, y } = data.validation;
  const output = forward(parameters, x);
  const sample = headRows(x, y, IMPORTANCE_ROWS);
  const importance = permutationImportance(
    (rows) => forward(parameters, rows), sample.x, sample.y, data.target.task, data.target.classes, featureGroups(data), { seed },
  );
  return {
    metrics: modelMetrics(data.target, y, output),
    baseline: modelMetrics(data.target, y, forward(baseline, x)),
    y,
    output,
    importance,
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
    const width = feature.kind === 'numeric' ? (feature.date?.mean.length ?? 1) : feature.categories.length + (feature.other ? 1 : 0);
    groups.push({ feature: feature.name, columns: Array.from({ length: width }, (_, i) => column + i) });
    column += width;
  }
  return groups;
}
