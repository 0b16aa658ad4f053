import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  checkNetworkSettings,
  defaultSettings,
  trainNetwork,
  type NetworkResult,
} from '$src/core/model/models/network';
import { ModelError } from '$src/core/model/errors';
import type { DenseParameters, TrainingData, TrainProgress, TrainSettings } from '$src/core/model/types';
import { createRandom } from '$src/core/random';
import { blobs, moons, trainingData } from '../training-data';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The model's outputs for `x` in plain TypeScript: class probabilities or predictions. */
function forward(parameters: DenseParameters, x: number[]): number[] {
  let h = x;
  for (const layer of parameters.layers) {
    const out: number[] = [];
    for (let j = 0; j < layer.outputs; j++) {
      let v = layer.bias[j];
      for (let i = 0; i < layer.inputs; i++) v += h[i] * layer.weights[i * layer.outputs + j];
      out.push(layer.activation === 'relu' ? Math.max(0, v) : layer.activation === 'tanh' ? Math.tanh(v) : layer.activation === 'sigmoid' ? 1 / (1 + Math.exp(-v)) : v);
    }
    h = out;
  }
  if (parameters.task === 'classification') {
    const e = h.map((v) => Math.exp(v - Math.max(...h)));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  }
  const scale = parameters.outputScale ?? { mean: 0, std: 1 };
  return [h[0] * scale.std + scale.mean];
}

function accuracy(parameters: DenseParameters, part: { x: number[][]; y: number[] }): number {
  let correct = 0;
  part.x.forEach((row, i) => {
    const p = forward(parameters, row);
    if (p.indexOf(Math.max(...p)) === part.y[i]) correct++;
  });
  return correct / part.x.length;
}

function settings(kind: 'logistic-regression' | 'mlp', changes: Partial<TrainSettings> = {}): TrainSettings {
  return { ...defaultSettings(kind, 'classification', 100), patience: 0, seed: 7, ...changes };
}

const train = (data: TrainingData, s: TrainSettings, extra: { signal?: AbortSignal; onProgress?: (p: TrainProgress) => void } = {}) =>
  trainNetwork(data, s, { tf, ...extra });

function allWeights(result: NetworkResult): number[] {
  return result.parameters.layers.flatMap((l) => [...l.weights, ...l.bias]);
}

/** A noisy XOR: four clusters at the corners of a square. */
function xor(perCorner: number, seed: number): { x: number[][]; y: number[] } {
  const random = createRandom(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < perCorner; i++) {
    for (const [a, b] of [[-1, -1], [-1, 1], [1, -1], [1, 1]]) {
      x.push([a + random.normal(0, 0.15), b + random.normal(0, 0.15)]);
      y.push(a === b ? 0 : 1);
    }
  }
  return { x, y };
}

describe('trainNetwork: logistic regression', () => {
  it('separates a linearly separable set', async () => {
    const part = blobs([[-3, -3], [3, 3]], 50, 1);
    const result = await train(trainingData('classification', part), settings('logistic-regression', { epochs: 30 }));
    expect(result.parameters.layers).toHaveLength(1);
    expect(result.parameters.layers[0]).toMatchObject({ inputs: 2, outputs: 2, activation: 'linear' });
    expect(accuracy(result.parameters, part)).toBe(1);
    expect(result.curve.at(-1)!.trainMetric).toBe(1);
    expect(result.curve.at(-1)!.validationMetric).toBe(1);
    expect(result.backend).toBe('cpu');
    expect(result.cancelled).toBe(false);
  });

  it('learns multinomial 3-class blobs', async () => {
    const centres = [[0, 0], [4, 0], [0, 4]];
    const data = trainingData('classification', blobs(centres, 60, 2), blobs(centres, 40, 3));
    const result = await train(data, settings('logistic-regression', { epochs: 40 }));
    expect(result.parameters.layers[0].outputs).toBe(3);
    expect(result.curve.at(-1)!.validationMetric).toBeGreaterThan(0.9);
    expect(accuracy(result.parameters, blobs(centres, 40, 3))).toBeGreaterThan(0.9);
  });
});

describe('trainNetwork: MLP', () => {
  it('learns XOR', async () => {
    const data = trainingData('classification', xor(25, 4), xor(25, 5));
    const result = await train(data, settings('mlp', { hiddenLayers: [16], activation: 'tanh', learningRate: 0.05, epochs: 60 }));
    expect(result.parameters.layers.map((l) => [l.inputs, l.outputs, l.activation])).toEqual([[2, 16, 'tanh'], [16, 2, 'linear']]);
    expect(accuracy(result.parameters, xor(25, 5))).toBeGreaterThan(0.95);
  });

  it.each(['relu', 'tanh', 'sigmoid'] as const)('trains with %s hidden units', async (activation) => {
    const data = trainingData('classification', xor(25, 4), xor(25, 5));
    const result = await train(data, settings('mlp', { hiddenLayers: [16, 8], activation, learningRate: 0.05, epochs: 40 }));
    expect(result.parameters.layers.map((l) => l.activation)).toEqual([activation, activation, 'linear']);
    expect(result.curve.at(-1)!.trainLoss).toBeLessThan(result.curve[0].trainLoss);
    expect(accuracy(result.parameters, xor(25, 5))).toBeGreaterThan(0.9);
  });

  it('learns two moons', async () => {
    const data = trainingData('classification', moons(300, 0.1, 6), moons(200, 0.1, 7));
    const result = await train(data, settings('mlp', { hiddenLayers: [32, 16], learningRate: 0.01, batchSize: 32, epochs: 40, patience: 10 }));
    expect(result.curve.at(-1)!.validationMetric).toBeGreaterThan(0.95);
    expect(accuracy(result.parameters, moons(200, 0.1, 7))).toBeGreaterThan(0.95);
  });

  it('learns y = x² (regression on a standardised target)', async () => {
    const random = createRandom(8);
    const make = (n: number) => {
      const x = Array.from({ length: n }, () => [random.uniform(-2, 2)]);
      return { x, y: x.map(([v]) => 100 + 50 * v * v) };
    };
    const validation = make(100);
    const data = trainingData('regression', make(200), validation);
    const result = await train(data, {
      ...defaultSettings('mlp', 'regression', 200),
      hiddenLayers: [32, 16],
      learningRate: 0.01,
      epochs: 60,
      patience: 0,
      seed: 3,
    });
    const scale = result.parameters.outputScale!;
    expect(scale.mean).toBeGreaterThan(140);
    expect(scale.std).toBeGreaterThan(20);
    expect(result.curve.at(-1)!.validationMetric).toBeGreaterThan(0.9);
    // The plain forward pass with outputScale agrees with the loop's R².
    let sse = 0;
    let sst = 0;
    const mean = validation.y.reduce((a, b) => a + b, 0) / validation.y.length;
    validation.x.forEach((row, i) => {
      sse += (forward(result.parameters, row)[0] - validation.y[i]) ** 2;
      sst += (validation.y[i] - mean) ** 2;
    });
    expect(1 - sse / sst).toBeCloseTo(result.curve.at(-1)!.validationMetric, 3);
  });
});

describe('trainNetwork: determinism, early stopping, cancelling', () => {
  const data = trainingData('classification', moons(120, 0.3, 9), moons(80, 0.3, 10));
  const mlp = settings('mlp', { hiddenLayers: [8, 8], dropout: 0.2, learningRate: 0.01, epochs: 5 });

  it('gives identical weights for the same seed and different ones for another seed', async () => {
    const a = await train(data, mlp);
    const b = await train(data, mlp);
    const c = await train(data, { ...mlp, seed: 8 });
    expect(allWeights(a)).toEqual(allWeights(b));
    expect(a.curve).toEqual(b.curve);
    expect(allWeights(a)).not.toEqual(allWeights(c));
  });

  it('stops when the validation loss stops improving and keeps the best epoch', async () => {
    // Random train labels: the network memorises noise, so the validation loss soon rises.
    const random = createRandom(11);
    const noisy = moons(60, 0.3, 12);
    noisy.y = noisy.y.map(() => random.int(2));
    const overfit = trainingData('classification', noisy, moons(60, 0.3, 13));
    const s = settings('mlp', { hiddenLayers: [64, 64], learningRate: 0.03, batchSize: 16, epochs: 200, patience: 3 });
    const result = await train(overfit, s);
    expect(result.stoppedEarly).toBe(true);
    expect(result.curve.length).toBe(result.bestEpoch + 3);
    expect(result.curve.length).toBeLessThan(200);
    const losses = result.curve.map((r) => r.validationLoss);
    expect(losses[result.bestEpoch - 1]).toBe(Math.min(...losses));
    // The kept weights are those of the best epoch: training just that many epochs gives them.
    const replay = await train(overfit, { ...s, epochs: result.bestEpoch, patience: 0 });
    expect(allWeights(result)).toEqual(allWeights(replay));
  });

  it('keeps the last epoch without early stopping', async () => {
    const result = await train(data, mlp);
    expect(result.bestEpoch).toBe(5);
    expect(result.stoppedEarly).toBe(false);
  });

  it('returns the best model so far when cancelled', async () => {
    const controller = new AbortController();
    const progress: TrainProgress[] = [];
    const result = await train(data, { ...mlp, epochs: 50 }, {
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        if (p.record?.epoch === 4) controller.abort();
      },
    });
    expect(result.cancelled).toBe(true);
    expect(result.stoppedEarly).toBe(false);
    expect(result.curve).toHaveLength(4);
    const losses = result.curve.map((r) => r.validationLoss);
    expect(losses[result.bestEpoch - 1]).toBe(Math.min(...losses));
    const replay = await train(data, { ...mlp, epochs: result.bestEpoch });
    expect(allWeights(result)).toEqual(allWeights(replay));
    expect(progress.filter((p) => p.record).map((p) => p.record!.epoch)).toEqual([1, 2, 3, 4]);
  });

  it('returns the untrained model, cancelled, when aborted before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await train(data, mlp, { signal: controller.signal });
    expect(result).toMatchObject({ cancelled: true, bestEpoch: 0, curve: [] });
    expect(result.parameters.layers).toHaveLength(3);
  });

  it('yields to the event loop while it trains', async () => {
    const big = trainingData('classification', moons(2000, 0.3, 14), moons(100, 0.3, 15));
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const seen: number[] = [];
    try {
      await train(big, settings('mlp', { hiddenLayers: [16], batchSize: 8, epochs: 2 }), { onProgress: () => seen.push(ticks) });
    } finally {
      clearInterval(timer);
    }
    expect(seen.at(-1)).toBeGreaterThan(0);
  });

  it('reports progress at most about ten times a second within epochs, and at every epoch end', async () => {
    const progress: TrainProgress[] = [];
    const big = trainingData('classification', moons(2000, 0.3, 14), moons(100, 0.3, 15));
    // A clock that moves 5 ms each time it is read, so the throttle is tested, not this machine's speed.
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 5));
    try {
      await train(big, settings('mlp', { hiddenLayers: [16], batchSize: 8, epochs: 2 }), { onProgress: (p) => progress.push(p) });
    } finally {
      now.mockRestore();
    }
    const ends = progress.filter((p) => p.record);
    expect(ends.map((p) => p.epoch)).toEqual([1, 2]);
    expect(ends[0]).toMatchObject({ epochs: 2, batch: 250, batches: 250 });
    const during = progress.filter((p) => !p.record);
    expect(during.length).toBeGreaterThan(0);
    expect(during.length).toBeLessThan(250);
  });
});

describe('trainNetwork: settings and memory', () => {
  const data = trainingData('classification', blobs([[-2, 0], [2, 0]], 20, 16));

  it.each<[string, Partial<TrainSettings>, RegExp]>([
    ['epochs 0', { epochs: 0 }, /Epochs/],
    ['epochs 10001', { epochs: 10_001 }, /Epochs/],
    ['fractional epochs', { epochs: 2.5 }, /Epochs/],
    ['learning rate 0', { learningRate: 0 }, /learning rate/],
    ['learning rate 11', { learningRate: 11 }, /learning rate/],
    ['learning rate NaN', { learningRate: NaN }, /learning rate/],
    ['batch size 0', { batchSize: 0 }, /batch size/],
    ['batch size 2e6', { batchSize: 2e6 }, /batch size/],
    ['no hidden layers', { hiddenLayers: [] }, /hidden layers/],
    ['nine hidden layers', { hiddenLayers: [4, 4, 4, 4, 4, 4, 4, 4, 4] }, /hidden layers/],
    ['4097 units', { hiddenLayers: [4097] }, /units/],
    ['0 units', { hiddenLayers: [8, 0] }, /units/],
    ['dropout 0.95', { dropout: 0.95 }, /Dropout/],
    ['dropout −0.1', { dropout: -0.1 }, /Dropout/],
    ['l2 −1', { l2: -1 }, /L2/],
    ['patience −1', { patience: -1 }, /Patience/],
    ['an unknown optimizer', { optimizer: 'lbfgs' as never }, /optimizer/],
    ['an unknown activation', { activation: 'gelu' as never }, /activation/],
  ])('refuses %s', async (_, change, message) => {
    const s = settings('mlp', change);
    expect(() => checkNetworkSettings(s)).toThrow(message);
    await expect(train(data, s)).rejects.toThrow(ModelError);
  });

  it('ignores the MLP-only settings for logistic regression', () => {
    expect(() => checkNetworkSettings(settings('logistic-regression', { hiddenLayers: [], dropout: 5 }))).not.toThrow();
  });

  it('refuses logistic regression for a numeric target', async () => {
    const regression = trainingData('regression', { x: [[1], [2]], y: [1, 2] });
    await expect(train(regression, settings('logistic-regression'))).rejects.toThrow(/numeric target/);
  });

  it('gives defaults that pass its own checks, with batches growing with the data', () => {
    for (const kind of ['baseline', 'linear-regression', 'logistic-regression', 'mlp'] as const) {
      for (const rows of [1, 150, 5_000, 50_000, 1_000_000]) {
        const s = defaultSettings(kind, 'classification', rows, 42);
        expect(() => checkNetworkSettings(s)).not.toThrow();
        expect(s.seed).toBe(42);
      }
    }
    const mlp = defaultSettings('mlp', 'regression', 10_000);
    expect(mlp).toMatchObject({ hiddenLayers: [64, 32], activation: 'relu', optimizer: 'adam', learningRate: 1e-3, patience: 10 });
    expect(defaultSettings('mlp', 'regression', 500).batchSize).toBe(32);
    expect(defaultSettings('mlp', 'regression', 500_000)).toMatchObject({ batchSize: 256, epochs: 100 });
    // About 10,000 optimizer steps for a mid-sized MLP: 1,022 rows in batches of 32 → 320 epochs.
    expect(defaultSettings('mlp', 'classification', 1_022).epochs).toBe(320);
    expect(defaultSettings('logistic-regression', 'classification', 1_022).epochs).toBe(100);
  });

  it('leaves no tensors behind, also after a failure', async () => {
    const before = tf.memory().numTensors;
    for (const optimizer of ['adam', 'sgd', 'rmsprop'] as const) {
      await train(data, settings('mlp', { hiddenLayers: [4], dropout: 0.5, l2: 0.01, epochs: 2, optimizer }));
    }
    const regression = trainingData('regression', { x: [[1], [2], [3]], y: [1, 4, 9] }, { x: [], y: [] });
    const r = await train(regression, settings('mlp', { hiddenLayers: [4], epochs: 2 }));
    expect(r.curve[0].validationLoss).toBeNaN();
    expect(tf.memory().numTensors).toBe(before);
    // Diverging: huge steps on a large-valued input blow the loss up in the first epoch.
    const wild = trainingData('regression', { x: [[1e4], [-1e4], [2e4]], y: [1, 2, 3] });
    await expect(train(wild, settings('mlp', { hiddenLayers: [64, 64], learningRate: 10, optimizer: 'sgd', epochs: 3, batchSize: 1 }))).rejects.toThrow(/diverged/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
