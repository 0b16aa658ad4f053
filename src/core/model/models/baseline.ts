/**
 * The baseline: what a model scores without looking at the inputs. Classification predicts the
 * train part's class frequencies for every row (so log loss is meaningful, and the label is the
 * majority class); regression predicts the train mean.
 *
 * It is written as one dense layer with zero weights and the constant in the bias, so the
 * studio's forward pass and the ONNX exporter treat it like any other model: for
 * classification the bias holds the log-frequencies (a class missing from the train part gets
 * log 1e-12), whose softmax gives back the frequencies; for regression the bias is the mean and
 * `outputScale` is null.
 */
import type { DenseParameters, Task, TrainingData } from '../types';
import {
  checkTrainingData,
  classificationScores,
  closedFormResult,
  type ClosedFormResult,
  MIN_PROBABILITY,
  regressionScores,
  targetScale,
} from './common';

/** Fits the baseline for `task` on the train part and scores it on both parts. */
export function trainBaseline(data: TrainingData, task: Task): ClosedFormResult {
  // It never reads the inputs, so it also takes a tree model's design matrix, whose missing values are NaN.
  checkTrainingData(data, task, 'any');
  const width = data.preprocessor.width;
  const y = data.train.y;

  if (task === 'classification') {
    const classes = data.target.classes.length;
    const counts = new Float64Array(classes);
    for (let i = 0; i < y.length; i++) counts[y[i]]++;
    const frequencies = Array.from(counts, (c) => c / y.length);
    const bias = Float32Array.from(frequencies, (f) => Math.log(Math.max(MIN_PROBABILITY, f)));
    const parameters: DenseParameters = {
      kind: 'baseline',
      task,
      layers: [{ inputs: width, outputs: classes, weights: new Float32Array(width * classes), bias, activation: 'linear' }],
      outputScale: null,
    };
    // Score with the probabilities the forward pass will give (softmax of the float32 bias).
    const probabilities = softmax(bias);
    const score = (part: 'train' | 'validation') => {
      const rows = data[part].x.rows;
      const p = new Float64Array(rows * classes);
      for (let i = 0; i < rows; i++) p.set(probabilities, i * classes);
      return classificationScores(p, classes, data[part].y);
    };
    return closedFormResult(parameters, score('train'), score('validation'));
  }

  const { mean, std } = targetScale(y);
  const bias = Float32Array.of(mean);
  const parameters: DenseParameters = {
    kind: 'baseline',
    task,
    layers: [{ inputs: width, outputs: 1, weights: new Float32Array(width), bias, activation: 'linear' }],
    outputScale: null,
  };
  const score = (part: 'train' | 'validation') =>
    regressionScores(new Float64Array(data[part].x.rows).fill(bias[0]), data[part].y, std);
  return closedFormResult(parameters, score('train'), score('validation'));
}

function softmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  const out = Float64Array.from(logits as ArrayLike<number>, (v) => Math.exp(v - max));
  const sum = out.reduce((a, b) => a + b, 0);
  return out.map((v) => v / sum);
}
