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
import { validationReport } from '../src/core/model/validation-report';
import { checkTrainingMemory } from '../src/core/model/backend-memory';
import { planTrials, runSearch, type SearchSpace, type TrialResult } from '../src/core/model/tune';
import { isTreeModelKind, type TrainingData, type TrainSettings, type TrainProgress } from '../src/core/model/types';
import { JobRegistry } from '../src/core/jobs';
import { TREES_BACKEND } from '../src/core/model/trees/boosting-model';

const jobs = new JobRegistry();

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

/** Whether `settings` train a model that needs a TF.js backend (the networks and closed-form models run on it today). */
function usesTfjs(settings: TrainSettings): boolean {
  return !isTreeModelKind(settings.kind);
}

const api = {
  train(jobId: string, port: MessagePort, settings: TrainSettings, backend: BackendPreference, onProgress: (p: TrainProgress & { backend: string; tried: { name: string; error: string }[] }) => void) {
    return jobs.run(jobId, async (signal) => {
      const data = await receive(port);
      // Tree learners run in plain TypeScript: no TF.js backend to choose (their memory is
      // checked by their learner, before any work).
      const chosen = usesTfjs(settings) ? await useBackend(backend, shapeOf(data, settings)) : { backend: TREES_BACKEND, tried: [] };
      if (settings.kind === 'mlp' || settings.kind === 'logistic-regression') checkTrainingMemory(data, chosen.backend);
      const result = await trainModel(data, settings, {
        tf,
        signal,
        onProgress: (p) => onProgress({ ...p, backend: chosen.backend, tried: chosen.tried }),
      });
      const baseline = await trainModel(data, { ...settings, kind: 'baseline' }, { tf });
      return {
        result,
        tried: chosen.tried,
        preprocessor: data.preprocessor,
        target: data.target,
        validation: validationReport(data, result.parameters, baseline.parameters, settings.seed, { columnGain: result.featureGain, outOfBag: result.outOfBag }),
      };
    });
  },

  tune(
    jobId: string,
    port: MessagePort,
    base: TrainSettings,
    space: SearchSpace,
    plan: { strategy: 'grid' | 'random'; budget: number; validation: 'holdout' | { folds: number } },
    backend: BackendPreference,
    onTrial: (result: TrialResult, index: number, total: number) => void,
  ) {
    return jobs.run(jobId, async (signal) => {
      const data = await receive(port);
      const chosen = usesTfjs(base) ? await useBackend(backend, shapeOf(data, base)) : { backend: TREES_BACKEND, tried: [] };
      const { trials, total } = planTrials(base, space, plan.strategy, plan.budget, base.seed);
      const outcome = await runSearch(data, trials, { tf, validation: plan.validation, signal, onTrial });
      return { ...outcome, combinations: total, backend: chosen.backend };
    });
  },

  cancel(jobId: string): void {
    jobs.cancel(jobId);
  },
};

export type TrainApi = typeof api;
Comlink.expose(api);
