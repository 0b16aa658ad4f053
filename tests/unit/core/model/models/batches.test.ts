import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBatches, hostMemoryBackend } from '$src/core/model/models/batches';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const x = { rows: 5, width: 3, values: Float32Array.from({ length: 15 }, (_, i) => i) };
const rows = Int32Array.from([4, 0, 2]);

describe('createBatches', () => {
  for (const onHost of [true, false]) {
    it(`${onHost ? 'copies on the host' : 'gathers on the backend'} the rows asked for, in order`, () => {
      const labels = createBatches(tf, x, Int32Array.from([0, 1, 2, 1, 0]), onHost);
      const values = createBatches(tf, x, Float32Array.from([0.5, 1.5, 2.5, 3.5, 4.5]), onHost);
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const a = labels.batch(rows);
        expect(a.x.arraySync()).toEqual([[12, 13, 14], [0, 1, 2], [6, 7, 8]]);
        expect(a.y.dtype).toBe('int32');
        expect(a.y.arraySync()).toEqual([0, 0, 2]);
        const b = values.batch(rows);
        expect(b.y.shape).toEqual([3, 1]);
        expect(b.y.arraySync()).toEqual([[4.5], [0.5], [2.5]]);
      });
      expect(tf.memory().numTensors).toBe(before);
      labels.dispose();
      values.dispose();
    });
  }

  it('copies on the host for the backends that keep tensors in the CPU memory', () => {
    expect(['wasm', 'cpu', 'webgl', 'webgpu'].map(hostMemoryBackend)).toEqual([true, true, false, false]);
  });
});
