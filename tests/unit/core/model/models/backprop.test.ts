import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  networkForward,
  networkLayout,
  penaltyScale,
  summedLoss,
  trainingStep,
  type BatchTargets,
  type Dropout,
} from '$src/core/model/models/backprop';
import type { DenseLayer } from '$src/core/model/types';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The documented objective written with TF.js layers ops, differentiated by TF.js's own tape. */
function reference(
  params: tf.Tensor1D,
  sizes: number[],
  activations: DenseLayer['activation'][],
  x: tf.Tensor2D,
  y: BatchTargets,
  l2: number,
  dropout: Dropout | null,
) {
  const objective = (p: tf.Tensor1D) => {
    let h: tf.Tensor = x;
    let at = 0;
    let penalty: tf.Tensor = tf.scalar(0);
    for (let i = 0; i < sizes.length - 1; i++) {
      const w = tf.reshape(tf.slice(p, at, sizes[i] * sizes[i + 1]), [sizes[i], sizes[i + 1]]);
      at += sizes[i] * sizes[i + 1];
      const b = tf.slice(p, at, sizes[i + 1]);
      at += sizes[i + 1];
      penalty = tf.add(penalty, tf.sum(tf.square(w)));
      const z = tf.add(tf.matMul(h, w), b);
      const act = activations[i];
      h = act === 'relu' ? tf.relu(z) : act === 'tanh' ? tf.tanh(z) : act === 'sigmoid' ? tf.sigmoid(z) : z;
      if (dropout && i < sizes.length - 2) h = tf.dropout(h, dropout.rate, undefined, dropout.seeds[i]);
    }
    const rows = x.shape[0];
    const sum =
      y.kind === 'classes'
        ? tf.neg(tf.sum(tf.mul(tf.oneHot(y.labels, sizes[sizes.length - 1]), tf.logSoftmax(h))))
        : tf.sum(tf.squaredDifference(h, y.values));
    return { sum, objective: tf.add(tf.div(sum, rows), tf.mul(penalty, l2)) as tf.Scalar };
  };
  const gradient = tf.grad((p) => objective(p as tf.Tensor1D).objective)(params) as tf.Tensor1D;
  return { gradient: gradient.arraySync(), lossSum: objective(params).sum };
}

function randomParams(count: number, seed: number): tf.Tensor1D {
  return tf.randomUniform([count], -0.5, 0.5, 'float32', seed) as tf.Tensor1D;
}

const cases: { name: string; sizes: number[]; activation: DenseLayer['activation']; task: 'classes' | 'values' }[] = [
  { name: 'logistic regression, 3 classes', sizes: [5, 3], activation: 'linear', task: 'classes' },
  { name: 'MLP relu, 2 classes', sizes: [6, 8, 4, 2], activation: 'relu', task: 'classes' },
  { name: 'MLP tanh, regression', sizes: [4, 7, 1], activation: 'tanh', task: 'values' },
  { name: 'MLP sigmoid, 4 classes', sizes: [3, 9, 4], activation: 'sigmoid', task: 'classes' },
];

describe('trainingStep', () => {
  for (const c of cases) {
    for (const transposeFree of [false, true]) {
      for (const l2 of [0, 0.01]) {
        it(`matches TF.js's own gradient: ${c.name}, transposeFree ${transposeFree}, l2 ${l2}`, () => {
          tf.tidy(() => {
            const activations = c.sizes.slice(1).map((_, i) => (i < c.sizes.length - 2 ? c.activation : 'linear'));
            const layout = networkLayout(c.sizes, activations);
            const params = randomParams(layout.count, 3);
            const rows = 17;
            const x = tf.randomNormal([rows, c.sizes[0]], 0, 1, 'float32', 5) as tf.Tensor2D;
            const outputs = c.sizes[c.sizes.length - 1];
            const y: BatchTargets =
              c.task === 'classes'
                ? { kind: 'classes', labels: tf.tensor1d(Array.from({ length: rows }, (_, i) => (i * 7) % outputs), 'int32') }
                : { kind: 'values', values: tf.randomNormal([rows, 1], 0, 1, 'float32', 9) as tf.Tensor2D };
            const penalty = l2 > 0 ? penaltyScale(tf, layout, l2) : null;
            const step = trainingStep(tf, params, layout, x, y, { penalty, dropout: null, transposeFree });
            const expected = reference(params, c.sizes, activations, x, y, l2, null);
            expect(step.gradient.shape).toEqual([layout.count]);
            const got = step.gradient.arraySync();
            expected.gradient.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
            expect(step.lossSum.arraySync() as number).toBeCloseTo(expected.lossSum.arraySync() as number, 4);
            expect(summedLoss(tf, networkForward(tf, params, layout, x), y).arraySync() as number).toBeCloseTo(
              expected.lossSum.arraySync() as number,
              4,
            );
          });
        });
      }
    }
  }

  it('matches TF.js with dropout, using tf.dropout with the same seeds', () => {
    tf.tidy(() => {
      const sizes = [6, 10, 8, 3];
      const activations: DenseLayer['activation'][] = ['relu', 'relu', 'linear'];
      const layout = networkLayout(sizes, activations);
      const params = randomParams(layout.count, 11);
      const x = tf.randomNormal([32, 6], 0, 1, 'float32', 2) as tf.Tensor2D;
      const y: BatchTargets = { kind: 'classes', labels: tf.tensor1d(Array.from({ length: 32 }, (_, i) => i % 3), 'int32') };
      const dropout = { rate: 0.3, seeds: [101, 202] };
      const step = trainingStep(tf, params, layout, x, y, { penalty: null, dropout, transposeFree: true });
      const expected = reference(params, sizes, activations, x, y, 0, dropout);
      const got = step.gradient.arraySync();
      expected.gradient.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
      expect(step.lossSum.arraySync() as number).toBeCloseTo(expected.lossSum.arraySync() as number, 4);
    });
  });

  it('counts the rows whose largest output is their class', () => {
    tf.tidy(() => {
      const layout = networkLayout([2, 2], ['linear']);
      // Identity weights, no bias: the output is the input.
      const params = tf.tensor1d([1, 0, 0, 1, 0, 0]);
      const x = tf.tensor2d([[2, 1], [0, 3], [5, 4]]);
      const labels = tf.tensor1d([0, 0, 0], 'int32');
      const step = trainingStep(tf, params, layout, x, { kind: 'classes', labels }, { penalty: null, dropout: null, transposeFree: false });
      expect(step.correct?.arraySync()).toBe(2);
    });
  });
});

describe('networkLayout', () => {
  it('places each weight matrix before its bias, layer after layer', () => {
    const layout = networkLayout([3, 4, 2], ['relu', 'linear']);
    expect(layout.offsets).toEqual([
      { weights: 0, bias: 12 },
      { weights: 16, bias: 24 },
    ]);
    expect(layout.count).toBe(26);
    expect(tf.tidy(() => Array.from(penaltyScale(tf, layout, 0.5).dataSync()))).toEqual([...Array(12).fill(1), ...Array(4).fill(0), ...Array(8).fill(1), 0, 0]);
  });
});
