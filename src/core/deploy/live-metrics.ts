/**
 * How the served model does on a live batch that carries the target: the same metrics as on the
 * validation part, computed on the rows whose target is known (a missing target, or a class the
 * model never saw, cannot be scored and is left out).
 */
import { classificationMetrics, regressionMetrics } from '../model/metrics';
import type { MetricValues } from '../records';
import type { ServingSpec } from './serving-spec';

/**
 * `output` holds the model's output per row: `classes.length` probabilities per row for a
 * classifier, one prediction per row otherwise.
 */
export function liveMetrics(spec: Pick<ServingSpec, 'task' | 'classes'>, target: ArrayLike<unknown>, output: Float32Array, rows: number): MetricValues {
  if (spec.task === 'classification') {
    const C = spec.classes.length;
    const index = new Map(spec.classes.map((c, i) => [c, i]));
    const keep: number[] = [];
    const y: number[] = [];
    for (let r = 0; r < rows; r++) {
      const text = target[r] === null || target[r] === undefined ? '' : String(target[r] instanceof Date ? (target[r] as Date).toISOString() : target[r]);
      const k = index.get(text);
      if (k !== undefined) {
        keep.push(r);
        y.push(k);
      }
    }
    const probabilities = new Float32Array(keep.length * C);
    keep.forEach((r, i) => probabilities.set(output.subarray(r * C, (r + 1) * C), i * C));
    return classificationMetrics(Float32Array.from(y), probabilities, spec.classes) as MetricValues;
  }
  const yTrue: number[] = [];
  const yPred: number[] = [];
  for (let r = 0; r < rows; r++) {
    const v = typeof target[r] === 'number' ? (target[r] as number) : Number(target[r]);
    if (Number.isFinite(v)) {
      yTrue.push(v);
      yPred.push(output[r]);
    }
  }
  return regressionMetrics(Float32Array.from(yTrue), Float32Array.from(yPred)) as MetricValues;
}
