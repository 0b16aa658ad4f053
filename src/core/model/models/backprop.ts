/**
 * The dense network's forward pass and its gradient, written out as textbook backpropagation
 * instead of taken from TF.js's gradient tape. Measured on TF.js 4.22 (Node, MLP 20→64→32→2,
 * batch 1024): a training step with the tape ran about 166 kernels; written out, about 70.
 *
 * - All parameters live in one flat vector, `[W1, b1, W2, b2, …]` (each W row-major,
 *   inputs × outputs), so the optimizer updates them with one set of kernels instead of one
 *   set per tensor.
 * - The tape's gradient of a dense layer multiplies by transposed matrices. The WASM backend
 *   computes a transposed matrix product 5 to 25 times slower than a plain one (XNNPACK's fast
 *   path takes neither operand transposed), so with `transposeFree` the transposes are made
 *   explicitly, on the narrower operand, and every product is a plain one. Other backends
 *   multiply transposed operands natively and use the flags.
 *   Likewise the bias gradient, a sum over the rows, is a product with a row of ones there.
 * - The L2 penalty only matters through its gradient, 2 · l2 · W; its value is never computed
 *   (the epoch records report the data loss alone).
 *
 * Losses (the same as before): classification, softmax cross-entropy over the output columns;
 * regression, the squared error of the one linear output. The objective is the mean over the
 * batch plus l2 · Σ W² (biases not penalised).
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { DenseLayer } from '../types';

type TF = typeof tfjs;
type Tensor = tfjs.Tensor;
type Tensor2D = tfjs.Tensor2D;

/** Where each layer's weights and bias sit in the flat parameter vector. */
export interface NetworkLayout {
  /** Widths: inputs, each hidden layer, outputs. */
  sizes: number[];
  /** One per layer; the last is 'linear'. */
  activations: DenseLayer['activation'][];
  offsets: { weights: number; bias: number }[];
  /** The length of the parameter vector. */
  count: number;
}

export function networkLayout(sizes: number[], activations: DenseLayer['activation'][]): NetworkLayout {
  const offsets: NetworkLayout['offsets'] = [];
  let at = 0;
  for (let i = 0; i < sizes.length - 1; i++) {
    const weights = at;
    at += sizes[i] * sizes[i + 1];
    offsets.push({ weights, bias: at });
    at += sizes[i + 1];
  }
  return { sizes, activations, offsets, count: at };
}

/** The layers' weight matrices and bias vectors, as views cut from the parameter vector. */
function unpack(tf: TF, params: Tensor, layout: NetworkLayout): { w: Tensor2D; b: tfjs.Tensor1D }[] {
  return layout.offsets.map(({ weights, bias }, i) => {
    const inputs = layout.sizes[i];
    const outputs = layout.sizes[i + 1];
    return {
      w: tf.reshape(tf.slice(params, weights, inputs * outputs), [inputs, outputs]) as Tensor2D,
      b: tf.slice(params, bias, outputs) as tfjs.Tensor1D,
    };
  });
}

/** Per-layer values the backward pass needs: each layer's input and activation output, and its dropout mask. */
interface Trace {
  inputs: Tensor2D[];
  outputs: Tensor2D[];
  masks: (Tensor | null)[];
}

/** The dropout applied after each hidden layer while training: its rate and one seed per hidden layer. */
export interface Dropout {
  rate: number;
  seeds: number[];
}

function run(tf: TF, params: Tensor, layout: NetworkLayout, x: Tensor2D, dropout: Dropout | null) {
  const layers = unpack(tf, params, layout);
  const trace: Trace = { inputs: [], outputs: [], masks: [] };
  let h = x;
  layers.forEach(({ w, b }, i) => {
    const act = layout.activations[i];
    trace.inputs.push(h);
    let a = tf.fused.matMul({ a: h, b: w, bias: b, activation: act === 'tanh' ? 'linear' : act }) as Tensor2D;
    if (act === 'tanh') a = tf.tanh(a);
    trace.outputs.push(a);
    const hidden = i < layers.length - 1;
    // tf.dropout's own multiplier (keep with probability 1 − rate, scaled by 1 / (1 − rate)), kept for the backward pass.
    const mask = dropout && hidden && dropout.rate > 0 ? tf.dropout(tf.onesLike(a), dropout.rate, undefined, dropout.seeds[i]) : null;
    trace.masks.push(mask);
    h = mask ? (tf.mul(a, mask) as Tensor2D) : a;
  });
  return { out: h, trace, layers };
}

/** The network's raw outputs (logits, or the standardised prediction) for `x`, without dropout. */
export function networkForward(tf: TF, params: Tensor, layout: NetworkLayout, x: Tensor2D): Tensor2D {
  return run(tf, params, layout, x, null).out;
}

/** The summed loss over the rows of a batch whose raw outputs are `out`. */
export function summedLoss(tf: TF, out: Tensor2D, y: BatchTargets): Tensor {
  return y.kind === 'classes' ? crossEntropy(tf, out, y.labels).sum : tf.sum(tf.squaredDifference(out, y.values));
}

/** Softmax cross-entropy summed over the rows, with the pieces its gradient reuses. */
function crossEntropy(tf: TF, out: Tensor2D, labels: tfjs.Tensor1D) {
  const logProbabilities = tf.logSoftmax(out);
  // Not oneHot(…, 'float32'): TF.js 4.22's WASM kernel writes that as int32 bits (1 reads as 1.4e-45).
  const truth = tf.cast(tf.oneHot(labels, out.shape[1]), 'float32');
  return { logProbabilities, truth, sum: tf.neg(tf.sum(tf.mul(truth, logProbabilities))) };
}

/** How many rows' largest output is their class. */
export function correctCount(tf: TF, out: Tensor2D, labels: tfjs.Tensor1D): Tensor {
  return tf.sum(tf.cast(tf.equal(tf.argMax(out, 1), labels), 'float32'));
}

/** A batch's targets: class indices (int32), or standardised values ([rows, 1]). */
export type BatchTargets = { kind: 'classes'; labels: tfjs.Tensor1D } | { kind: 'values'; values: Tensor2D };

export interface StepOptions {
  /** From `penaltyScale`, or null when l2 is 0. */
  penalty: Tensor | null;
  dropout: Dropout | null;
  /** Make transposes explicitly so every matrix product is an untransposed one (see the module comment). */
  transposeFree: boolean;
}

export interface Step {
  /** The gradient of the batch's objective with respect to the parameter vector. */
  gradient: tfjs.Tensor1D;
  /** The batch's summed data loss (no penalty), with dropout on. */
  lossSum: Tensor;
  /** Classification: the batch's correct predictions, with dropout on. */
  correct: Tensor | null;
}

/** The objective's gradient on one batch, with the summed loss and correct count of that forward pass. */
export function trainingStep(tf: TF, params: Tensor, layout: NetworkLayout, x: Tensor2D, y: BatchTargets, options: StepOptions): Step {
  const rows = x.shape[0];
  const { out, trace, layers } = run(tf, params, layout, x, options.dropout);
  let lossSum: Tensor;
  let correct: Tensor | null = null;
  // The gradient of the mean loss with respect to the output layer's pre-activation.
  let delta: Tensor2D;
  if (y.kind === 'classes') {
    const { logProbabilities, truth, sum } = crossEntropy(tf, out, y.labels);
    lossSum = sum;
    delta = tf.div(tf.sub(tf.exp(logProbabilities), truth), rows);
    correct = correctCount(tf, out, y.labels);
  } else {
    const error = tf.sub(out, y.values);
    lossSum = tf.sum(tf.square(error));
    delta = tf.mul(error, 2 / rows);
  }

  const { matMul, transpose } = tf;
  const free = options.transposeFree;
  /** inputᵀ · delta, the weight gradient: [in, out]. */
  const weightGradient = (input: Tensor2D, d: Tensor2D): Tensor2D => {
    if (!free) return matMul(input, d, true, false);
    return input.shape[1] <= d.shape[1] ? matMul(transpose(input), d) : transpose(matMul(transpose(d), input) as Tensor2D);
  };
  // Σ over the rows as a product with a row of ones: WASM's column sum transposes first and took 5x as long.
  const ones = free ? tf.ones([1, rows]) : null;
  const biasGradient = (d: Tensor2D): Tensor => (ones ? tf.reshape(matMul(ones, d), [-1]) : tf.sum(d, 0));
  /** delta · Wᵀ, the gradient with respect to the layer's input: [rows, in]. */
  const inputGradient = (d: Tensor2D, w: Tensor2D): Tensor2D => (free ? matMul(d, transpose(w)) : matMul(d, w, false, true));

  const parts: Tensor[] = [];
  for (let i = layers.length - 1; i >= 0; i--) {
    parts.push(biasGradient(delta), tf.reshape(weightGradient(trace.inputs[i], delta), [-1]));
    if (i === 0) break;
    let g = inputGradient(delta, layers[i].w);
    const mask = trace.masks[i - 1];
    if (mask) g = tf.mul(g, mask);
    delta = activationGradient(tf, g, trace.outputs[i - 1], layout.activations[i - 1]);
  }
  let gradient = tf.concat(parts.reverse()) as tfjs.Tensor1D;
  if (options.penalty) gradient = tf.add(gradient, tf.mul(params, options.penalty));
  return { gradient, lossSum, correct };
}

/** 2 · l2 on the weights' entries, 0 on the biases': the penalty's gradient is this times the parameters. */
export function penaltyScale(tf: TF, layout: NetworkLayout, l2: number): Tensor {
  const scale = new Float32Array(layout.count);
  layout.offsets.forEach(({ weights, bias }) => scale.fill(2 * l2, weights, bias));
  return tf.tensor1d(scale);
}

/** g times the activation's derivative, written in terms of the activation's output a. */
function activationGradient(tf: TF, g: Tensor2D, a: Tensor2D, activation: DenseLayer['activation']): Tensor2D {
  switch (activation) {
    case 'relu':
      return tf.mul(g, tf.step(a));
    case 'sigmoid':
      return tf.mul(g, tf.mul(a, tf.sub(1, a)));
    case 'tanh':
      return tf.mul(g, tf.sub(1, tf.square(a)));
    case 'linear':
      return g;
  }
}
