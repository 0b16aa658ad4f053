/** Small training sets for the model tests, built from plain arrays. */
import type { LabelledMatrix, Task, TrainingData, TrainSettings } from '$src/core/model/types';
import { createRandom } from '$src/core/random';

/** A labelled matrix from rows; `width` is needed only when there are no rows. */
export function matrix(rows: number[][], y: number[], width = rows[0]?.length ?? 0): LabelledMatrix {
  return {
    x: { rows: rows.length, width, values: Float32Array.from(rows.flat()) },
    y: Float32Array.from(y),
  };
}

export function trainingData(
  task: Task,
  train: { x: number[][]; y: number[] },
  validation: { x: number[][]; y: number[] } = train,
  classes?: string[],
): TrainingData {
  const width = train.x[0].length;
  const k = classes ?? (task === 'classification' ? Array.from(new Set(train.y)).sort((a, b) => a - b).map(String) : []);
  return {
    preprocessor: {
      features: [],
      width,
      columnNames: Array.from({ length: width }, (_, i) => `x${i + 1}`),
    },
    target: { task, column: 'y', classes: k },
    train: matrix(train.x, train.y),
    validation: validation.x.length ? matrix(validation.x, validation.y) : { x: { rows: 0, width, values: new Float32Array(0) }, y: new Float32Array(0) },
  };
}

/** Gaussian blobs around the given centres, `perClass` rows each (sd 1). */
export function blobs(centres: number[][], perClass: number, seed: number): { x: number[][]; y: number[] } {
  const random = createRandom(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < perClass; i++) {
    centres.forEach((c, k) => {
      x.push(c.map((v) => random.normal(v, 1)));
      y.push(k);
    });
  }
  return { x, y };
}

/** Two interleaved half circles (scikit-learn's make_moons), standardised roughly. */
export function moons(rows: number, noise: number, seed: number): { x: number[][]; y: number[] } {
  const random = createRandom(seed);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < rows; i++) {
    const k = i % 2;
    const t = Math.PI * random.next();
    const px = k === 0 ? Math.cos(t) : 1 - Math.cos(t);
    const py = k === 0 ? Math.sin(t) : 0.5 - Math.sin(t);
    x.push([(px - 0.5) * 2 + random.normal(0, noise), (py - 0.25) * 2 + random.normal(0, noise)]);
    y.push(k);
  }
  return { x, y };
}

/** MLP settings small enough to train in a test, with `overrides`. */
export function settings(overrides: Partial<TrainSettings> = {}): TrainSettings {
  return {
    kind: 'mlp',
    epochs: 4,
    learningRate: 0.01,
    batchSize: 16,
    hiddenLayers: [8],
    activation: 'relu',
    dropout: 0,
    l2: 0,
    optimizer: 'adam',
    patience: 0,
    seed: 7,
    ...overrides,
  };
}

/** Gaussian blobs: class k centred at (3k, −3k) (classification), or y = 2·x0 − x1 + noise (regression). */
export function synthetic(task: Task, train: number, validation: number, seed = 1, weights = [1, 1, 1]): TrainingData {
  const random = createRandom(seed);
  const part = (n: number): LabelledMatrix => {
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      if (task === 'classification') {
        const k = random.pick(weights);
        rows.push([3 * k + random.normal(), -3 * k + random.normal()]);
        y.push(k);
      } else {
        const a = random.normal();
        const b = random.normal();
        rows.push([a, b]);
        y.push(2 * a - b + 0.1 * random.normal());
      }
    }
    return matrix(rows, y, 2);
  };
  return {
    preprocessor: { features: [], width: 2, columnNames: ['a', 'b'] },
    target: { task, column: 'y', classes: task === 'classification' ? ['a', 'b', 'c'] : [] },
    train: part(train),
    validation: part(validation),
  };
}
