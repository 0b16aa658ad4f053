/**
 * A short timed run of the training step, for `Auto` to compare a hardware GPU with WASM on the
 * model about to be trained (see `backend.ts`). Random inputs of the real shape; two batches to
 * warm up (shader compilation, WASM's first allocations), then a few timed ones, ended by a
 * read-back so that a GPU's queued work is counted.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { DenseLayer } from '../types';
import { networkLayout, trainingStep } from './backprop';

const WARM_UP = 2;
const TIMED = 5;

export interface NetworkShape {
  /** Widths: inputs, each hidden layer, outputs. */
  sizes: number[];
  activations: DenseLayer['activation'][];
  batchSize: number;
  classification: boolean;
}

/** Milliseconds per training batch of a network of this shape on the backend now set. */
export async function timeTrainingBatch(tf: typeof tfjs, shape: NetworkShape): Promise<number> {
  const { sizes, activations, batchSize, classification } = shape;
  const layout = networkLayout(sizes, activations);
  const params = tf.variable(tf.randomUniform([layout.count], -0.1, 0.1, 'float32', 1));
  const x = tf.randomNormal([batchSize, sizes[0]], 0, 1, 'float32', 2) as tfjs.Tensor2D;
  const y = classification ? tf.zeros([batchSize], 'int32') : tf.zeros([batchSize, 1]);
  const optimizer = tf.train.adam(1e-3);
  const transposeFree = tf.getBackend() === 'wasm';
  const step = () =>
    tf.tidy(() => {
      const targets = classification
        ? ({ kind: 'classes', labels: y as tfjs.Tensor1D } as const)
        : ({ kind: 'values', values: y as tfjs.Tensor2D } as const);
      const { gradient } = trainingStep(tf, params, layout, x, targets, { penalty: null, dropout: null, transposeFree });
      optimizer.applyGradients([{ name: params.name, tensor: gradient }]);
    });
  try {
    for (let i = 0; i < WARM_UP; i++) step();
    await params.data();
    const started = performance.now();
    for (let i = 0; i < TIMED; i++) step();
    await params.data();
    return (performance.now() - started) / TIMED;
  } finally {
    optimizer.dispose();
    tf.dispose([params, x, y]);
  }
}
