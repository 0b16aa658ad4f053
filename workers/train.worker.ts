/**
 * The train worker: holds TensorFlow.js and trains models on the design matrices the data
 * worker posts to it. Backends are chosen explicitly (see `backend.ts`: Auto puts WASM first
 * without a hardware GPU, and with one times a few batches of the model on the GPU and on
 * WASM), never by TF.js's own priority, which picks WebGPU whenever `navigator.gpu` exists.
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { chooseBackend, type BackendPreference } from '../src/core/model/backend';
import { trainModel } from '../src/core/model/train';
import { networkShape } from '../src/core/model/models/network';
import { timeTrainingBatch, type NetworkShape } from '../src/core/model/models/probe';
import { forward } from '../src/core/model/predict';
import { classificationMetrics, regressionMetrics } from '../src/core/model/metrics';
import { permutationImportance } from '../src/core/model/importance';
import { planTrials, runSearch, type SearchSpace, type TrialResult } from '../src/core/model/tune';
import type { TrainingData, TrainSettings, TrainProgress, DesignMatrix } from '../src/core/model/types';
import { ModelError } from '../src/core/model/errors';

const jobs = new Map<string, AbortController>();

/**
 * What each backend can hold for training data, roughly: WebGL and WebGPU textures and buffers
 * share the GPU's memory with the page, and WASM has a 32-bit heap.
 */
const BACKEND_BYTES: Record<string, number> = { webgl: 1 << 30, webgpu: 1 << 30, wasm: 2 ** 31, cpu: 2 ** 32 };

/** Refuses data too large for the backend before TF.js fails half-way with an out-of-memory error. */
function checkMemory(data: TrainingData, backend: string): void {
  const values = (data.train.x.rows + data.validation.x.rows) * (data.preprocessor.width + 1);
  // The uploaded inputs and a batch's activations, with room to spare (WASM and CPU copy batches on the host
  // and upload only the validation part): about three times the data.
  const needed = values * 4 * 3;
  const limit = BACKEND_BYTES[backend] ?? BACKEND_BYTES.cpu;
  if (needed > limit) {
    const gb = (n: number) => `${(n / 2 ** 30).toFixed(1)} GB`;
    throw new ModelError(
      `The training data needs about ${gb(needed)} of memory on the ${backend} backend, which holds about ${gb(limit)}. ` +
        'Choose fewer feature columns, filter rows in the Clean step, or pick the WASM or CPU backend.',
    );
  }
}

/** The matrices the data worker posts through the channel. */
function receive(port: MessagePort): Promise<TrainingData> {
  return new Promise((resolve) => {
    port.onmessage = (event: MessageEvent<TrainingData>) => {
      port.close();
      resolve(event.data);
    };
  });
}

/** Sets the backend; for Auto with a hardware GPU, timed on a few batches of the network `shape` describes, if any. */
async function useBackend(preference: BackendPreference, shape: NetworkShape | null) {
  return chooseBackend(tf, preference, {
    setWasmPaths,
    wasmPaths: {
      'tfjs-backend-wasm.wasm': new URL(wasmPlain, self.location.href).href,
      'tfjs-backend-wasm-simd.wasm': new URL(wasmSimd, self.location.href).href,
      'tfjs-backend-wasm-threaded-simd.wasm': new URL(wasmThreaded, self.location.href).href,
    },
    timeBatch: shape ? () => timeTrainingBatch(tf, shape) : undefined,
  });
}

/** The network's shape when `settings` train one with TF.js (the closed-form models need no backend timing). */
function shapeOf(data: TrainingData, settings: TrainSettings): NetworkShape | null {
  return settings.kind === 'mlp' || settings.kind === 'logistic-regression' ? networkShape(data, settings) : null;
}

function score(data: TrainingData, output: Float32Array, y: Float32Array) {
  return (data.target.task === 'classification'
    ? classificationMetrics(y, output, data.target.classes)
    : regressionMetrics(y, output)) as Record<string, number | null>;
}

/** At most this many validation rows are permuted for feature importance: enough for a stable ranking. */
const IMPORTANCE_ROWS = 4000;

function headRows(x: DesignMatrix, y: Float32Array, rows: number): { x: DesignMatrix; y: Float32Array } {
  if (x.rows <= rows) return { x, y };
  return { x: { rows, width: x.width, values: x.values.subarray(0, rows * x.width) }, y: y.subarray(0, rows) };
}

/** Design-matrix columns of each feature, so a feature's one-hot block is permuted as one. */
function featureGroups(data: TrainingData) {
  const groups: { feature: string; columns: number[] }[] = [];
  let column = 0;
  for (const feature of data.preprocessor.features) {
    // A date feature takes one column per part it expands into (features.ts, kept out of this worker's bundle).
    const width = feature.kind === 'numeric' ? (feature.date?.mean.length ?? 1) : feature.categories.length + (feature.other ? 1 : 0);
    groups.push({ feature: feature.name, columns: Array.from({ length: width }, (_, i) => column + i) });
    column += width;
  }
  return groups;
}

const api = {
  async train(jobId: string, port: MessagePort, settings: TrainSettings, backend: BackendPreference, onProgress: (p: TrainProgress & { backend: string; tried: { name: string; error: string }[] }) => void) {
    const controller = new AbortController();
    jobs.set(jobId, controller);
    try {
      const data = await receive(port);
      const chosen = await useBackend(backend, shapeOf(data, settings));
      if (settings.kind === 'mlp' || settings.kind === 'logistic-regression') checkMemory(data, chosen.backend);
      const result = await trainModel(data, settings, {
        tf,
        signal: controller.signal,
        onProgress: (p) => onProgress({ ...p, backend: chosen.backend, tried: chosen.tried }),
      });
      const baseline = await trainModel(data, { ...settings, kind: 'baseline' }, { tf });
      const output = forward(result.parameters, data.validation.x);
      const sample = headRows(data.validation.x, data.validation.y, IMPORTANCE_ROWS);
      const importance = permutationImportance(
        (x) => forward(result.parameters, x), sample.x, sample.y, data.target.task, data.target.classes, featureGroups(data), { seed: settings.seed },
      );
      return {
        result,
        tried: chosen.tried,
        preprocessor: data.preprocessor,
        target: data.target,
        validation: {
          metrics: score(data, output, data.validation.y),
          baseline: score(data, forward(baseline.parameters, data.validation.x), data.validation.y),
          y: data.validation.y,
          output,
          importance,
        },
      };
    } finally {
      jobs.delete(jobId);
    }
  },

  async tune(
    jobId: string,
    port: MessagePort,
    base: TrainSettings,
    space: SearchSpace,
    plan: { strategy: 'grid' | 'random'; budget: number; validation: 'holdout' | { folds: number } },
    backend: BackendPreference,
    onTrial: (result: TrialResult, index: number, total: number) => void,
  ) {
    const controller = new AbortController();
    jobs.set(jobId, controller);
    try {
      const data = await receive(port);
      const chosen = await useBackend(backend, shapeOf(data, base));
      const { trials, total } = planTrials(base, space, plan.strategy, plan.budget, base.seed);
      const outcome = await runSearch(data, trials, { tf, validation: plan.validation, signal: controller.signal, onTrial });
      return { ...outcome, combinations: total, backend: chosen.backend };
    } finally {
      jobs.delete(jobId);
    }
  },

  cancel(jobId: string): void {
    jobs.get(jobId)?.abort();
  },
};

export type TrainApi = typeof api;
Comlink.expose(api);
