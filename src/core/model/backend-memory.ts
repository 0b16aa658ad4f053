/**
 * Whether training data fits the memory of the backend that would train on it, checked before
 * training starts so that TF.js does not fail half-way with an out-of-memory error.
 */
import { ModelError } from './errors';
import type { TrainingData } from './types';

/**
 * What each backend can hold for training data, roughly: WebGL and WebGPU textures and buffers
 * share the GPU's memory with the page, and WASM has a 32-bit heap.
 */
export const BACKEND_BYTES: Readonly<Record<string, number>> = { webgl: 1 << 30, webgpu: 1 << 30, wasm: 2 ** 31, cpu: 2 ** 32 };

/** Bytes training on `data` needs, about: the uploaded inputs and a batch's activations, with room to spare. */
export function trainingBytes(data: TrainingData): number {
  const values = (data.train.x.rows + data.validation.x.rows) * (data.preprocessor.width + 1);
  // WASM and CPU copy batches on the host and upload only the validation part: about three times the data.
  return values * 4 * 3;
}

/** Refuses data too large for `backend` with a plain-words ModelError that says what to do. */
export function checkTrainingMemory(data: TrainingData, backend: string): void {
  const needed = trainingBytes(data);
  const limit = BACKEND_BYTES[backend] ?? BACKEND_BYTES.cpu;
  if (needed > limit) {
    const gb = (n: number) => `${(n / 2 ** 30).toFixed(1)} GB`;
    throw new ModelError(
      `The training data needs about ${gb(needed)} of memory on the ${backend} backend, which holds about ${gb(limit)}. ` +
        'Choose fewer feature columns, filter rows in the Clean step, or pick the WASM or CPU backend.',
    );
  }
}
