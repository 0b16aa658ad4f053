/**
 * The studio's own forward pass: a trained model's parameters applied to a design matrix in
 * plain TypeScript, so predictions (evaluation, the acceptance test, the ONNX parity check) do
 * not depend on a TF.js backend. Sums are accumulated in float64, in a fixed order (inputs in
 * column order, then the bias; the same for every row, whatever else is in the matrix), and hidden activations stay float64 between layers; only the
 * output is rounded to float32. So the same parameters and matrix always give the same bits.
 */
import { ModelError } from './errors';
import { predictEnsemble } from './trees/ensemble';
import { isEnsembleParameters } from './types';
import type { Activation, DenseLayer, DenseParameters, DesignMatrix, EnsembleParameters, ModelParameters } from './types';

function activate(activation: Activation | 'linear', z: Float64Array): void {
  switch (activation) {
    case 'linear':
      return;
    case 'relu':
      for (let j = 0; j < z.length; j++) if (!(z[j] > 0)) z[j] = z[j] !== z[j] ? NaN : 0;
      return;
    case 'tanh':
      for (let j = 0; j < z.length; j++) z[j] = Math.tanh(z[j]);
      return;
    case 'sigmoid':
      for (let j = 0; j < z.length; j++) z[j] = 1 / (1 + Math.exp(-z[j]));
      return;
  }
}

/** Checks that the layers chain from the matrix's width to the task's output. */
function checkShapes(parameters: DenseParameters, width: number): void {
  const layers = parameters.layers;
  if (layers.length === 0) throw new ModelError('The model has no layers, so it cannot predict.');
  let inputs = width;
  layers.forEach((layer, i) => {
    if (layer.inputs !== inputs) {
      throw new ModelError(
        i === 0
          ? `The model takes ${layer.inputs} input columns but the data gives ${width}: it was trained with other features.`
          : `Layer ${i + 1} of the model takes ${layer.inputs} inputs but the layer before gives ${inputs}.`,
      );
    }
    if (layer.weights.length !== layer.inputs * layer.outputs || layer.bias.length !== layer.outputs) {
      throw new ModelError(`Layer ${i + 1} of the model has ${layer.weights.length} weights and ${layer.bias.length} biases for ${layer.inputs} inputs and ${layer.outputs} outputs.`);
    }
    inputs = layer.outputs;
  });
  if (parameters.task === 'regression' && inputs !== 1) throw new ModelError(`A regression model gives one output; this one gives ${inputs}.`);
  if (parameters.task === 'classification' && inputs < 2) throw new ModelError(`A classification model gives one probability per class (at least two); this one gives ${inputs}.`);
}

/** A layer's weights transposed to outputs × inputs in float64, so each output is one contiguous dot product. */
interface PreparedLayer {
  layer: DenseLayer;
  columns: Float64Array;
  bias: Float64Array;
}

function prepareLayer(layer: DenseLayer): PreparedLayer {
  const { inputs, outputs, weights } = layer;
  const columns = new Float64Array(inputs * outputs);
  for (let i = 0; i < inputs; i++) for (let j = 0; j < outputs; j++) columns[j * inputs + i] = weights[i * outputs + j];
  return { layer, columns, bias: Float64Array.from(layer.bias) };
}

/** outputs = activation(inputs · weights + bias), in float64: Σ over inputs in order, then the bias. */
function dense({ layer, columns, bias }: PreparedLayer, input: Float64Array, output: Float64Array): void {
  const { inputs, outputs } = layer;
  for (let j = 0; j < outputs; j++) {
    const base = j * inputs;
    let sum = 0;
    for (let i = 0; i < inputs; i++) sum += input[i] * columns[base + i];
    output[j] = sum + bias[j];
  }
  activate(layer.activation, output);
}

/** Softmax in place, shifted by the largest logit so no exponential overflows. */
function softmax(z: Float64Array): void {
  let max = -Infinity;
  for (let j = 0; j < z.length; j++) if (z[j] > max) max = z[j];
  let sum = 0;
  for (let j = 0; j < z.length; j++) {
    z[j] = Math.exp(z[j] - max);
    sum += z[j];
  }
  for (let j = 0; j < z.length; j++) z[j] /= sum;
}

/**
 * The model's output for each row of `x`. Classification: class probabilities, rows × classes
 * row-major (softmax of the last layer's outputs; the columns follow the target's `classes`).
 * Regression: one prediction per row on the target's own scale (the last layer's output times
 * `outputScale.std` plus `outputScale.mean`, when there is an output scale).
 * Throws ModelError when the layers do not fit the matrix or the task.
 */
export function forward(parameters: DenseParameters, x: DesignMatrix): Float32Array {
  checkShapes(parameters, x.width);
  const layers = parameters.layers;
  const outputs = layers[layers.length - 1].outputs;
  const result = new Float32Array(x.rows * outputs);
  const prepared = layers.map(prepareLayer);
  const buffers = [new Float64Array(x.width), ...layers.map((l) => new Float64Array(l.outputs))];
  const scale = parameters.task === 'regression' ? parameters.outputScale : null;
  for (let r = 0; r < x.rows; r++) {
    const input = buffers[0];
    const base = r * x.width;
    // The baseline reads no input (its weights are zero; its input stays 0), so the NaN of a tree
    // model's missing values, in the matrix it is compared on, cannot turn its constant into NaN.
    if (parameters.kind !== 'baseline') for (let c = 0; c < x.width; c++) input[c] = x.values[base + c];
    for (let l = 0; l < prepared.length; l++) dense(prepared[l], buffers[l], buffers[l + 1]);
    const out = buffers[layers.length];
    if (parameters.task === 'classification') {
      softmax(out);
      for (let j = 0; j < outputs; j++) result[r * outputs + j] = out[j];
    } else {
      result[r] = scale === null ? out[0] : out[0] * scale.std + scale.mean;
    }
  }
  return result;
}

/** Checks that a tree ensemble's outputs fit the task and its splits the matrix's width. */
function checkEnsemble({ task, ensemble }: EnsembleParameters, width: number): void {
  const columns = ensemble.link === 'sigmoid' ? 2 : ensemble.outputs;
  if (task === 'regression' && columns !== 1) throw new ModelError(`A regression model gives one output; this one gives ${columns}.`);
  if (task === 'classification' && columns < 2) throw new ModelError(`A classification model gives one probability per class (at least two); this one gives ${columns}.`);
  for (const { tree } of ensemble.trees) {
    for (let i = 0; i < tree.feature.length; i++) {
      if (tree.feature[i] >= width) {
        throw new ModelError(`The model splits on input column ${tree.feature[i] + 1} but the data gives ${width}: it was trained with other features.`);
      }
    }
  }
}

/**
 * What every caller predicts with, whatever the model: the dense forward pass above or a tree
 * ensemble's reference predictions (`predictEnsemble`), in the same layout (rows × classes
 * probabilities, or one value per row). Evaluation, acceptance, the package parity check, the
 * monitoring reference and tuning call this, so none of them asks which kind a model is.
 */
export function predictModel(parameters: ModelParameters, x: DesignMatrix): Float32Array {
  if (isEnsembleParameters(parameters)) {
    checkEnsemble(parameters, x.width);
    return predictEnsemble(parameters.ensemble, x);
  }
  return forward(parameters, x);
}

/**
 * The most probable class index of each row of `probabilities` (rows × `classCount`); ties go to
 * the first class, as ONNX's ArgMax does.
 */
export function predictClassIndices(probabilities: Float32Array, classCount: number): Int32Array {
  if (classCount < 1 || probabilities.length % classCount !== 0) {
    throw new ModelError(`${probabilities.length} probabilities do not make rows of ${classCount} classes.`);
  }
  const rows = probabilities.length / classCount;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const base = r * classCount;
    let best = 0;
    for (let j = 1; j < classCount; j++) if (probabilities[base + j] > probabilities[base + best]) best = j;
    out[r] = best;
  }
  return out;
}

/** The most probable class name of each row (see `predictClassIndices`). */
export function predictLabels(probabilities: Float32Array, classes: readonly string[]): string[] {
  return Array.from(predictClassIndices(probabilities, classes.length), (i) => classes[i]);
}
