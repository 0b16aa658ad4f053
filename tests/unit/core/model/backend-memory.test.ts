import { describe, expect, it } from 'vitest';
import { BACKEND_BYTES, checkTrainingMemory, trainingBytes } from '$src/core/model/backend-memory';
import { ModelError } from '$src/core/model/errors';
import type { TrainingData } from '$src/core/model/types';

/** Training data of the given size; only the sizes are read, so the matrices hold no values. */
function sized(trainRows: number, validationRows: number, width: number): TrainingData {
  const empty = (rows: number) => ({ x: { rows, width, values: new Float32Array(0) }, y: new Float32Array(0) });
  return { preprocessor: { features: [], width, columnNames: [] }, target: { task: 'regression', column: 'y', classes: [] }, train: empty(trainRows), validation: empty(validationRows) };
}

describe('the memory check before training', () => {
  it('counts every row and design column plus the target, as float32, three times over', () => {
    expect(trainingBytes(sized(800, 200, 9))).toBe(1000 * 10 * 4 * 3);
  });

  it('lets data through that fits the backend', () => {
    expect(() => checkTrainingMemory(sized(1_000_000, 250_000, 20), 'wasm')).not.toThrow();
  });

  it('refuses data too large for the backend, saying how much and what to do', () => {
    // 10M rows × 21 values × 12 bytes ≈ 2.3 GB: over WebGL's 1 GB and WASM's 2 GB, under the CPU's 4 GB.
    const data = sized(8_000_000, 2_000_000, 20);
    expect(() => checkTrainingMemory(data, 'webgl')).toThrow(ModelError);
    expect(() => checkTrainingMemory(data, 'webgl')).toThrow('The training data needs about 2.3 GB of memory on the webgl backend, which holds about 1.0 GB. Choose fewer feature columns, filter rows in the Clean step, or pick the WASM or CPU backend.');
    expect(() => checkTrainingMemory(data, 'wasm')).toThrow(/about 2\.0 GB/);
    expect(() => checkTrainingMemory(data, 'cpu')).not.toThrow();
  });

  it('holds an unknown backend to the CPU\'s limit', () => {
    const justOver = sized(Math.ceil(BACKEND_BYTES.cpu / (12 * 2)) + 1, 0, 1);
    expect(() => checkTrainingMemory(justOver, 'something-new')).toThrow(ModelError);
    expect(() => checkTrainingMemory(sized(10, 0, 1), 'something-new')).not.toThrow();
  });
});
