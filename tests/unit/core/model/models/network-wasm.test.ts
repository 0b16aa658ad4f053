/** The training loop on the WASM backend, which takes its own matrix-product and batch paths (see backprop.ts, batches.ts). */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { defaultSettings, trainNetwork } from '$src/core/model/models/network';
import type { TrainSettings } from '$src/core/model/types';
import { blobs, trainingData } from '../training-data';

const data = trainingData('classification', blobs([[0, 0, 0], [3, 3, 0], [0, 3, 3]], 60, 1), blobs([[0, 0, 0], [3, 3, 0], [0, 3, 3]], 20, 2));
const settings: TrainSettings = { ...defaultSettings('mlp', 'classification', 180), epochs: 5, batchSize: 16, patience: 0, seed: 4, dropout: 0.2 };

async function trainOn(backend: string) {
  await tf.setBackend(backend);
  const result = await trainNetwork(data, settings, { tf });
  return { result, weights: result.parameters.layers.flatMap((l) => [...l.weights, ...l.bias]) };
}

describe('trainNetwork on WASM', () => {
  it('is deterministic and follows the CPU backend', async () => {
    const a = await trainOn('wasm');
    const b = await trainOn('wasm');
    expect(a.result.backend).toBe('wasm');
    expect(b.weights).toEqual(a.weights);
    const cpu = await trainOn('cpu');
    // The same rows, dropout masks and formulas; only float rounding differs between backends.
    a.result.curve.forEach((record, i) => expect(record.trainLoss).toBeCloseTo(cpu.result.curve[i].trainLoss, 3));
    a.weights.forEach((w, i) => expect(w).toBeCloseTo(cpu.weights[i], 2));
  });
});
