/**
 * Where the training loop's batches come from. Two ways, by where the backend keeps tensors:
 *
 * - GPU backends (WebGL, WebGPU): the rows and targets are uploaded once and each batch is
 *   gathered on the GPU with its row indices (a small upload); the data stays on the device.
 * - Backends whose tensors live in the CPU's memory (WASM, CPU): each batch's rows are copied
 *   from the JS arrays into one buffer and handed to TF.js. That is the same memory, but
 *   TF.js 4.22's WASM kernels are slow here: `gather` of 1,024 rows × 20 took about 1.5 ms
 *   against 0.2 ms for the copy, and `slice` reads its whole input back first (slicing 1,024
 *   rows of a 200,000-row tensor took about 13 ms).
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { DesignMatrix } from '../types';

type TF = typeof tfjs;

/** Class indices (int32) or standardised values of the regression target, one per row. */
export type TargetValues = Int32Array | Float32Array;

export interface Batches {
  /** The batch made of these rows, in this order; tensors owned by the caller (or its tidy). */
  batch(rows: Int32Array): { x: tfjs.Tensor2D; y: tfjs.Tensor };
  dispose(): void;
}

/** Whether `backend` keeps tensors in the CPU's memory, so batches are copied on the host. */
export function hostMemoryBackend(backend: string): boolean {
  return backend === 'wasm' || backend === 'cpu';
}

export function createBatches(tf: TF, x: DesignMatrix, y: TargetValues, onHost: boolean): Batches {
  const width = x.width;
  const targetTensor = (values: TargetValues, rows: number): tfjs.Tensor =>
    values instanceof Int32Array ? tf.tensor1d(values, 'int32') : tf.tensor2d(values, [rows, 1]);
  if (onHost) {
    return {
      batch(rows) {
        const xb = new Float32Array(rows.length * width);
        const yb = y instanceof Int32Array ? new Int32Array(rows.length) : new Float32Array(rows.length);
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i];
          xb.set(x.values.subarray(r * width, (r + 1) * width), i * width);
          yb[i] = y[r];
        }
        return { x: tf.tensor2d(xb, [rows.length, width]), y: targetTensor(yb, rows.length) };
      },
      dispose() {},
    };
  }
  const xAll = tf.tensor2d(x.values, [x.rows, width]);
  const yAll = targetTensor(y, x.rows);
  return {
    batch(rows) {
      const index = tf.tensor1d(rows, 'int32');
      const batch = { x: tf.gather(xAll, index), y: tf.gather(yAll, index) };
      index.dispose();
      return batch;
    },
    dispose() {
      tf.dispose([xAll, yAll]);
    },
  };
}
