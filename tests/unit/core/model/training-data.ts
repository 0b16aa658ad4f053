/** Small training sets for the model tests, built from plain arrays. */
import type { LabelledMatrix, Task, TrainingData } from '$src/core/model/types';
import { createRandom } from '$src/core/random';

export function matrix(rows: number[][], y: number[]): LabelledMatrix {
  const width = rows[0]?.length ?? 0;
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
